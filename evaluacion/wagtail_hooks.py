"""Registers the technical evaluation in the Wagtail admin; the screens live in `admin/`."""

from django.urls import include, path
from wagtail import hooks

from .admin import menu, panels, urls
from .admin.base import NS


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    return [path("evaluacion/", include((urls.urlpatterns(), NS), namespace=NS))]


@hooks.register("register_admin_menu_item")
def register_evaluation_menu():
    return menu.evaluation_menu()


@hooks.register("register_reports_menu_item")
def register_evaluation_progress_report():
    return menu.progress_report_item()


@hooks.register("register_reports_menu_item")
def register_evaluation_scored_report():
    return menu.scored_report_item()


@hooks.register("construct_homepage_panels")
def add_pending_evaluations_panel(request, panels_list):
    panels.homepage_panels(request, panels_list)
