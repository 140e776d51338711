"""Count the ballot boxes of calls whose vote has closed: ``manage.py tally_votes [--call SLUG] [--recount]``.

Run it from cron shortly after a vote closes (the results page also counts a closed box that has
no result yet when someone first opens it). ``--recount`` counts again boxes that already have a
result, e.g. after paper ballots were added.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from convocatorias.models import CallPage
from portal.errors import ActionRefused
from votaciones.services import ensure_boxes, voting_closed
from votaciones.tally import tally_box


class Command(BaseCommand):
    help = "Calcula los resultados de las votaciones cerradas (una urna por territorio)."

    def add_arguments(self, parser):
        parser.add_argument("--call", help="identificador (slug) de una convocatoria")
        parser.add_argument("--recount", action="store_true", help="volver a contar urnas con resultado")

    def handle(self, *args, **options):
        now = timezone.now()
        calls = CallPage.objects.live().specific()
        if options["call"]:
            calls = calls.filter(slug=options["call"])
            if not calls:
                raise CommandError(f"No hay ninguna convocatoria publicada «{options['call']}».")
        counted = 0
        for call in calls:
            if not voting_closed(call, now):
                if options["call"]:
                    raise CommandError(f"La votación de «{call.title}» no ha cerrado.")
                continue
            boxes = ensure_boxes(call)
            for number, box in enumerate(boxes, 1):
                label = f"[{number}/{len(boxes)}] {call.title} · {box.territory}"
                if hasattr(box, "result") and not options["recount"]:
                    self.stdout.write(f"{label}: ya contada (use --recount para contar de nuevo)")
                    continue
                try:
                    result = tally_box(box, now=now)
                except ActionRefused as refused:
                    self.stderr.write(f"{label}: {refused.message}")
                    continue
                counted += 1
                self.stdout.write(
                    f"{label}: {result.ballots_count} papeletas, {len(result.winners)} ganadoras, "
                    f"{result.budget_used:,} de {result.budget:,}"
                )
        self.stdout.write(self.style.SUCCESS(f"Urnas contadas: {counted}"))
