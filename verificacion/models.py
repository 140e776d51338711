"""The census (padrón), the verified residents and the audit of the verification desk.

Document numbers are never stored: a census entry and a verification keep only the keyed hash
of the document (`documents.digest`). A verification copies what the vote needs (the census
territory and the birth date), so it outlives the census rows, which are deleted after their
retention date (`purge_census`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    TI = "TI", _("Tarjeta de identidad")
    CE = "CE", _("Cédula de extranjería")
    PPT = "PPT", _("Permiso por protección temporal")
    PA = "PA", _("Pasaporte")
    INE = "INE", _("Credencial para votar (INE)")
    CURP = "CURP", _("CURP")


class CensusImport(models.Model):
    """One import of a census file for a scope (a name such as "padrón 2026" or "comuna 8").
    The last active import of a scope holds its rows; older ones are kept as history."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Vigente")
        REPLACED = "replaced", _("Reemplazado")
        PURGED = "purged", _("Borrado por retención")

    scope = models.CharField(_("alcance"), max_length=100)
    file_name = models.CharField(_("archivo"), max_length=255, blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    rows = models.PositiveIntegerField(_("filas"), default=0)
    per_territory = models.JSONField(_("filas por territorio"), default=dict, blank=True)
    retain_until = models.DateField(_("conservar hasta"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importado por"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("importado"), auto_now_add=True)
    ended_at = models.DateTimeField(_("reemplazado o borrado"), null=True, blank=True)

    class Meta:
        verbose_name = _("importación del padrón")
        verbose_name_plural = _("importaciones del padrón")
        ordering = ["-imported_at", "-pk"]
        permissions = [("manage_census", _("Puede importar el padrón"))]

    def __str__(self):
        return f"{self.scope} ({self.imported_at:%Y-%m-%d})"


class CensusEntry(models.Model):
    """A resident in the census: document type, keyed hash of the number, birth date, territory."""

    census_import = models.ForeignKey(CensusImport, on_delete=models.CASCADE, related_name="entries")
    document_type = models.CharField(_("tipo de documento"), max_length=5, choices=DocumentType.choices)
    digest = models.CharField(_("huella del documento"), max_length=64, unique=True)
    birth_date = models.DateField(_("fecha de nacimiento"))
    territory = models.ForeignKey(
        "convocatorias.Territory", verbose_name=_("territorio"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("persona del padrón")
        verbose_name_plural = _("personas del padrón")

    def __str__(self):
        return _("Persona del padrón %(id)s") % {"id": self.pk}


class Verification(models.Model):
    """An account verified as a census resident: once, online or at a desk. One document
    verifies at most one account (the unique digest)."""

    class Method(models.TextChoices):
        ONLINE = "online", _("En línea, con el padrón")
        DESK = "desk", _("En un punto de atención")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification")
    document_type = models.CharField(_("tipo de documento"), max_length=5, choices=DocumentType.choices)
    digest = models.CharField(_("huella del documento"), max_length=64, unique=True)
    territory = models.ForeignKey(
        "convocatorias.Territory", verbose_name=_("territorio"), on_delete=models.PROTECT, related_name="+"
    )
    birth_date = models.DateField(_("fecha de nacimiento"), null=True, blank=True)
    method = models.CharField(_("método"), max_length=10, choices=Method.choices)
    verified_at = models.DateTimeField(_("verificada"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verificada por"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(_("lugar"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("verificación")
        verbose_name_plural = _("verificaciones")
        permissions = [("verify_at_desk", _("Puede verificar personas en un punto de atención"))]

    def __str__(self):
        return _("Verificación %(id)s") % {"id": self.pk}


class InPersonRequest(models.Model):
    """A person not found in the census asks to be verified at a desk."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_requests")
    message = models.TextField(_("mensaje"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("pedida"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("atendida"), null=True, blank=True)

    class Meta:
        verbose_name = _("solicitud de verificación presencial")
        verbose_name_plural = _("solicitudes de verificación presencial")
        ordering = ["-created_at", "-pk"]


class DeskAction(models.Model):
    """The audit of the desk: who did what, when and where (never a document number)."""

    class Kind(models.TextChoices):
        LOOKUP = "lookup", _("Consulta")
        VERIFY = "verify", _("Verificación de una cuenta")
        CODE = "code", _("Código entregado")
        PAPER = "paper", _("Voto en papel")

    kind = models.CharField(_("acción"), max_length=10, choices=Kind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personal"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(_("lugar"), max_length=200)
    box = models.ForeignKey("votaciones.BallotBox", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("persona (huella)"), max_length=64, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cuenta"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("acción de verificación")
        verbose_name_plural = _("acciones de verificación")
        ordering = ["-at", "-pk"]
