"""The plans in the Wagtail admin: plans and their items as snippets (editors)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Plan, PlanItem


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "list-ul"
    menu_label = _("Planes")
    list_display = ["name", "level", "municipality", "territory", "start_year", "end_year"]
    list_filter = ["level", "municipality"]
    search_fields = ["name", "municipality"]
    panels = [
        FieldPanel("name"),
        FieldPanel("level"),
        FieldPanel("municipality"),
        FieldPanel("territory"),
        FieldPanel("start_year"),
        FieldPanel("end_year"),
        FieldPanel("description"),
        FieldPanel("source_url"),
        FieldPanel("slug"),
    ]


class PlanItemViewSet(SnippetViewSet):
    model = PlanItem
    icon = "list-ol"
    menu_label = _("Ejes, programas y metas")
    list_display = ["__str__", "kind", "plan", "parent"]  # code and name in one cell: "1.2 Movilidad"
    list_filter = ["plan", "kind"]
    search_fields = ["code", "name"]
    panels = [
        FieldPanel("plan"),
        FieldPanel("parent"),
        FieldPanel("kind"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class PlansGroup(SnippetViewSetGroup):
    items = (PlanViewSet, PlanItemViewSet)
    menu_icon = "list-ul"
    menu_label = _("Planes de desarrollo")
    menu_name = "planes"
    menu_order = 265
