"""The execution monitoring (seguimiento) in the Wagtail admin: URLs and the "Seguimiento" menu.

The screens live in `execution_views` (staff section); the rules in `execution`.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.admin.menu import PermissionMenuItem

from . import execution, execution_views, registry, registry_views


@hooks.register("register_admin_urls")
def register_execution_urls():
    return [
        path(
            "seguimiento/",
            include((execution_views.admin_urlpatterns(), execution_views.ADMIN_NS), namespace=execution_views.ADMIN_NS),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_execution_menu():
    return PermissionMenuItem(
        _("Seguimiento"),
        reverse("seguimiento:index"),
        icon_name="time",
        name="seguimiento",
        order=270,
        allowed=execution.may_post_updates,
    )


@hooks.register("register_admin_urls")
def register_registry_urls():
    return [
        path(
            "registro/",
            include((registry_views.admin_urlpatterns(), registry_views.ADMIN_NS), namespace=registry_views.ADMIN_NS),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_registry_menu():
    return PermissionMenuItem(
        _("Registro de proyectos"),
        reverse("registro:index"),
        icon_name="folder-open-inverse",
        name="registro",
        order=268,
        allowed=registry.may_view,
    )
