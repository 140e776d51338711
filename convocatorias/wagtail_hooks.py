from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import CallPage, Territory, Theme
from .selectors import with_schedule


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Ejes temáticos")
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    menu_label = _("Territorios")
    list_display = ["name", "code", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "municipality"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Catálogos")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ThemeViewSet, TerritoryViewSet)


register_snippet(CatalogueGroup)


class CallsPhasePanel(Component):
    """Dashboard panel: every call with the phase it is in and what it enables right now."""

    name = "calls_phases"
    order = 90
    template_name = "convocatorias/admin/calls_panel.html"

    def get_context_data(self, parent_context):
        now = timezone.now()
        user = parent_context["request"].user
        rows = []
        for call in with_schedule(CallPage.objects.order_by("-latest_revision_created_at", "pk"))[:20]:
            phase = call.current_phase(now)
            rows.append(
                {
                    "call": call,
                    # Staff who may not edit the call (evaluators, moderators, facilitators) get its
                    # public page, or no link, never a page the admin would refuse them.
                    "editable": call.permissions_for_user(user).can_edit(),
                    "phase": phase,
                    "next_phase": call.next_phase(now),
                    "status": call.status(now),
                }
            )
        return {"rows": rows, "now": now}


@hooks.register("construct_homepage_panels")
def add_calls_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(CallsPhasePanel())


# --- A new call from an earlier one -------------------------------------------------------------


@hooks.register("register_admin_urls")
def copy_call_urls():
    return [path("convocatorias/<int:page_id>/nueva-a-partir/", admin_views.copy_call_view, name="convocatorias_copy")]


def _copy_button(page, user, priority):
    if page.specific_class is None or not issubclass(page.specific_class, CallPage):
        return
    if not page.get_parent().permissions_for_user(user).can_add_subpage():
        return
    yield Button(
        _("Nueva convocatoria a partir de esta"),
        reverse("convocatorias_copy", args=[page.pk]),
        icon_name="copy",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def copy_call_header_button(page, user, view_name=None, next_url=None):
    yield from _copy_button(page, user, 35)


@hooks.register("register_page_listing_more_buttons")
def copy_call_listing_button(page, user, next_url=None):
    yield from _copy_button(page, user, 25)
