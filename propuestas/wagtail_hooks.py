"""Registers the staff screens of proposals in the Wagtail admin; they live in `admin/`.

- the read-only «Propuestas» viewset (review: admit, reject, hide, show), its bulk actions and
  the moderators' dashboard panel;
- comment moderation («Comentarios»).
"""

from django.urls import include, path
from wagtail import hooks

from . import rules
from .admin import comments
from .admin.bulk_actions import BULK_ACTIONS
from .admin.panels import ReviewQueuePanel
from .admin.viewsets import proposal_viewset


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    return proposal_viewset


for _action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action_class)


@hooks.register("construct_homepage_panels")
def add_review_queue_panel(request, panels):
    if rules.is_moderator(request.user):
        panels.append(ReviewQueuePanel())


@hooks.register("register_admin_urls")
def register_comment_moderation_urls():
    return [path("comentarios/", include((comments.urlpatterns(), comments.NS), namespace=comments.NS))]


@hooks.register("register_admin_menu_item")
def register_comment_moderation_menu_item():
    return comments.menu_item()
