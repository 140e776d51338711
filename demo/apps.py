from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site's content and `manage.py seed_demo`: installed by the development and test
    settings only, never in production. The top layer: it may import every app, none imports it."""

    name = "demo"
    verbose_name = "Demo"
