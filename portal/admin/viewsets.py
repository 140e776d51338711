"""The portal's admin screens: the cápsulas del saber of the pedagogy (a Wagtail snippet)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Capsule


class CapsuleViewSet(SnippetViewSet):
    model = Capsule
    icon = "pick"
    menu_label = _("Cápsulas del saber")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "kind", "show_on_home", "published_at"]
    list_filter = ["kind", "show_on_home", "themes"]
    search_fields = ["title", "body"]
