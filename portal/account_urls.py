from django.urls import path

from . import account_views

urlpatterns = [
    path("", account_views.profile, name="profile"),
    path("datos/", account_views.profile_export, name="profile_export"),
    path("eliminar/", account_views.account_delete, name="account_delete"),
]
