"""Admin registration: workshops (snippets with their tables and materials), university groups,
and the «Ideas y proyectos» screens (talleres/admin/)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin.menu import PermissionMenuItem

from .admin import views
from .admin.urls import urlpatterns
from .models import UniversityGroupProfile, Workshop


class WorkshopViewSet(SnippetViewSet):
    model = Workshop
    icon = "group"
    menu_label = _("Talleres y encuentros")
    menu_name = "workshops"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "kind", "starts_at", "territory", "call"]
    list_filter = ["kind", "published"]
    search_fields = ["title", "place", "series"]
    copy_view_enabled = False


class UniversityGroupViewSet(SnippetViewSet):
    model = UniversityGroupProfile
    icon = "group"
    menu_label = _("Grupos universitarios")
    menu_name = "university-groups"
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["group", "institution"]
    copy_view_enabled = False


register_snippet(WorkshopViewSet)
register_snippet(UniversityGroupViewSet)


@hooks.register("register_admin_urls")
def register_talleres_admin_urls():
    return [path("ideas-y-proyectos/", include((urlpatterns, views.NS), namespace=views.NS))]


@hooks.register("register_admin_menu_item")
def register_ideas_menu():
    return PermissionMenuItem(
        _("Ideas y proyectos"),
        reverse(f"{views.NS}:ideas"),
        name="ideas-projects",
        icon_name="resubmit",
        order=280,
        permission=views.SHAPE,
    )
