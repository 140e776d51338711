"""The «Evaluación técnica» admin menu and the evaluation's reports menu items: evaluators see
«Mis evaluaciones», coordinators everything."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .. import services as evaluation


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return evaluation.is_coordinator(request.user)


class EvaluatorMenuItem(MenuItem):
    def is_shown(self, request):
        return evaluation.is_evaluator(request.user)


class EvaluationSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return evaluation.is_evaluator(request.user)


def evaluation_menu():
    submenu = Menu(
        items=[
            EvaluatorMenuItem(_("Mis evaluaciones"), reverse("evaluacion:mine"), icon_name="form", order=10),
            CoordinatorMenuItem(_("Convocatorias"), reverse("evaluacion:index"), icon_name="tasks", order=20),
            CoordinatorMenuItem(_("Avance"), reverse("evaluacion:report_progress"), icon_name="list-ul", order=30),
            CoordinatorMenuItem(_("Propuestas puntuadas"), reverse("evaluacion:report_scored"), icon_name="list-ol", order=40),
        ]
    )
    return EvaluationSubmenu(_("Evaluación técnica"), submenu, icon_name="tasks", name="evaluacion", order=260)


def progress_report_item():
    return CoordinatorMenuItem(
        _("Avance de la evaluación técnica"), reverse("evaluacion:report_progress"), icon_name="tasks", order=800
    )


def scored_report_item():
    return CoordinatorMenuItem(
        _("Propuestas puntuadas"), reverse("evaluacion:report_scored"), icon_name="list-ol", order=810
    )
