"""The catalogues editors keep: themes and territories (Wagtail snippets, menu "Catálogos")."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Territory, Theme


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
