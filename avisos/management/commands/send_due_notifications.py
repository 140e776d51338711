"""Announce the phases that opened since the last run (run it every few minutes: cron, a timer).

Idempotent: each phase opening is recorded once (`avisos.Event`, key ``phase:<id>:<start>``), so
running it twice, or from two servers, sends nothing twice. Phases that opened more than
AVISOS_PHASE_LOOKBACK_HOURS ago (48 by default) are not announced late.
"""

from django.core.management.base import BaseCommand

from avisos.events import send_due_notifications


class Command(BaseCommand):
    help = "Avisa de las fases que abrieron desde la última ejecución (idempotente)."

    def handle(self, *args, **options):
        events = send_due_notifications()
        for event in events:
            self.stdout.write(event.subject)
        self.stdout.write(self.style.SUCCESS(f"{len(events)} aviso(s) en cola."))
