"""Comment addresses (mounted at /comentarios/). Only what the site uses: posting goes through
`comment_views` (who may comment and when); django-comments-xtd's REST API, its email
confirmation and django-comments' delete/approve views are not exposed (moderators work in the
Wagtail admin). The URL names are the libraries' own, which their code reverses."""

from django.contrib.contenttypes.views import shortcut
from django.urls import path
from django_comments_xtd import views as xtd_views

from . import comment_views

urlpatterns = [
    path("post/", comment_views.post, name="comments-post-comment"),
    path("reply/<int:cid>/", comment_views.reply, name="comments-xtd-reply"),
    path("flag/<int:comment_id>/", comment_views.flag, name="comments-flag"),
    path("like/<int:comment_id>/", comment_views.like, name="comments-xtd-like"),
    path("dislike/<int:comment_id>/", comment_views.dislike, name="comments-xtd-dislike"),
    # The "stop emailing me" link of the follow-up emails (a signed key).
    path("mute/<str:key>/", xtd_views.mute, name="comments-xtd-mute"),
    # Comment.get_absolute_url() goes through this redirect to the proposal page.
    path("cr/<int:content_type_id>/<str:object_id>/", shortcut, name="comments-url-redirect"),
]
