"""`manage.py ensure_roles`: create or complete the staff groups and their permissions.

Run it once after the first `migrate` and again after each upgrade (it is idempotent): the groups
(Editors, Evaluadores, Moderadores, Coordinación de evaluación, Facilitadores) get the permissions
`portal/roles.py` gives them, and nothing else is changed.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from portal.roles import ensure_roles


class Command(BaseCommand):
    help = "Crea o completa los grupos del personal (roles) con sus permisos. Idempotente."

    def handle(self, *args, **options):
        try:
            ensure_roles()
        except DatabaseError as error:
            raise CommandError(f"No se pudieron crear los roles: ¿se ejecutó `migrate`? ({error})") from error
        for group in Group.objects.order_by("name").prefetch_related("permissions"):
            self.stdout.write(f"{group.name}: {len(group.permissions.all())} permisos")
        self.stdout.write(self.style.SUCCESS("Roles al día."))
