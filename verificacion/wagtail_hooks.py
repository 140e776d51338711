"""Registers the "Verificación" section of the Wagtail admin: the census and the desk (the screens
live in `admin_views`, their URLs in `admin_urls`)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu

from portal.admin.menu import PermissionMenuItem, PermissionSubmenuMenuItem

from . import admin_views as views
from .admin_urls import urlpatterns

NS = views.NS


@hooks.register("register_admin_urls")
def register_verification_admin_urls():
    return [path("verificacion/", include((urlpatterns, NS), namespace=NS))]


@hooks.register("register_admin_menu_item")
def register_verification_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Mesa de verificación"), reverse(f"{NS}:desk"), name="verification-desk", icon_name="user", order=100, permission=views.DESK
            ),
            PermissionMenuItem(
                _("Solicitudes presenciales"), reverse(f"{NS}:requests"), name="verification-requests", icon_name="mail", order=150, permission=views.DESK
            ),
            PermissionMenuItem(
                _("Padrón"), reverse(f"{NS}:census"), name="verification-census", icon_name="doc-full", order=200, permission=views.MANAGE_CENSUS
            ),
        ]
    )
    return PermissionSubmenuMenuItem(
        _("Verificación"),
        menu,
        name="verificacion",
        icon_name="user",
        order=280,
        allowed=lambda user: user.has_perm(views.DESK) or user.has_perm(views.MANAGE_CENSUS),
    )
