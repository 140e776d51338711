"""The "Votaciones" section of the Wagtail admin: workshops (sessions, codes, paper ballots) for
facilitators and the count of the results for the staff who hold `votaciones.tally_results`.

Ballots and their choices are deliberately not registered anywhere in the admin (no viewset, no
snippet): no staff screen joins a person to what they voted. The screens live in `admin_views`.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views as views
from .admin_alternatives import alternative_groups

NS = views.NS


def _urls():
    return [
        path("talleres/", views.SessionListView.as_view(), name="sessions"),
        path("talleres/nuevo/", views.SessionCreateView.as_view(), name="session_create"),
        path("talleres/<int:pk>/", views.SessionDetailView.as_view(), name="session"),
        path("talleres/<int:pk>/codigos/", views.GenerateCodesView.as_view(), name="codes"),
        path("talleres/<int:pk>/anular/", views.VoidAllView.as_view(), name="void_all"),
        path("talleres/<int:pk>/anular-codigo/", views.VoidCodeView.as_view(), name="void_code"),
        path("talleres/<int:pk>/papeleta/", views.PaperBallotView.as_view(), name="paper"),
        path("talleres/<int:pk>/papeletas-csv/", views.PaperUploadView.as_view(), name="paper_upload"),
        path("talleres/<int:pk>/plantilla.csv", views.PaperTemplateView.as_view(), name="paper_template"),
        path("resultados/", views.ResultsIndexView.as_view(), name="results"),
        path("resultados/<int:pk>/", views.CallResultsView.as_view(), name="call_results"),
        path("resultados/<int:pk>/calcular/", views.TallyView.as_view(), name="tally"),
    ]


@hooks.register("register_admin_viewset")
def register_alternatives_viewset():
    return alternative_groups


@hooks.register("register_admin_urls")
def register_voting_admin_urls():
    return [path("votaciones/", include((_urls(), NS), namespace=NS))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


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
