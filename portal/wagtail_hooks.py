"""Registers the portal's admin screens (portal/admin/) with Wagtail."""

from wagtail.snippets.models import register_snippet

from .admin.viewsets import CapsuleViewSet

register_snippet(CapsuleViewSet)
