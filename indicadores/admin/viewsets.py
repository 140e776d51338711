"""The indicators' catalogue in the admin (Wagtail snippets, menu «Indicadores»)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Indicator, IndicatorCategory, IndicatorValue, ProjectIndicator


class CategoryViewSet(SnippetViewSet):
    model = IndicatorCategory
    icon = "folder-open-inverse"
    menu_label = _("Categorías")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    add_to_admin_menu = False


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Catálogo")
    list_display = ["code", "name", "category", "unit", "level"]
    list_filter = ["category", "level", "periodicity", "featured"]
    search_fields = ["code", "name"]
    add_to_admin_menu = False


class ValueViewSet(SnippetViewSet):
    model = IndicatorValue
    icon = "list-ul"
    menu_label = _("Valores")
    list_display = ["indicator", "territory", "period", "value"]
    list_filter = ["indicator__category", "territory__kind"]
    add_to_admin_menu = False

    def get_queryset(self, request):
        return IndicatorValue.objects.select_related("indicator", "territory").order_by("indicator__code", "territory__name", "period")


class ImpactViewSet(SnippetViewSet):
    model = ProjectIndicator
    icon = "pick"
    menu_label = _("Indicadores de impacto")
    list_display = ["proposal", "indicator", "baseline_value", "target_value"]
    add_to_admin_menu = False

    def get_queryset(self, request):
        return ProjectIndicator.objects.select_related("proposal", "indicator")


VIEWSETS = (CategoryViewSet, IndicatorViewSet, ValueViewSet, ImpactViewSet)
