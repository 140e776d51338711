"""Demo content of execution monitoring (called by `seed_demo`).

The projects selected in the demo's concluded vote (IMPLAN Torreón, "Presupuesto por colonia:
votación concluida") get execution updates between the count and today: some only planned, one
in tender, two in execution (35 % and 70 %), one completed; ciudadana@participa.test follows two
of them. Updates go through `execution.post_update`, so the projects move through the lifecycle
as they would in production; no email leaves (the demo emails nobody).

Idempotent: an update is identified by its project and its text; a second run creates nothing
and brings changed fields back to the demo data.
"""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from banco import execution
from banco.models import ExecutionUpdate, ProjectFollow
from propuestas.models import Proposal, ProposalEvent

from . import content

STAFF_EMAILS = ("editor@participa.test", "admin@participa.test")
FOLLOWER_EMAIL = "ciudadana@participa.test"

P, T, E, C = "planned", "tender", "execution", "completed"

#: Per project (key of `demo.content.VOTED_PROPOSALS`): its updates, oldest first, as
#: (moment between the count (0) and today (1), status, progress, committed, spent,
#: (start, end) days after the count, text, photo caption or "").
UPDATES = {
    "ce-fichas": [
        (0.10, P, 0, 150_000, 0, (10, 60),
         "La Dirección de Proyectos Estratégicos validó con el Archivo Municipal los textos e imágenes "
         "de las doce fichas informativas del primer cuadro.", ""),
        (0.45, E, 60, 148_500, 89_000, (10, 60),
         "El taller de señalética entregó las doce placas de lámina esmaltada; se instalaron siete en "
         "la avenida Morelos y en la calle Valdez Carrillo.", ""),
        (0.80, C, 100, 148_500, 148_500, (10, 55),
         "Se instalaron las doce fichas, con código QR hacia la historia completa de cada edificio. "
         "El proyecto se entregó a la comunidad en un recorrido con las vecinas y vecinos.",
         "Ficha informativa instalada en una fachada del Centro Histórico"),
    ],
    "co-parque": [
        (0.08, P, 0, 350_000, 0, (20, 120),
         "Se levantó el estado de la plaza con el comité vecinal: bancas, luminarias, andadores y "
         "juegos infantiles que se van a rehabilitar.", ""),
        (0.25, T, 0, 350_000, 0, (20, 120),
         "Se publicó la invitación a cuando menos tres contratistas para la obra civil de la plaza.", ""),
        (0.55, E, 35, 338_000, 96_000, (20, 120),
         "Arrancó la obra: se retiraron las bancas dañadas y se trabaja en los andadores del lado norte.", ""),
        (0.90, E, 70, 338_000, 212_000, (20, 120),
         "Andadores terminados, seis luminarias LED nuevas y bancas colocadas; faltan los juegos "
         "infantiles y la jardinería.",
         "Andador rehabilitado de la plaza de la colonia Primera de Cobián con luminarias nuevas"),
    ],
    "mo-banquetas": [
        (0.12, P, 0, 450_000, 0, (30, 150),
         "Se hizo el levantamiento de las banquetas de las calles principales de la colonia Moderna y "
         "se priorizaron los tramos frente a la escuela y al centro de salud.", ""),
        (0.40, T, 0, 450_000, 0, (30, 150),
         "Licitación de la obra de banquetas y rampas accesibles; se recibieron cuatro propuestas.", ""),
        (0.85, E, 35, 432_000, 118_000, (30, 150),
         "Se construyeron las rampas de las primeras ocho esquinas y se repusieron 180 metros de "
         "banqueta en la calle principal.", ""),
    ],
    "co-cruces": [
        (0.15, P, 0, 300_000, 0, (40, 130),
         "Tránsito y Vialidad revisó los cruces hacia las dos escuelas de la colonia y definió "
         "balizamiento, reductores de velocidad y señalamiento.", ""),
        (0.70, T, 0, 300_000, 0, (40, 130),
         "Está abierta la licitación del balizamiento y los reductores; el fallo se publicará en "
         "las próximas semanas.", ""),
    ],
    "ce-arbolado": [
        (0.30, P, 0, None, None, (60, 240),
         "La Dirección de Medio Ambiente eligió especies nativas de sombra para las banquetas del "
         "primer cuadro; la plantación se hará al inicio de la temporada de lluvias.", ""),
    ],
    "co-composta": [
        (0.35, P, 0, None, None, (45, 120),
         "Se acordó con el comité vecinal la ubicación de las composteras y el calendario de los "
         "talleres de separación de residuos.", ""),
    ],
    "mo-verde": [
        (0.40, P, 0, None, None, (60, 200),
         "Se elaboró el proyecto ejecutivo del camellón, con riego por goteo y especies de bajo "
         "consumo de agua.", ""),
    ],
}

#: The projects the demo citizen follows.
FOLLOWED = ("co-parque", "mo-banquetas")


def _photo(caption):
    """A small PNG made here (no downloads): a façade-coloured block with a sign or lamps."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (214, 196, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 240, 480, 320), fill=(150, 150, 150))
    if "Ficha" in caption:
        draw.rectangle((170, 90, 310, 190), fill=(30, 70, 110))
        for row in range(5):
            draw.line((185, 110 + row * 16, 295, 110 + row * 16), fill=(235, 235, 235), width=3)
    else:
        for x in (60, 200, 340):
            draw.rectangle((x + 18, 80, x + 24, 240), fill=(60, 60, 60))
            draw.ellipse((x + 8, 62, x + 34, 86), fill=(250, 230, 140))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("seguimiento.png", buffer.getvalue(), content_type="image/png")


def _staff():
    users = get_user_model().objects.filter(email__in=STAFF_EMAILS)
    for user in sorted(users, key=lambda u: STAFF_EMAILS.index(u.email)):
        if execution.may_post_updates(user):
            return user
    return None


def _count_moment(call):
    """When the vote was counted (an hour after it closed), as `seed_demo` dates it."""
    voting = next((phase for phase in call.phases.all() if phase.kind == "voting"), None)
    return voting.ends_at + dt.timedelta(hours=1) if voting else None


def seed_execution(tally):
    """Execution updates, photos and followers for the demo's selected projects."""
    titles = {spec["key"]: spec["title"] for spec in content.VOTED_PROPOSALS}
    projects = {
        proposal.title: proposal
        for proposal in Proposal.objects.filter(call__slug=content.VOTED_CALL["slug"], title__in=titles.values()).select_related("call")
    }
    actor = _staff()
    if not projects or actor is None:
        tally.notes.append("sin proyectos seleccionados o sin personal con permiso")
        return
    call = next(iter(projects.values())).call
    counted = _count_moment(call)
    now = timezone.now()
    if counted is None or counted >= now:
        tally.notes.append("la votación aún no se ha contado")
        return
    span = now - counted
    connection = transaction.get_connection()
    for key, updates in UPDATES.items():
        proposal = projects.get(titles.get(key))
        if proposal is None or proposal.status not in execution.MONITORED_STATES:
            continue
        existing = {update.text: update for update in ExecutionUpdate.objects.filter(proposal=proposal)}
        for moment, status, progress, committed, spent, (start, end), text, caption in updates:
            when = counted + span * moment
            fields = {
                "status": status,
                "progress": progress,
                "committed_amount": committed,
                "spent_amount": spent,
                "start_date": timezone.localdate(counted + dt.timedelta(days=start)),
                "end_date": timezone.localdate(counted + dt.timedelta(days=end)),
            }
            update = existing.get(text)
            if update is None:
                queued = len(connection.run_on_commit)
                execution.post_update(
                    proposal=proposal,
                    actor=actor,
                    text=text,
                    photos=[(_photo(caption), caption)] if caption else (),
                    now=when,
                    notify=False,
                    **fields,
                )
                # The demo emails nobody: drop the status notifications queued for the commit.
                del connection.run_on_commit[queued:]
                _date_events(proposal, when)
                tally.record(True, False)
                continue
            changed = [name for name, value in fields.items() if getattr(update, name) != value]
            if changed:
                for name in changed:
                    setattr(update, name, fields[name])
                update.save(update_fields=changed)
            tally.record(False, bool(changed))
    follower = get_user_model().objects.filter(email=FOLLOWER_EMAIL).first()
    if follower is not None:
        for key in FOLLOWED:
            proposal = projects.get(titles.get(key))
            if proposal is None:
                continue
            _follow, created = ProjectFollow.objects.get_or_create(user=follower, proposal=proposal)
            tally.record(created, False)


def _date_events(proposal, when):
    """The lifecycle events an update just caused carry the update's date, not the seed's."""
    recent = timezone.now() - dt.timedelta(minutes=5)
    ProposalEvent.objects.filter(
        proposal=proposal, transition__in=["start_execution", "complete"], created_at__gte=recent
    ).update(created_at=when)
