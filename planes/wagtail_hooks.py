"""The development plans in the Wagtail admin: the snippets' menu and the alignment screen."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import alignment
from .admin.viewsets import PlansGroup

register_snippet(PlansGroup)


@hooks.register("register_admin_urls")
def register_alignment_urls():
    return [path("planes/", include((alignment.admin_urlpatterns(), alignment.ADMIN_NS), namespace=alignment.ADMIN_NS))]
