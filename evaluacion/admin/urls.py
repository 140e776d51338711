"""The evaluation admin's URLs, mounted at /admin/evaluacion/ (namespace `evaluacion`) by
`wagtail_hooks`."""

from django.urls import path

from .reports import ProgressReportView, ScoredReportView
from .views import (
    AssignView,
    CallView,
    CriteriaView,
    CriterionDeleteView,
    CriterionEditView,
    DecisionView,
    EvaluateView,
    IndexView,
    MoveOnView,
    MyEvaluationsView,
    NoteView,
    RankingView,
    SheetPdfView,
    SheetView,
    UnassignView,
)


def urlpatterns():
    return [
        path("", IndexView.as_view(), name="index"),
        path("mis-evaluaciones/", MyEvaluationsView.as_view(), name="mine"),
        path("convocatoria/<int:call_id>/", CallView.as_view(), name="call"),
        path("convocatoria/<int:call_id>/criterios/", CriteriaView.as_view(), name="criteria"),
        path("convocatoria/<int:call_id>/criterios/nuevo/", CriterionEditView.as_view(), name="criterion_add"),
        path("criterios/<int:pk>/editar/", CriterionEditView.as_view(), name="criterion_edit"),
        path("criterios/<int:pk>/eliminar/", CriterionDeleteView.as_view(), name="criterion_delete"),
        path("convocatoria/<int:call_id>/asignar/", AssignView.as_view(), name="assign"),
        path("asignaciones/<int:pk>/retirar/", UnassignView.as_view(), name="unassign"),
        path("evaluar/<int:pk>/", EvaluateView.as_view(), name="evaluate"),
        path("propuesta/<int:pk>/notas/", NoteView.as_view(), name="note"),
        path("propuesta/<int:pk>/decision/", DecisionView.as_view(), name="decision"),
        path("propuesta/<int:pk>/cedula/", SheetView.as_view(), name="sheet"),
        path("propuesta/<int:pk>/cedula.pdf", SheetPdfView.as_view(), name="sheet_pdf"),
        path("convocatoria/<int:call_id>/avanzar/", MoveOnView.as_view(), name="move_on"),
        path("convocatoria/<int:call_id>/ranking/", RankingView.as_view(), name="ranking"),
        path("informes/avance/", ProgressReportView.as_view(), name="report_progress"),
        path("informes/avance/resultados/", ProgressReportView.as_view(results_only=True), name="report_progress_results"),
        path("informes/puntuaciones/", ScoredReportView.as_view(), name="report_scored"),
        path("informes/puntuaciones/resultados/", ScoredReportView.as_view(results_only=True), name="report_scored_results"),
    ]
