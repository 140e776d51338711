"""The URLs of the "Votaciones" admin screens (under /admin/votaciones/, namespace `votaciones_admin`)."""

from django.urls import path

from . import admin_views as views

urlpatterns = [
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
