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

_execution = content.load("execution.yaml")

#: Per project (key of `demo.content.VOTED_PROPOSALS`): its updates, oldest first, as
#: (moment between the count (0) and today (1), status, progress, committed, spent,
#: (start, end) days after the count, text, photo caption or ""), from `demo/data/execution.yaml`.
UPDATES = {
    key: [
        (
            row["moment"],
            row["status"],
            row["progress"],
            row["committed"],
            row["spent"],
            (row["start"], row["end"]),
            row["text"],
            row.get("photo", ""),
        )
        for row in rows
    ]
    for key, rows in _execution["updates"].items()
}

#: The projects the demo citizen follows.
FOLLOWED = tuple(_execution["followed"])


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
