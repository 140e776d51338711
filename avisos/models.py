"""Notifications (avisos): what people follow, what happened, who was told, staff messages.

A person follows a call or a territory (`Follow`, with the kinds of news they want from it); the
projects they follow are `banco.ProjectFollow` (execution updates). Something that happened is an
`Event` with a unique `key` (a phase that opened, a count that was published, an execution update,
a staff message): creating it twice is impossible, so nothing is sent twice. Each recipient gets
one `Notification` (the in-site list) and, unless their `Preferences` say otherwise, an email.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PHASE_OPENED = "phase_opened", _("Apertura de una fase")
    WORKSHOP_NEARBY = "workshop_nearby", _("Un taller cerca de usted")
    BALLOT_OPEN = "ballot_open", _("Apertura de la votación")
    RESULTS_PUBLISHED = "results_published", _("Publicación de resultados")
    EXECUTION_UPDATE = "execution_update", _("Avances de ejecución")
    STAFF_MESSAGE = "staff_message", _("Mensajes del equipo de la convocatoria")


#: The kinds a follow of a call or a territory chooses among (staff messages reach every follower).
FOLLOW_KINDS = (
    Kind.PHASE_OPENED,
    Kind.WORKSHOP_NEARBY,
    Kind.BALLOT_OPEN,
    Kind.RESULTS_PUBLISHED,
    Kind.EXECUTION_UPDATE,
)


class Follow(models.Model):
    """A person who follows a call or a territory, and what they want to hear from it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avisos_follows")
    call = models.ForeignKey(
        "convocatorias.CallPage", null=True, blank=True, on_delete=models.CASCADE, related_name="avisos_follows"
    )
    territory = models.ForeignKey(
        "convocatorias.Territory", null=True, blank=True, on_delete=models.CASCADE, related_name="avisos_follows"
    )
    phase_opened = models.BooleanField(_("apertura de fases"), default=True)
    workshop_nearby = models.BooleanField(_("talleres cercanos"), default=True)
    ballot_open = models.BooleanField(_("apertura de la votación"), default=True)
    results_published = models.BooleanField(_("resultados"), default=True)
    execution_update = models.BooleanField(_("avances de ejecución"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seguimiento")
        verbose_name_plural = _("seguimientos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(call__isnull=False, territory__isnull=True)
                | models.Q(call__isnull=True, territory__isnull=False),
                name="avisos_follow_one_target",
            ),
            models.UniqueConstraint(fields=["user", "call"], name="avisos_unique_call_follow"),
            models.UniqueConstraint(fields=["user", "territory"], name="avisos_unique_territory_follow"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.call_id or ''}{self.territory_id or ''}"

    def wants(self, kind):
        return bool(getattr(self, str(kind), False))


class Preferences(models.Model):
    """A person's choices for emails: none at all, or which kinds (the in-site list keeps all)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avisos_preferences")
    emails = models.BooleanField(_("recibir avisos por correo"), default=True)
    phase_opened = models.BooleanField(_("apertura de fases"), default=True)
    workshop_nearby = models.BooleanField(_("talleres cercanos"), default=True)
    ballot_open = models.BooleanField(_("apertura de la votación"), default=True)
    results_published = models.BooleanField(_("resultados"), default=True)
    execution_update = models.BooleanField(_("avances de ejecución"), default=True)
    staff_message = models.BooleanField(_("mensajes del equipo"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preferencias de avisos")
        verbose_name_plural = _("preferencias de avisos")

    def __str__(self):
        return str(self.user_id)

    def emails_for(self, kind):
        return self.emails and bool(getattr(self, str(kind), True))


class Event(models.Model):
    """Something people were told about, once: `key` is unique (e.g. ``phase:12``)."""

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(_("tipo"), max_length=30, choices=Kind.choices)
    call = models.ForeignKey(
        "convocatorias.CallPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    territory = models.ForeignKey(
        "convocatorias.Territory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal = models.ForeignKey(
        "propuestas.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("asunto"), max_length=200)
    body = models.TextField(_("texto"))
    url = models.CharField(_("enlace"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    recipients_count = models.PositiveIntegerField(_("destinatarios"), default=0)
    emails_sent = models.PositiveIntegerField(_("correos enviados"), default=0)
    batches_done = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("aviso enviado")
        verbose_name_plural = _("avisos enviados")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class Notification(models.Model):
    """One person's copy of an event, in their list of notifications."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avisos_notifications")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aviso")
        verbose_name_plural = _("avisos")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="avisos_one_notification_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="avisos_notification_unread")]

    def __str__(self):
        return f"{self.user_id}: {self.event_id}"


class StaffMessage(models.Model):
    """A message staff sent to the participants of a call (logged: who, when, to how many)."""

    call = models.ForeignKey("convocatorias.CallPage", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("asunto"), max_length=150)
    body = models.TextField(_("mensaje"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    event = models.OneToOneField(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recipients_count = models.PositiveIntegerField(_("destinatarios"), default=0)
    sent_at = models.DateTimeField(_("enviado"), auto_now_add=True)

    class Meta:
        verbose_name = _("mensaje del equipo")
        verbose_name_plural = _("mensajes del equipo")
        ordering = ["-sent_at"]
        permissions = [("send_staffmessage", _("Puede enviar mensajes a los participantes"))]

    def __str__(self):
        return self.subject
