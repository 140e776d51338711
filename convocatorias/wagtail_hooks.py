from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Territory, Theme


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
