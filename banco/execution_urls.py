"""Following projects (mounted at /banco/ejecucion/, namespace "ejecucion").

The staff screens of the execution monitoring live in the Wagtail admin (`wagtail_hooks`).
"""

from django.urls import path

from . import execution_views as views

app_name = "ejecucion"

urlpatterns = [
    path("<int:pk>/seguir/", views.follow_project, name="follow"),
    path("<int:pk>/dejar-de-seguir/", views.unfollow_project, name="unfollow"),
    path("dejar-de-seguir/<str:token>/", views.unfollow_link, name="unfollow_link"),
]
