from django.urls import path

from . import views

app_name = "verificacion"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("presencial/", views.request_in_person, name="request_in_person"),
]
