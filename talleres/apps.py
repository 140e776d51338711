from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalleresConfig(AppConfig):
    """Workshops and encuentros, attendance, ideas from the room and their path to the ballot."""

    name = "talleres"
    verbose_name = _("Talleres")

    def ready(self):
        from django.db.models.signals import post_init, post_save  # noqa: PLC0415

        from portal import pedagogy  # noqa: PLC0415
        from propuestas import extensions  # noqa: PLC0415

        from . import personal_data, sections, statistics  # noqa: PLC0415
        from .models import Workshop  # noqa: PLC0415

        personal_data.register()
        pedagogy.register_figures("talleres", statistics.pedagogy_figures)
        extensions.register_page_section(
            "talleres_origin",
            template_name="talleres/sections/origin.html",
            context=sections.origin_context,
            select_related=("workshop_origin__workshop", "workshop_origin__table", "group__university_profile"),
        )
        post_init.connect(_workshop_loaded, sender=Workshop, dispatch_uid="talleres_workshop_loaded")
        post_save.connect(_workshop_saved, sender=Workshop, dispatch_uid="talleres_workshop_saved")


def _workshop_loaded(sender, instance, **kwargs):
    instance._was_published = instance.published if instance.pk else None


def _workshop_saved(sender, instance, created, **kwargs):
    from . import services, signals  # noqa: PLC0415

    was_published = getattr(instance, "_was_published", None)
    services.sync_call_event(instance)
    if instance.published and (created or was_published is False):
        signals.send_on_commit(signals.workshop_published, workshop=instance)
    instance._was_published = instance.published
