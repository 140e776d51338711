"""Staff screens of proposals in the Wagtail admin, registered by `propuestas.wagtail_hooks`.

- `actions`: what a moderator does to a proposal (admit, reject, hide, show) and the reason form;
- `views`: the listing, the inspect page and the page of one review action;
- `viewsets`: the read-only «Propuestas» viewset that serves them;
- `bulk_actions`: the review actions on many proposals at once;
- `panels`: the moderators' dashboard panel (proposals waiting for review);
- `comments`: comment moderation («Comentarios»).

Moderators (`propuestas.review_proposal`) admit, reject, hide and show proposals one by one or in
bulk; every action goes through `services`, so the history is recorded and the author emailed,
and whatever a service refuses is reported per proposal and changes nothing for it. Nobody edits
a citizen's text here and nobody adds proposals: there are no add, edit, copy or delete views.
"""
