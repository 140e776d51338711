"""Registers the calls' admin pieces (convocatorias/admin/) with Wagtail."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin.panels import CallsPhasePanel
from .admin.views import copy_call_buttons, copy_call_view
from .admin.viewsets import CatalogueGroup

register_snippet(CatalogueGroup)


@hooks.register("construct_homepage_panels")
def add_calls_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(CallsPhasePanel())


@hooks.register("register_admin_urls")
def copy_call_urls():
    return [path("convocatorias/<int:page_id>/nueva-a-partir/", copy_call_view, name="convocatorias_copy")]


@hooks.register("register_page_header_buttons")
def copy_call_header_button(page, user, view_name=None, next_url=None):
    yield from copy_call_buttons(page, user, 35)


@hooks.register("register_page_listing_more_buttons")
def copy_call_listing_button(page, user, next_url=None):
    yield from copy_call_buttons(page, user, 25)
