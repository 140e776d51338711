"""Public voting pages (mounted at /votar/). Results live on the call page (…/resultados/)."""

from django.urls import path

from . import views

app_name = "votaciones"

urlpatterns = [
    path("convocatoria/<int:call_id>/", views.call_boxes, name="call"),
    path("urna/<int:box_id>/", views.ballot, name="ballot"),
    path("urna/<int:box_id>/recibo/", views.receipt, name="receipt"),
    path("urna/<int:box_id>/huellas/", views.fingerprints, name="fingerprints"),
    path("urna/<int:box_id>/huellas.txt", views.fingerprints_text, name="fingerprints_text"),
    path("codigo/", views.code_entry, name="code"),
    path("codigo/papeleta/", views.code_ballot, name="code_ballot"),
    path("codigo/recibo/", views.code_receipt, name="code_receipt"),
    path("comprobar/", views.check_receipt, name="check_receipt"),
]
