"""The «Evaluación técnica» admin menu and the evaluation's reports menu items: evaluators see
«Mis evaluaciones», coordinators everything."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu

from portal.admin.menu import PermissionMenuItem, PermissionSubmenuMenuItem

from .. import services as evaluation


def coordinator_item(*args, **kwargs):
    return PermissionMenuItem(*args, allowed=evaluation.is_coordinator, **kwargs)


def evaluator_item(*args, **kwargs):
    return PermissionMenuItem(*args, allowed=evaluation.is_evaluator, **kwargs)


def evaluation_menu():
    submenu = Menu(
        items=[
            evaluator_item(_("Mis evaluaciones"), reverse("evaluacion:mine"), icon_name="form", order=10),
            coordinator_item(_("Convocatorias"), reverse("evaluacion:index"), icon_name="tasks", order=20),
            coordinator_item(_("Avance"), reverse("evaluacion:report_progress"), icon_name="list-ul", order=30),
            coordinator_item(_("Propuestas puntuadas"), reverse("evaluacion:report_scored"), icon_name="list-ol", order=40),
        ]
    )
    return PermissionSubmenuMenuItem(
        _("Evaluación técnica"), submenu, icon_name="tasks", name="evaluacion", order=260, allowed=evaluation.is_evaluator
    )


def progress_report_item():
    return coordinator_item(
        _("Avance de la evaluación técnica"), reverse("evaluacion:report_progress"), icon_name="tasks", order=800
    )


def scored_report_item():
    return coordinator_item(
        _("Propuestas puntuadas"), reverse("evaluacion:report_scored"), icon_name="list-ol", order=810
    )
