from django.urls import path

from . import views

urlpatterns = [
    path("", views.IdeasView.as_view(), name="ideas"),
    path("<str:kind>/", views.ShapeView.as_view(), name="shape"),
    path("revertir/<int:pk>/", views.RevertView.as_view(), name="revert"),
]
