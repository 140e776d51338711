"""The "Verificación" section of the Wagtail admin: the census and the desk (see admin_views)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views as views

NS = views.NS


def _urls():
    return [
        path("padron/", views.CensusView.as_view(), name="census"),
        path("mesa/", views.DeskView.as_view(), name="desk"),
        path("solicitudes/", views.RequestsView.as_view(), name="requests"),
    ]


@hooks.register("register_admin_urls")
def register_verification_admin_urls():
    return [path("verificacion/", include((_urls(), NS), namespace=NS))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class SectionMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.DESK) or request.user.has_perm(views.MANAGE_CENSUS)


@hooks.register("register_admin_menu_item")
def register_verification_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(_("Mesa de verificación"), reverse(f"{NS}:desk"), name="verification-desk", icon_name="user", order=100, permission=views.DESK),
            PermissionMenuItem(
                _("Solicitudes presenciales"), reverse(f"{NS}:requests"), name="verification-requests", icon_name="mail", order=150, permission=views.DESK
            ),
            PermissionMenuItem(_("Padrón"), reverse(f"{NS}:census"), name="verification-census", icon_name="doc-full", order=200, permission=views.MANAGE_CENSUS),
        ]
    )
    return SectionMenuItem(_("Verificación"), menu, name="verificacion", icon_name="user", order=280)
