"""The notifications in the Wagtail admin: the "Mensajes a participantes" menu and its URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.admin.menu import PermissionMenuItem

from .admin import views
from .recipients import MESSAGE_PERMISSION


@hooks.register("register_admin_urls")
def register_avisos_urls():
    return [path("mensajes/", include((views.admin_urlpatterns(), views.ADMIN_NS), namespace=views.ADMIN_NS))]


@hooks.register("register_admin_menu_item")
def register_avisos_menu():
    return PermissionMenuItem(
        _("Mensajes a participantes"),
        reverse(f"{views.ADMIN_NS}:index"),
        icon_name="mail",
        name="mensajes",
        order=280,
        permission=MESSAGE_PERMISSION,
    )
