"""Load a real election (pabulib .pb file) as the ballot box of one territory of a call.

    manage.py import_pabulib FILE.pb --call SLUG [--territory NAME] [--replace]

Creates the territory if needed (named after the file's META district, subunit or unit), adds it
to the call with the file's budget as ceiling, one proposal per project (on the ballot) and one
ballot per vote (channel «importada», random receipt fingerprint), all in one transaction.
"""

import hashlib
import secrets
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from convocatorias.models import CallPage, CallTerritory, Territory
from propuestas.models import SUMMARY_MAX_LENGTH, Proposal, ProposalEvent
from votaciones.models import Ballot, BallotChoice, BoxResult
from votaciones.results import PabulibError, id_key, read_pabulib
from votaciones.results.election import POINT_TYPES
from votaciones.services import box_for

BATCH = 5000


def random_fingerprint():
    """A unique fingerprint for a ballot without receipt (nobody holds a code for it)."""
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def find_call(slug):
    calls = list(CallPage.objects.filter(slug=slug))
    if not calls:
        raise CommandError(f"No existe una convocatoria con el identificador «{slug}».")
    if len(calls) > 1:
        raise CommandError(f"Hay varias convocatorias con el identificador «{slug}»: cambie el de una de ellas.")
    return calls[0]


def _coordinate(text, limit):
    try:
        value = Decimal(str(text).strip().replace(",", ".")).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None
    return value if -limit <= value <= limit else None


class Command(BaseCommand):
    help = (
        "Carga una votación real (fichero pabulib .pb) como la urna de un territorio de una "
        "convocatoria: territorio, techo, proyectos y papeletas importadas."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichero .pb (formato pabulib)")
        parser.add_argument("--call", required=True, help="identificador (slug) de la convocatoria")
        parser.add_argument(
            "--territory",
            help="territorio de la convocatoria (id, código o nombre); si no existe se crea con ese nombre. "
            "Por defecto: el distrito o subunidad del META del fichero.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="sustituye las papeletas que ya tenga la urna del territorio (y su resultado calculado)",
        )

    def handle(self, *args, file, call, territory=None, replace=False, **options):
        path = Path(file)
        started = time.monotonic()
        try:
            # the platform's ballots obey the call's rules and its money is whole units
            election = read_pabulib(path, strict=True)
        except FileNotFoundError:
            raise CommandError(f"No existe el fichero {path}.") from None
        except (IsADirectoryError, PermissionError) as error:
            raise CommandError(f"No se puede leer {path}: {error.strerror}.") from None
        except PabulibError as error:
            raise CommandError(f"{path.name}: {error}") from None
        if election.money_scale != 1:
            raise CommandError(
                f"{path.name}: el presupuesto o los costes tienen decimales; la plataforma cuenta "
                "el dinero en unidades enteras."
            )
        self.stdout.write(
            f"{path.name}: {len(election.projects)} proyectos, {len(election.ballots)} votos, "
            f"presupuesto {election.budget}."
        )
        page = find_call(call)
        theme = page.themes.order_by("pk").first()
        if theme is None:
            raise CommandError(
                f"La convocatoria «{page.title}» no tiene ejes temáticos: añada al menos uno antes de importar."
            )
        points = election.vote_type in POINT_TYPES
        if points and page.ballot_type != CallPage.BallotType.CUMULATIVE:
            self.stderr.write(
                f"Aviso: el fichero tiene votos con puntos ({election.vote_type}) y la convocatoria usa "
                f"papeletas de tipo «{page.get_ballot_type_display()}»: el conteo no usará los puntos."
            )
        for ballot in election.ballots if points else ():
            for value in ballot.points:
                if value != int(value) or value < 0:
                    raise CommandError("El fichero tiene puntuaciones no enteras o negativas: no se pueden importar.")
        with transaction.atomic():
            place = self.territory(page, election, territory, path)
            self.add_to_call(page, place, election.budget)
            box = box_for(call=page, territory=place)
            box.call = page
            existing = Ballot.objects.filter(box=box)
            if existing.exists():
                if not replace:
                    raise CommandError(
                        f"La urna de {place} en «{page.title}» ya tiene {existing.count()} papeletas. "
                        "Use --replace para sustituirlas."
                    )
                BallotChoice.objects.filter(ballot__box=box).delete()
                removed, _ = existing.delete()
                BoxResult.objects.filter(box=box).delete()
                self.stdout.write(f"Se eliminaron las papeletas anteriores de la urna ({removed}).")
            proposals = self.proposals(page, place, theme, election, path)
            self.ballots(box, election, proposals, points)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Importadas {len(election.ballots)} papeletas y {len(proposals)} proyectos en {place} "
                f"({page.title}) en {elapsed:.1f} s."
            )
        )

    # --- territory and ceiling ------------------------------------------------------------------

    def territory(self, page, election, wanted, path):
        meta = election.meta
        in_call = list(Territory.objects.filter(pk__in=page.territories.values("territory_id")))
        if wanted:
            text = wanted.strip()
            for place in in_call:
                if str(place.pk) == text or (place.code and place.code == text) or slugify(place.name) == slugify(text):
                    return place
            if text.isdigit():
                found = Territory.objects.filter(pk=int(text)).first()
                if found:
                    return found
            name, kind = text, Territory.Kind.DISTRITO
        elif meta.get("district") or meta.get("subunit"):
            name, kind = meta.get("district") or meta.get("subunit"), Territory.Kind.DISTRITO
        elif meta.get("unit"):
            name, kind = meta["unit"], Territory.Kind.MUNICIPIO
        else:
            name, kind = path.stem.replace("_", " "), Territory.Kind.DISTRITO
        name = name[:150]
        municipality = (meta.get("unit") or name)[:150]
        for place in in_call:
            if slugify(place.name) == slugify(name):
                return place
        place, created = Territory.objects.get_or_create(name=name, municipality=municipality, kind=kind)
        if created:
            self.stdout.write(f"Territorio creado: {place}.")
        return place

    def add_to_call(self, page, place, budget):
        """Put the territory in the call with the file's budget as ceiling (a new page revision)."""
        item = CallTerritory.objects.filter(call=page, territory=place).first()
        if item is not None:
            if item.budget_ceiling != budget:
                current = "sin techo" if item.budget_ceiling is None else f"techo {item.budget_ceiling}"
                raise CommandError(
                    f"{place} ya está en la convocatoria con {current} y el fichero tiene presupuesto "
                    f"{budget}: ajuste el techo en la convocatoria o importe en otro territorio."
                )
            return item
        had_draft = page.has_unpublished_changes
        draft = page.get_latest_revision_as_object() if had_draft else page
        order = max([t.sort_order or 0 for t in draft.territories.all()], default=-1) + 1
        draft.territories.add(CallTerritory(territory=place, budget_ceiling=budget, sort_order=order))
        revision = draft.save_revision(log_action=True, clean=False)
        if had_draft:
            # Keep the editors' pending changes as a draft and add the territory to the live page.
            CallTerritory.objects.create(call=page, territory=place, budget_ceiling=budget, sort_order=order)
        else:
            revision.publish()
        self.stdout.write(f"{place} añadido a la convocatoria con techo {budget}.")
        return CallTerritory.objects.get(call=page, territory=place)

    # --- projects -------------------------------------------------------------------------------

    def proposals(self, page, place, theme, election, path):
        """{project id: proposal}: one proposal per project, created in the file's id order."""
        status = Proposal.Status.ADMITTED if page.vote_before_evaluation else Proposal.Status.SHORTLISTED
        prefix = f"{page.reference_prefix}-IMP-{place.pk}-"
        now = timezone.now()
        existing = {p.reference: p for p in Proposal.objects.filter(call=page, reference__startswith=prefix)}
        result, new, changed = {}, [], []
        for pid in sorted(election.projects, key=id_key):
            project = election.projects[pid]
            reference = prefix + pid
            if len(reference) > 40:
                raise CommandError(f"El identificador del proyecto «{pid}» es demasiado largo para una referencia.")
            extra = project.extra
            sentence = (
                f"Proyecto importado del fichero pabulib {path.name} (proyecto {pid} de "
                f"{election.meta.get('description') or path.stem})."
            )
            description = (extra.get("description") or "").strip()
            fields = {
                "title": (project.name.strip() or f"Proyecto {pid}")[:150],
                "summary": (description or sentence)[:SUMMARY_MAX_LENGTH],
                "problem": (extra.get("problem") or description or sentence)[:5000],
                "solution": (extra.get("solution") or sentence)[:5000],
                "beneficiaries_count": 0,
                "beneficiaries_description": "No consta en el fichero pabulib."[:300],
                "theme": theme,
                "territory": place,
                "estimated_cost": project.cost,
                "latitude": _coordinate(extra["latitude"], 90) if extra.get("latitude") else None,
                "longitude": _coordinate(extra["longitude"], 180) if extra.get("longitude") else None,
            }
            proposal = existing.get(reference)
            if proposal is None:
                proposal = Proposal(call=page, reference=reference, status=status, submitted_at=now, **fields)
                new.append(proposal)
            else:
                for name, value in fields.items():
                    setattr(proposal, name, value)
                changed.append(proposal)
            result[pid] = proposal
        if new:
            Proposal.objects.bulk_create(new)
            ProposalEvent.objects.bulk_create(
                [
                    ProposalEvent(
                        proposal=proposal,
                        transition="import",
                        from_status="",
                        to_status=status,
                        reason=f"Importada del fichero pabulib {path.name}.",
                    )
                    for proposal in new
                ]
            )
        if changed:
            Proposal.objects.bulk_update(changed, list(fields) + ["updated_at"])
        if new or changed:
            from votaciones.selectors import retire_boxes

            retire_boxes(call_ids=[page.pk])  # bulk writes send no signals: new versions of the call's boxes
        self.index(new + changed)
        self.stdout.write(f"Proyectos: {len(new)} creados, {len(changed)} actualizados.")
        return result

    def index(self, proposals):
        from wagtail.search.index import insert_or_update_object

        for proposal in proposals:
            insert_or_update_object(proposal)

    # --- ballots --------------------------------------------------------------------------------

    def ballots(self, box, election, proposals, points):
        total = len(election.ballots)
        ids = {pid: proposal.pk for pid, proposal in proposals.items()}
        done = 0
        for start in range(0, total, BATCH):
            chunk = election.ballots[start : start + BATCH]
            created = Ballot.objects.bulk_create(
                [
                    Ballot(
                        box=box,
                        channel=Ballot.Channel.IMPORTED,
                        fingerprint=random_fingerprint(),
                        external_id=ballot.voter_id if len(ballot.voter_id) <= 64 else "",
                    )
                    for ballot in chunk
                ]
            )
            choices = []
            for ballot, source in zip(created, chunk):
                if points:
                    pairs = [(pid, int(value)) for pid, value in zip(source.projects, source.points) if value > 0]
                else:
                    pairs = [(pid, 1) for pid in source.projects]
                choices.extend(BallotChoice(ballot=ballot, proposal_id=ids[pid], points=value) for pid, value in pairs)
            BallotChoice.objects.bulk_create(choices, batch_size=BATCH)
            done += len(chunk)
            self.stdout.write(f"Papeletas: {done}/{total}")
