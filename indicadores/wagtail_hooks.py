"""Registers the «Indicadores» section of the Wagtail admin: the catalogue, values and impact
indicators (snippets, `admin/viewsets.py`) and the import screen (`admin/views.py`)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.snippets.models import register_snippet

from portal.admin.menu import PermissionMenuItem, PermissionSubmenuMenuItem

from .admin import views
from .admin.urls import urlpatterns
from .admin.viewsets import VIEWSETS

NS = views.NS

for viewset in VIEWSETS:
    register_snippet(viewset)


@hooks.register("register_admin_urls")
def register_indicator_admin_urls():
    return [path("indicadores/", include((urlpatterns, NS), namespace=NS))]


def _item(label, url_name, name, icon, order, permission):
    return PermissionMenuItem(label, reverse(url_name), name=name, icon_name=icon, order=order, permission=permission)


@hooks.register("register_admin_menu_item")
def register_indicator_menu():
    menu = Menu(
        items=[
            _item(_("Catálogo"), "wagtailsnippets_indicadores_indicator:list", "indicator-catalogue", "table", 100, "indicadores.view_indicator"),
            _item(_("Categorías"), "wagtailsnippets_indicadores_indicatorcategory:list", "indicator-categories", "folder-open-inverse", 150, "indicadores.view_indicatorcategory"),
            _item(_("Valores"), "wagtailsnippets_indicadores_indicatorvalue:list", "indicator-values", "list-ul", 200, "indicadores.view_indicatorvalue"),
            _item(_("Importar valores"), f"{NS}:import", "indicator-import", "upload", 250, views.IMPORT_PERMISSION),
            _item(_("Indicadores de impacto"), "wagtailsnippets_indicadores_projectindicator:list", "indicator-impact", "pick", 300, "indicadores.view_projectindicator"),
        ]
    )
    return PermissionSubmenuMenuItem(
        _("Indicadores"),
        menu,
        name="indicadores",
        icon_name="table",
        order=290,
        allowed=lambda user: user.has_perm("indicadores.view_indicator") or user.has_perm(views.IMPORT_PERMISSION),
    )
