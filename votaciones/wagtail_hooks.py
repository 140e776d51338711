"""The "Votaciones" section of the Wagtail admin: workshops (sessions, codes, paper ballots) for
facilitators and the count of the results for the staff who hold `votaciones.tally_results`.

Ballots and their choices are deliberately not registered anywhere in the admin (no viewset, no
snippet): no staff screen joins a person to what they voted. The screens live in `admin_views`
(URLs: `admin_urls`); this module only registers them.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from portal.admin.menu import PermissionMenuItem

from . import admin_views as views
from .admin_alternatives import alternative_groups
from .admin_urls import urlpatterns

NS = views.NS


@hooks.register("register_admin_viewset")
def register_alternatives_viewset():
    return alternative_groups


@hooks.register("register_admin_urls")
def register_voting_admin_urls():
    return [path("votaciones/", include((urlpatterns, NS), namespace=NS))]


@hooks.register("register_admin_menu_item")
def register_voting_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Talleres"),
                reverse(f"{NS}:sessions"),
                name="voting-workshops",
                icon_name="group",
                order=100,
                permission=views.FACILITATE,
            ),
            PermissionMenuItem(
                _("Alternativas"),
                alternative_groups.menu_url,
                name="voting-alternatives",
                icon_name="list-ul",
                order=150,
                permission="votaciones.view_alternativegroup",
            ),
            PermissionMenuItem(
                _("Resultados"),
                reverse(f"{NS}:results"),
                name="voting-results",
                icon_name="table",
                order=200,
                permission=views.TALLY,
            ),
        ]
    )
    return SubmenuMenuItem(_("Votaciones"), menu, name="votaciones", icon_name="tasks", order=270)
