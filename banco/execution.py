"""Execution monitoring (seguimiento): selectors and services.

Selectors read (`latest_updates`, `is_following`, `project_timeline`, …); services write
(`post_update`, `edit_update`, `delete_update`, `follow`, `unfollow`): keyword-only, one
transaction each. Refusals raise `ValidationError` (a field is wrong) or `ActionRefused` (the
action may not happen) with a Spanish message, and change nothing.

Who posts updates: staff holding `banco.add_executionupdate` (editors and the Seguimiento role,
see `portal.roles`). They move the project through the lifecycle as moderators: the first update
that says the project is in tender, in execution or suspended starts its execution; an update
that says it is completed completes it. The author of an update is kept for the staff, never
shown in public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from propuestas import rules
from propuestas.lifecycle import Role, State
from propuestas.models import Proposal, ProposalEvent
from portal.errors import ActionRefused
from propuestas.services import transition_proposal
from propuestas.uploads import check_image

from .models import ExecutionPhoto, ExecutionUpdate, ProjectFollow

#: The permission that lets staff post, edit and delete execution updates.
POST_PERMISSION = "banco.add_executionupdate"
CHANGE_PERMISSION = "banco.change_executionupdate"
DELETE_PERMISSION = "banco.delete_executionupdate"

#: Proposals that get execution updates: chosen to be built, being built, built.
MONITORED_STATES = (State.SELECTED.value, State.IN_EXECUTION.value, State.COMPLETED.value)

#: Proposals people may follow: public and still on their way to being built (or built).
FOLLOWABLE_STATES = frozenset(
    {
        State.SUBMITTED.value,
        State.ADMITTED.value,
        State.SHORTLISTED.value,
        State.SELECTED.value,
        State.IN_EXECUTION.value,
        State.COMPLETED.value,
    }
)

#: Update statuses that mean the works have begun (the first one starts the execution).
STARTED_STATUSES = frozenset(
    {
        ExecutionUpdate.Status.TENDER,
        ExecutionUpdate.Status.EXECUTION,
        ExecutionUpdate.Status.SUSPENDED,
        ExecutionUpdate.Status.COMPLETED,
    }
)

MAX_PHOTOS = 6
MAX_AMOUNT = 10**13
UNFOLLOW_SALT = "banco.unfollow"


# --- Selectors -----------------------------------------------------------------------------------


def latest_updates(proposal_ids) -> dict:
    """The most recent execution update of each proposal in `proposal_ids`, in one query.

    Returns {proposal_id: ExecutionUpdate}; proposals without updates are absent. Uses the
    index `execution_update_latest` (proposal, -published_at).
    """
    proposal_ids = [pk for pk in proposal_ids if pk is not None]
    if not proposal_ids:
        return {}
    newest = ExecutionUpdate.objects.filter(proposal_id=OuterRef("proposal_id")).order_by("-published_at", "-pk")
    updates = ExecutionUpdate.objects.filter(proposal_id__in=proposal_ids, pk=Subquery(newest.values("pk")[:1]))
    return {update.proposal_id: update for update in updates}


def is_following(user, proposal) -> bool:
    """Whether `user` follows the project (False for anonymous visitors)."""
    if user is None or not user.is_authenticated:
        return False
    return ProjectFollow.objects.filter(user=user, proposal=proposal).exists()


def followers_count(proposal) -> int:
    return ProjectFollow.objects.filter(proposal=proposal).count()


def is_monitored(proposal) -> bool:
    """Does this proposal get execution updates?"""
    return proposal.status in MONITORED_STATES


def is_followable(proposal) -> bool:
    return proposal.is_public and proposal.status in FOLLOWABLE_STATES


def may_post_updates(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(POST_PERMISSION))


def updates_of(proposal):
    """The execution updates of a project, newest first, with their photos (two queries)."""
    return list(
        ExecutionUpdate.objects.filter(proposal=proposal)
        .prefetch_related(Prefetch("photos", queryset=ExecutionPhoto.objects.order_by("sort_order", "pk")))
        .order_by("-published_at", "-pk")
    )


def monitored_projects(*, call_id=None):
    """Selected, in-execution and completed public-or-hidden projects for the staff list, each
    with `.latest_update` (None when it has none) and `.updates_count`: three queries."""
    queryset = (
        Proposal.objects.filter(status__in=MONITORED_STATES)
        .select_related("call", "territory", "theme")
        .annotate(updates_count=Count("execution_updates"))
        .order_by("call__title", "reference", "pk")
    )
    if call_id is not None:
        queryset = queryset.filter(call_id=call_id)
    projects = list(queryset)
    latest = latest_updates([project.pk for project in projects])
    for project in projects:
        project.latest_update = latest.get(project.pk)
    return projects


def followed_projects(user):
    """The public projects a person follows, with their latest update (two queries)."""
    if user is None or not user.is_authenticated:
        return []
    follows = list(
        ProjectFollow.objects.filter(user=user, proposal__in=Proposal.objects.public())
        .select_related("proposal__call")
        .order_by("-created_at", "-pk")
    )
    latest = latest_updates([follow.proposal_id for follow in follows])
    for follow in follows:
        follow.proposal.latest_update = latest.get(follow.proposal_id)
    return follows


# --- The project's timeline ----------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One moment of a project's life, as its public page tells it."""

    kind: str  # "created", "status", "hidden", "shown", "evaluation", "vote", "update"
    at: dt.datetime
    title: str
    reason: str = ""
    status: str = ""  # the proposal's status after a change ("status" entries)
    decision: object = None  # EvaluationDecision ("evaluation")
    vote: dict = field(default_factory=dict)  # the project's row of the count ("vote")
    update: ExecutionUpdate | None = None  # ("update")


def _decision_of(proposal):
    try:
        return proposal.decision
    except ObjectDoesNotExist:
        return None


def _vote_row(proposal):
    """(row, computed_at) of the project in its ballot box's stored count, or (None, None)."""
    from votaciones.models import BoxResult

    if proposal.status in (State.DRAFT, State.SUBMITTED, State.REJECTED, State.WITHDRAWN):
        return None, None
    result = (
        BoxResult.objects.filter(box__call_id=proposal.call_id, box__territory_id=proposal.territory_id)
        .only("projects", "computed_at")
        .first()
    )
    if result is None:
        return None, None
    row = next((entry for entry in result.projects if entry.get("id") == proposal.pk), None)
    return row, result.computed_at


def project_timeline(proposal):
    """The project's history from its creation through evaluation, vote and execution, oldest
    first: a list of `TimelineEntry`.

    Uses `proposal.history` (the events prefetched by `propuestas.selectors.proposal_for_page`)
    and `proposal.decision` when loaded; otherwise asks for them. At most four queries whatever
    the number of events and updates. Staff names (event actors, update authors) are never read.
    """
    history = getattr(proposal, "history", None)
    if history is None:
        history = list(ProposalEvent.objects.filter(proposal=proposal).order_by("created_at", "pk"))
    created = _("Registrado en el banco de proyectos") if proposal.call_id is None else _("Creada como borrador")
    entries = [TimelineEntry("created", proposal.created_at, created)]
    for event in history:
        if event.kind == ProposalEvent.Kind.STATUS:
            entries.append(
                TimelineEntry("status", event.created_at, event.get_to_status_display(), event.reason, event.to_status)
            )
        elif event.kind == ProposalEvent.Kind.HIDDEN:
            entries.append(TimelineEntry("hidden", event.created_at, _("Ocultada por moderación"), event.reason))
        else:
            entries.append(TimelineEntry("shown", event.created_at, _("Visible de nuevo"), event.reason))
    decision = _decision_of(proposal)
    if decision is not None and decision.published_at is not None:
        title = _("Evaluación técnica publicada: viable") if decision.viable else _("Evaluación técnica publicada: no viable")
        entries.append(TimelineEntry("evaluation", decision.published_at, title, decision=decision))
    row, counted_at = _vote_row(proposal)
    if row is not None:
        title = _("Resultado de la votación: seleccionada") if row.get("selected") else _("Resultado de la votación: no seleccionada")
        entries.append(TimelineEntry("vote", counted_at, title, vote=row))
    if proposal.status in MONITORED_STATES:
        for update in reversed(updates_of(proposal)):
            entries.append(TimelineEntry("update", update.published_at, update.get_status_display(), update=update))
    order = {entry_id: index for index, entry_id in enumerate(map(id, entries))}
    entries.sort(key=lambda entry: (entry.at, order[id(entry)]))
    return entries


# --- Services: execution updates -----------------------------------------------------------------


def _require_staff(actor, permission=POST_PERMISSION):
    if not (actor and actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        raise ActionRefused(_("No tiene permiso para publicar el seguimiento de proyectos."), "forbidden")


def _int_or_none(value, name, errors, *, maximum):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = _("Escriba un número entero.")
        return None
    if number < 0:
        errors[name] = _("El monto no puede ser negativo.")
    elif number > maximum:
        errors[name] = _("El monto es demasiado grande.")
    return number


def _clean(*, proposal, status, progress, committed_amount, spent_amount, start_date, end_date, text):
    """Validate the fields of an update; returns them cleaned or raises ValidationError."""
    errors = {}
    if status not in ExecutionUpdate.Status.values:
        errors["status"] = _("Elija un estado de la ejecución de la lista.")
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        errors["progress"] = _("El avance es un porcentaje entre 0 y 100.")
        progress = 0
    else:
        if not 0 <= progress <= 100:
            errors["progress"] = _("El avance es un porcentaje entre 0 y 100.")
    committed_amount = _int_or_none(committed_amount, "committed_amount", errors, maximum=MAX_AMOUNT)
    spent_amount = _int_or_none(spent_amount, "spent_amount", errors, maximum=MAX_AMOUNT)
    if (
        "committed_amount" not in errors
        and "spent_amount" not in errors
        and spent_amount is not None
        and spent_amount > 0
    ):
        if committed_amount is None:
            errors["committed_amount"] = _("Indique el monto comprometido antes de registrar lo ejecutado.")
        elif spent_amount > committed_amount:
            errors["spent_amount"] = _(
                "El monto ejecutado no puede superar el comprometido: actualice primero el monto comprometido."
            )
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is not None and not isinstance(value, dt.date):
            errors[name] = _("Indique una fecha válida.")
    if (
        isinstance(start_date, dt.date)
        and isinstance(end_date, dt.date)
        and end_date < start_date
    ):
        errors["end_date"] = _("La fecha de terminación no puede ser anterior a la de inicio.")
    if status == ExecutionUpdate.Status.COMPLETED and "progress" not in errors and progress != 100:
        errors["progress"] = _("Un proyecto terminado tiene un avance del 100 %.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Cuente qué se hizo: el texto es obligatorio.")
    elif len(text) > 5000:
        errors["text"] = _("El texto admite como máximo 5000 caracteres.")
    if proposal.status == State.COMPLETED and status != ExecutionUpdate.Status.COMPLETED:
        errors["status"] = _("El proyecto ya está terminado: solo admite actualizaciones con el estado «Terminado».")
    if errors:
        raise ValidationError(errors)
    return {
        "status": status,
        "progress": progress,
        "committed_amount": committed_amount,
        "spent_amount": spent_amount,
        "start_date": start_date,
        "end_date": end_date,
        "text": text,
    }


#: The same checks for the bulk import of updates (`registry_import`).
clean_update = _clean


def _check_photos(photos, kept=0):
    """`photos` is a sequence of (upload, alt_text). Checks content, count and descriptions."""
    errors = []
    if kept + len(photos) > MAX_PHOTOS:
        errors.append(_("Una actualización admite como máximo %(max)s fotos.") % {"max": MAX_PHOTOS})
    for upload, alt_text in photos:
        try:
            check_image(upload)
        except ValidationError as error:
            errors.extend(error.messages)
        if not (alt_text or "").strip():
            errors.append(_("Describa qué muestra la foto «%(name)s» para quien no puede verla.") % {"name": upload.name})
        elif len(alt_text.strip()) > 200:
            errors.append(_("La descripción de una foto admite como máximo 200 caracteres."))
    if errors:
        raise ValidationError({"photos": errors})


def _save_photos(update, photos, start=0):
    for index, (upload, alt_text) in enumerate(photos, start=start):
        ExecutionPhoto.objects.create(update=update, file=upload, alt_text=alt_text.strip(), sort_order=index)


def _move_lifecycle(proposal, status, actor, now):
    """Start or complete the project's execution as the update says (as a moderator)."""
    roles = {Role.MODERATOR}
    if proposal.status == State.SELECTED and status in STARTED_STATUSES:
        proposal = transition_proposal(proposal=proposal, name="start_execution", user=actor, roles=roles, now=now)
    if proposal.status == State.IN_EXECUTION and status == ExecutionUpdate.Status.COMPLETED:
        proposal = transition_proposal(proposal=proposal, name="complete", user=actor, roles=roles, now=now)
    return proposal


def _lock_monitored(proposal):
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    if proposal.status not in MONITORED_STATES:
        raise ActionRefused(
            _("Solo los proyectos seleccionados, en ejecución o terminados tienen seguimiento (estado actual: %(status)s).")
            % {"status": proposal.get_status_display()},
            "invalid_state",
        )
    return proposal


def post_update(
    *,
    proposal,
    actor,
    status,
    progress,
    committed_amount=None,
    spent_amount=None,
    start_date=None,
    end_date=None,
    text,
    photos=(),
    now=None,
    notify=True,
):
    """Publish an execution update of a selected, in-execution or completed project.

    `photos` is a sequence of (uploaded file, description). Moves the project through the
    lifecycle (see the module docstring) and, after the commit, sends
    `signals.execution_update_published` (avisos tells the project's followers).
    Returns the update.
    """
    _require_staff(actor)
    now = now or timezone.now()
    photos = list(photos)
    with transaction.atomic():
        proposal = _lock_monitored(proposal)
        data = _clean(
            proposal=proposal,
            status=status,
            progress=progress,
            committed_amount=committed_amount,
            spent_amount=spent_amount,
            start_date=start_date,
            end_date=end_date,
            text=text,
        )
        _check_photos(photos)
        update = ExecutionUpdate.objects.create(proposal=proposal, author=actor, published_at=now, **data)
        _save_photos(update, photos)
        _move_lifecycle(proposal, data["status"], actor, now)
        if notify:
            update_id = update.pk
            transaction.on_commit(lambda: announce_update(update_id=update_id))
    return update


def edit_update(
    *,
    update,
    actor,
    status,
    progress,
    committed_amount=None,
    spent_amount=None,
    start_date=None,
    end_date=None,
    text,
    photos=(),
    removed_photos=(),
    now=None,
):
    """Correct an update (followers are not emailed again). `removed_photos` are ExecutionPhoto
    objects or ids of this update's photos. A project is never moved back in its lifecycle."""
    _require_staff(actor, CHANGE_PERMISSION)
    photos = list(photos)
    with transaction.atomic():
        update = ExecutionUpdate.objects.select_for_update().get(pk=update.pk)
        proposal = _lock_monitored(update.proposal)
        data = _clean(
            proposal=proposal,
            status=status,
            progress=progress,
            committed_amount=committed_amount,
            spent_amount=spent_amount,
            start_date=start_date,
            end_date=end_date,
            text=text,
        )
        removed_ids = {getattr(photo, "pk", photo) for photo in removed_photos}
        current = list(update.photos.all())
        removed = [photo for photo in current if photo.pk in removed_ids]
        _check_photos(photos, kept=len(current) - len(removed))
        for name, value in data.items():
            setattr(update, name, value)
        update.save()
        for photo in removed:
            photo.file.delete(save=False)
            photo.delete()
        _save_photos(update, photos, start=max((photo.sort_order for photo in current), default=-1) + 1)
        _move_lifecycle(proposal, data["status"], actor, now or timezone.now())
    return update


def delete_update(*, update, actor):
    """Remove an update and its photos. The project's status stays where it is."""
    _require_staff(actor, DELETE_PERMISSION)
    with transaction.atomic():
        update = ExecutionUpdate.objects.select_for_update().filter(pk=update.pk).first()
        if update is None:
            return False
        files = [photo.file for photo in update.photos.all()]
        update.delete()
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    return True


# --- Services: following a project ---------------------------------------------------------------


def follow(*, user, proposal):
    """Follow a public project: the person is emailed on each execution update. Idempotent:
    returns True when the follow is new, False when the person already followed it."""
    if not rules.has_confirmed_email(user):
        raise ActionRefused(_("Confirme su correo electrónico para seguir proyectos."), "unconfirmed")
    if not is_followable(proposal):
        raise ActionRefused(_("Este proyecto no se puede seguir."), "invalid_state")
    try:
        with transaction.atomic():
            ProjectFollow.objects.create(user=user, proposal=proposal)
    except IntegrityError:
        return False  # the unique constraint keeps one follow per person and project
    return True


def unfollow(*, user, proposal):
    """Stop following a project. Idempotent: returns whether a follow was removed."""
    if user is None or not user.is_authenticated:
        return False
    deleted, _detail = ProjectFollow.objects.filter(user=user, proposal=proposal).delete()
    return bool(deleted)


def unfollow_token(*, user, proposal):
    """A signed token for the unfollow link of the emails (works without signing in)."""
    return signing.dumps({"u": user.pk, "p": proposal.pk}, salt=UNFOLLOW_SALT, compress=True)


def read_unfollow_token(token):
    """(user_id, proposal_id) of a valid token, or None."""
    try:
        data = signing.loads(token, salt=UNFOLLOW_SALT)
        return int(data["u"]), int(data["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unfollow_with_token(*, token):
    """Stop the follow named by an email's token. Returns the proposal, or raises ActionRefused."""
    ids = read_unfollow_token(token)
    if ids is None:
        raise ActionRefused(_("El enlace para dejar de seguir no es válido."), "bad_token")
    user_id, proposal_id = ids
    ProjectFollow.objects.filter(user_id=user_id, proposal_id=proposal_id).delete()
    return Proposal.objects.filter(pk=proposal_id).first()


# --- Notifications -------------------------------------------------------------------------------


def announce_update(*, update_id):
    """Tell the apps above that an update was published (avisos emails and lists it for the
    project's followers, with this module's unfollow link)."""
    from .signals import execution_update_published

    update = ExecutionUpdate.objects.select_related("proposal__call").filter(pk=update_id).first()
    if update is None or not update.proposal.is_public:
        return False
    execution_update_published.send(sender=ExecutionUpdate, update=update)
    return True
