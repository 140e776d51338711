"""What the registry's import commands share."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def run_as(username):
    """The staff account the import is recorded under (history, execution updates)."""
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(**{get_user_model().USERNAME_FIELD: username}).first() if username else users.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        raise CommandError("No hay una cuenta con la que registrar la importación: use --user.")
    return user


def open_file(path):
    try:
        return open(path, "rb")
    except OSError as error:
        raise CommandError(f"No se puede abrir {path}: {error.strerror}") from None


def show_report(command, report):
    if not report.ok:
        for error in report.errors:
            command.stderr.write(str(error))
        if report.hidden_errors:
            command.stderr.write(f"… y {report.hidden_errors} errores más.")
        return
    command.stdout.write(
        command.style.SUCCESS(
            f"{report.lines:,} líneas: {report.created:,} nuevas, {report.updated:,} actualizadas, {report.unchanged:,} sin cambios."
        )
    )
