"""Writes on workshops: registration (capacity held by a row lock), attendance at the door, ideas
entered on behalf of a table, and the steps that shape ideas into ballot projects (merge, split,
rewrite, revert), each recorded in `ProposalLineage`.

Keyword-only functions; every refusal raises `ActionRefused` with a Spanish message and changes
nothing (one transaction each).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from convocatorias.models import CallEvent
from portal.errors import ActionRefused
from portal.tasks import send_email
from propuestas import lifecycle, rules
from propuestas import services as proposal_services
from propuestas.lifecycle import State, TransitionError
from propuestas.models import GroupMembership, Proposal, ProposalEvent
from votaciones.models import BallotChoice

from . import signals
from .models import Participation, ProposalLineage, Workshop, WorkshopIdea

FACILITATE_PERMISSION = "votaciones.facilitate_workshop"


# --- who may do what ---------------------------------------------------------------------------


def may_facilitate(user, workshop):
    """Staff with the facilitation permission, or a facilitator named on the workshop."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(FACILITATE_PERMISSION):
        return True
    return Workshop.facilitators.through.objects.filter(workshop_id=workshop.pk, user_id=user.pk).exists()


def may_shape_ideas(user):
    """Merging, splitting, rewriting and reverting ideas is the moderators' work (and superusers')."""
    return rules.is_moderator(user)


# --- the call's calendar -----------------------------------------------------------------------


def sync_call_event(workshop):
    """Keep the call's calendar entry (`CallEvent`) in step with a workshop of a call."""
    if workshop.call_id is None or not workshop.published:
        if workshop.call_event_id:
            CallEvent.objects.filter(pk=workshop.call_event_id).delete()
            Workshop.objects.filter(pk=workshop.pk).update(call_event=None)
            workshop.call_event = None
        return
    values = {
        "call_id": workshop.call_id,
        "title": workshop.title[:200],
        "starts_at": workshop.starts_at,
        "place": workshop.place[:250],
        "description": workshop.description,
    }
    event = CallEvent.objects.filter(pk=workshop.call_event_id).first() if workshop.call_event_id else None
    if event is None:
        # Last in the call's calendar order (the call page orders its events by date anyway).
        event = CallEvent.objects.create(sort_order=CallEvent.objects.filter(call_id=workshop.call_id).count(), **values)
        Workshop.objects.filter(pk=workshop.pk).update(call_event=event)
        workshop.call_event = event
    elif any(getattr(event, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(event, key, value)
        event.save()


# --- registration --------------------------------------------------------------------------------


def places_left(workshop):
    if workshop.capacity is None:
        return None
    taken = workshop.participations.filter(status=Participation.Status.REGISTERED).count()
    return max(workshop.capacity - taken, 0)


def register(*, workshop, user, now=None):
    """Register a person with a confirmed account; the workshop's row lock holds the capacity."""
    now = now or timezone.now()
    if not rules.has_confirmed_email(user):
        raise ActionRefused(_("Confirme su correo electrónico antes de inscribirse."), "unconfirmed")
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if not locked.published or not locked.registration_open or (locked.ends_at or locked.starts_at) < now:
            raise ActionRefused(_("La inscripción a este taller no está abierta."), "closed")
        existing = Participation.objects.filter(workshop=locked, user=user).first()
        if existing is not None and existing.status == Participation.Status.REGISTERED:
            return existing
        left = places_left(locked)
        if left is not None and left <= 0:
            raise ActionRefused(_("No quedan cupos en este taller."), "full")
        if existing is not None:
            existing.status = Participation.Status.REGISTERED
            existing.save(update_fields=["status", "updated_at"])
            participation = existing
        else:
            participation = Participation.objects.create(
                workshop=locked, user=user, source=Participation.Source.ONLINE
            )
    signals.send_on_commit(signals.workshop_registered, participation=participation)
    return participation


@transaction.atomic
def cancel(*, workshop, user):
    participation = (
        Participation.objects.select_for_update()
        .filter(workshop=workshop, user=user, status=Participation.Status.REGISTERED)
        .first()
    )
    if participation is None:
        raise ActionRefused(_("No tiene una inscripción activa en este taller."), "not_registered")
    if participation.attended:
        raise ActionRefused(_("Su asistencia ya fue registrada: la inscripción no se puede cancelar."), "attended")
    participation.status = Participation.Status.CANCELLED
    participation.save(update_fields=["status", "updated_at"])
    return participation


# --- attendance ----------------------------------------------------------------------------------


def _consented_values(*, name, name_consent, demographics_consent, gender, age_range):
    """What may be kept: the name only with its consent, demographics only with theirs."""
    name = (name or "").strip()[:120] if name_consent else ""
    if not demographics_consent:
        gender, age_range = "", ""
    return {
        "name": name,
        "name_consent": bool(name_consent and name),
        "demographics_consent": bool(demographics_consent and (gender or age_range)),
        "gender": gender or "",
        "age_range": age_range or "",
    }


def _check_facilitator(user, workshop):
    if not may_facilitate(user, workshop):
        raise ActionRefused(_("Solo la facilitación del taller puede tomar asistencia."), "forbidden")


@transaction.atomic
def add_at_door(
    *, workshop, by, name="", name_consent=False, demographics_consent=False, gender="", age_range="", table=None
):
    """Record someone without an account who came to the workshop (attended)."""
    _check_facilitator(by, workshop)
    if table is not None and table.workshop_id != workshop.pk:
        raise ActionRefused(_("Esa mesa no pertenece a este taller."), "invalid")
    values = _consented_values(
        name=name,
        name_consent=name_consent,
        demographics_consent=demographics_consent,
        gender=gender,
        age_range=age_range,
    )
    return Participation.objects.create(
        workshop=workshop, source=Participation.Source.DOOR, attended=True, table=table, **values
    )


@transaction.atomic
def mark_attendance(
    *, participation, by, attended, table=None, demographics_consent=None, gender="", age_range=""
):
    """Tick (or untick) a participant on the day, with their table and, with consent, demographics.

    For a person with an account, the demographics they gave with consent in their profile count
    already (`selectors`), so only people without an account give them here."""
    participation = Participation.objects.select_for_update().select_related("workshop").get(pk=participation.pk)
    _check_facilitator(by, participation.workshop)
    if participation.status != Participation.Status.REGISTERED:
        raise ActionRefused(_("Esa inscripción fue cancelada."), "cancelled")
    if table is not None and table.workshop_id != participation.workshop_id:
        raise ActionRefused(_("Esa mesa no pertenece a este taller."), "invalid")
    participation.attended = bool(attended)
    participation.table = table
    fields = ["attended", "table", "updated_at"]
    if demographics_consent is not None and participation.user_id is None:
        values = _consented_values(
            name=participation.name,
            name_consent=participation.name_consent,
            demographics_consent=demographics_consent,
            gender=gender,
            age_range=age_range,
        )
        for key in ("demographics_consent", "gender", "age_range"):
            setattr(participation, key, values[key])
        fields += ["demographics_consent", "gender", "age_range"]
    participation.save(update_fields=fields)
    return participation


@transaction.atomic
def add_registered_at_door(*, workshop, by, user):
    """A person with an account who did not register online: recorded as attending."""
    _check_facilitator(by, workshop)
    participation, _created = Participation.objects.get_or_create(
        workshop=workshop, user=user, defaults={"source": Participation.Source.DOOR}
    )
    participation.status = Participation.Status.REGISTERED
    participation.attended = True
    participation.save(update_fields=["status", "attended", "updated_at"])
    return participation


# --- ideas from the room -------------------------------------------------------------------------


IDEA_FIELDS = ("title", "summary", "problem", "solution", "theme", "territory")


def _authorship_label(*, workshop, table, authorship, group, participants):
    if authorship == WorkshopIdea.Authorship.GROUP:
        return ""  # the group shows as author
    if authorship == WorkshopIdea.Authorship.PARTICIPANTS:
        names = ", ".join(p.display_name for p in participants)
        return _("%(names)s (taller «%(workshop)s»)") % {"names": names, "workshop": workshop.title}
    if table is not None:
        return _("Mesa «%(table)s» · taller «%(workshop)s»") % {"table": table.name, "workshop": workshop.title}
    return _("Taller «%(workshop)s»") % {"workshop": workshop.title}


def enter_idea(
    *,
    workshop,
    by,
    data,
    table=None,
    authorship=WorkshopIdea.Authorship.TABLE,
    group=None,
    participants=(),
    admitted=False,
    now=None,
):
    """Enter an idea a table produced as a proposal of the workshop's call (submitted, or admitted
    when staff admit it at once), linked to the workshop and table. `data`: title, summary,
    problem, solution, theme, territory, and optionally estimated_cost and beneficiaries."""
    now = now or timezone.now()
    if not may_facilitate(by, workshop):
        raise ActionRefused(_("Solo la facilitación del taller puede registrar sus ideas."), "forbidden")
    if workshop.call_id is None:
        raise ActionRefused(_("Este taller no pertenece a una convocatoria: sus ideas no tienen dónde registrarse."), "no_call")
    if table is not None and table.workshop_id != workshop.pk:
        raise ActionRefused(_("Esa mesa no pertenece a este taller."), "invalid")
    participants = list(participants)
    if authorship == WorkshopIdea.Authorship.GROUP and group is None:
        raise ActionRefused(_("Elija el grupo autor de la idea."), "invalid")
    if authorship == WorkshopIdea.Authorship.PARTICIPANTS:
        if not participants:
            raise ActionRefused(_("Elija las personas autoras de la idea."), "invalid")
        for participant in participants:
            if participant.workshop_id != workshop.pk:
                raise ActionRefused(_("Esa persona no participó en este taller."), "invalid")
            if not (participant.user_id or (participant.name_consent and participant.name)):
                raise ActionRefused(
                    _("Solo se nombran como autoras las personas que autorizaron registrar su nombre."), "consent"
                )
    missing = [name for name in ("title", "summary", "theme", "territory") if not data.get(name)]
    if missing:
        raise ActionRefused(_("Faltan datos de la idea: título, resumen, eje temático y territorio."), "invalid")
    try:
        proposal_services.validate_for_call(
            call=workshop.call, theme=data["theme"], territory=data["territory"], estimated_cost=data.get("estimated_cost") or 0
        )
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages), "invalid") from None
    with transaction.atomic():
        proposal = Proposal(
            call=workshop.call,
            group=group if authorship == WorkshopIdea.Authorship.GROUP else None,
            authorship=_authorship_label(
                workshop=workshop, table=table, authorship=authorship, group=group, participants=participants
            )[:200],
            title=data["title"][:150],
            summary=data["summary"][:280],
            problem=data.get("problem") or data["summary"],
            solution=data.get("solution") or data["summary"],
            beneficiaries_count=data.get("beneficiaries_count") or 0,
            beneficiaries_description=(data.get("beneficiaries_description") or "")[:300],
            theme=data["theme"],
            territory=data["territory"],
            estimated_cost=data.get("estimated_cost") or 0,
            status=State.ADMITTED.value if admitted else State.SUBMITTED.value,
            submitted_at=now,
        )
        proposal.reference = proposal_services.issue_reference(proposal=proposal, now=now)
        proposal.save()
        ProposalEvent.objects.create(
            proposal=proposal,
            transition="submit",
            from_status=State.DRAFT.value,
            to_status=proposal.status,
            actor=by,
            reason=_("Idea registrada en el taller «%(workshop)s».") % {"workshop": workshop.title},
        )
        idea = WorkshopIdea.objects.create(
            proposal=proposal, workshop=workshop, table=table, authorship=authorship, entered_by=by
        )
        if authorship == WorkshopIdea.Authorship.PARTICIPANTS:
            idea.participants.set(participants)
    return idea


# --- from ideas to ballot projects ---------------------------------------------------------------


RESULT_FIELDS = (
    "title",
    "summary",
    "problem",
    "solution",
    "beneficiaries_count",
    "beneficiaries_description",
    "theme",
    "territory",
    "estimated_cost",
)


def _check_shaper(user):
    if not may_shape_ideas(user):
        raise ActionRefused(_("Solo el equipo de revisión puede fusionar, dividir o reformular ideas."), "forbidden")


def _lock_sources(sources):
    ids = sorted({source.pk for source in sources})
    locked = list(Proposal.objects.select_for_update(of=("self",)).select_related("call").filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ActionRefused(_("Alguna de las ideas ya no existe."), "invalid")
    return locked


def _step_aside(proposal, *, by, note):
    try:
        transition = lifecycle.check(lifecycle.SUPERSEDE.name, proposal.status, {lifecycle.Role.MODERATOR}, note)
    except TransitionError:
        raise ActionRefused(
            _("La idea «%(title)s» ya no puede convertirse en proyecto (estado: %(status)s).")
            % {"title": proposal.title, "status": proposal.get_status_display()},
            "invalid_state",
        ) from None
    previous = proposal.status
    proposal.status = transition.target.value
    proposal.save(update_fields=["status", "updated_at"])
    ProposalEvent.objects.create(
        proposal=proposal,
        transition=transition.name,
        from_status=previous,
        to_status=proposal.status,
        actor=by,
        reason=note,
    )
    return previous


def _new_result(*, call, data, by, now, label):
    missing = [name for name in ("title", "summary", "theme", "territory") if not data.get(name)]
    if missing or data.get("estimated_cost") in (None, ""):
        raise ActionRefused(
            _("El proyecto formulado necesita título, resumen, eje temático, territorio y costo."), "invalid"
        )
    try:
        proposal_services.validate_for_call(
            call=call, theme=data["theme"], territory=data["territory"], estimated_cost=data["estimated_cost"]
        )
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages), "invalid") from None
    values = {name: data.get(name) for name in RESULT_FIELDS}
    values["problem"] = values["problem"] or values["summary"]
    values["solution"] = values["solution"] or values["summary"]
    values["beneficiaries_count"] = values["beneficiaries_count"] or 0
    values["beneficiaries_description"] = (values["beneficiaries_description"] or "")[:300]
    result = Proposal(call=call, authorship=label[:200], status=State.ADMITTED.value, submitted_at=now, **values)
    result.reference = proposal_services.issue_reference(proposal=result, now=now)
    result.save()
    ProposalEvent.objects.create(
        proposal=result,
        transition="admit",
        from_status=State.DRAFT.value,
        to_status=result.status,
        actor=by,
        reason=label,
    )
    return result


def _shape(*, kind, sources, results_data, by, note, now):
    _check_shaper(by)
    note = (note or "").strip()
    if not note:
        raise ActionRefused(_("Escriba el motivo: queda en el historial de las ideas."), "reason_required")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_sources(sources)
        calls = {source.call_id for source in locked}
        if len(calls) != 1:
            raise ActionRefused(_("Solo se combinan ideas de una misma convocatoria."), "invalid")
        call = locked[0].call
        previous = {source.pk: _step_aside(source, by=by, note=note) for source in locked}
        if kind == ProposalLineage.Kind.MERGE:
            label = _("Proyecto formulado a partir de %(count)s ideas") % {"count": len(locked)}
        elif kind == ProposalLineage.Kind.SPLIT:
            label = _("Proyecto formulado a partir de la idea %(reference)s") % {"reference": locked[0].reference}
        else:
            label = _("Reformulación de la idea %(reference)s") % {"reference": locked[0].reference}
        results = [_new_result(call=call, data=data, by=by, now=now, label=label) for data in results_data]
        ProposalLineage.objects.bulk_create(
            ProposalLineage(
                source=source, result=result, kind=kind, source_status=previous[source.pk], by=by, at=now, note=note
            )
            for source in locked
            for result in results
        )
    transaction.on_commit(lambda: notify_authors(kind=kind, sources=locked, results=results))
    signals.send_on_commit(signals.ideas_shaped, kind=str(kind), sources=locked, results=results, by=by)
    return results


def merge_ideas(*, sources, data, by, note, now=None):
    """Merge two or more ideas into one formulated project (a new admitted proposal of the call)."""
    if len({source.pk for source in sources}) < 2:
        raise ActionRefused(_("Para fusionar elija al menos dos ideas."), "invalid")
    return _shape(kind=ProposalLineage.Kind.MERGE, sources=sources, results_data=[data], by=by, note=note, now=now)[0]


def split_idea(*, source, parts, by, note, now=None):
    """Split one idea into two or more formulated projects."""
    if len(parts) < 2:
        raise ActionRefused(_("Para dividir una idea describa al menos dos proyectos."), "invalid")
    return _shape(kind=ProposalLineage.Kind.SPLIT, sources=[source], results_data=list(parts), by=by, note=note, now=now)


def rewrite_idea(*, source, data, by, note, now=None):
    """Rewrite one idea into a formulated project (cost, territory, description)."""
    return _shape(kind=ProposalLineage.Kind.REWRITE, sources=[source], results_data=[data], by=by, note=note, now=now)[0]


def revert(*, result, by, note="", now=None):
    """Undo the step that made `result`: its ideas come back to the state they had, and `result`
    is withdrawn. Refused once the result holds votes (it went to the ballot)."""
    _check_shaper(by)
    now = now or timezone.now()
    note = (note or "").strip() or _("Paso revertido por el equipo de revisión.")
    with transaction.atomic():
        lineages = list(
            ProposalLineage.objects.select_for_update().filter(result=result, reverted_at__isnull=True).order_by("pk")
        )
        if not lineages:
            raise ActionRefused(_("Este proyecto no viene de un paso que se pueda revertir."), "invalid")
        if BallotChoice.objects.filter(proposal=result).exists():
            raise ActionRefused(_("El proyecto ya tiene votos: no se puede revertir."), "voted")
        source_ids = {lineage.source_id for lineage in lineages}
        # Every result of the same step goes too (a split is undone whole).
        sibling_lineages = list(
            ProposalLineage.objects.select_for_update()
            .filter(source_id__in=source_ids, reverted_at__isnull=True, at=lineages[0].at, kind=lineages[0].kind)
            .order_by("pk")
        )
        result_ids = {lineage.result_id for lineage in sibling_lineages}
        if BallotChoice.objects.filter(proposal_id__in=result_ids).exists():
            raise ActionRefused(_("El proyecto ya tiene votos: no se puede revertir."), "voted")
        results = list(Proposal.objects.select_for_update().filter(pk__in=result_ids).order_by("pk"))
        for project in results:
            if project.status not in lifecycle.BEFORE_SELECTION:
                raise ActionRefused(_("El proyecto ya pasó la selección: no se puede revertir."), "invalid_state")
        for project in results:
            if project.status != State.WITHDRAWN:
                previous = project.status
                project.status = State.WITHDRAWN.value
                project.save(update_fields=["status", "updated_at"])
                ProposalEvent.objects.create(
                    proposal=project, transition="withdraw", from_status=previous, to_status=project.status, actor=by, reason=note
                )
        restore = {}
        for lineage in sibling_lineages:
            restore.setdefault(lineage.source_id, lineage.source_status)
        sources = list(Proposal.objects.select_for_update().filter(pk__in=restore).order_by("pk"))
        for source in sources:
            # A source still used by another active step stays aside.
            if ProposalLineage.objects.filter(source=source, reverted_at__isnull=True).exclude(
                pk__in=[lineage.pk for lineage in sibling_lineages]
            ).exists():
                continue
            target = restore[source.pk]
            name = "reinstate_admitted" if target == State.ADMITTED else "reinstate_submitted"
            if source.status != State.SUPERSEDED:
                continue
            lifecycle.check(name, source.status, {lifecycle.Role.MODERATOR})
            source.status = lifecycle.TRANSITIONS[name].target.value
            source.save(update_fields=["status", "updated_at"])
            ProposalEvent.objects.create(
                proposal=source, transition=name, from_status=State.SUPERSEDED.value, to_status=source.status, actor=by, reason=note
            )
        ProposalLineage.objects.filter(pk__in=[lineage.pk for lineage in sibling_lineages]).update(
            reverted_at=now, reverted_by=by, revert_note=note
        )
    signals.send_on_commit(signals.lineage_reverted, sources=sources, results=results, by=by)
    return sources


# --- the authors hear what became of their ideas -------------------------------------------------


def _idea_recipients(proposals):
    """{proposal id: emails} of the authors of `proposals`: the author, the group's members, the
    named participants with an account (five queries whatever their number)."""
    people = {}
    rows = list(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).select_related("author"))
    members = {}
    groups = {row.group_id for row in rows if row.group_id}
    for membership in GroupMembership.objects.filter(group_id__in=groups).select_related("user"):
        members.setdefault(membership.group_id, []).append(membership.user)
    for row in rows:
        persons = people.setdefault(row.pk, [])
        if row.author_id:
            persons.append(row.author)
        persons.extend(members.get(row.group_id, []))
    for idea in WorkshopIdea.objects.filter(proposal_id__in=people).prefetch_related("participants__user"):
        for participant in idea.participants.all():
            if participant.user_id:
                people[idea.proposal_id].append(participant.user)
    return {
        proposal_id: sorted({person.email for person in persons if person.email and person.is_active})
        for proposal_id, persons in people.items()
    }


def notify_authors(*, kind, sources, results):
    """One plain email per idea to its authors, through the task queue."""
    recipients = _idea_recipients(sources)
    if not recipients:
        return
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        for source in sources:
            emails = recipients.get(source.pk)
            if not emails:
                continue
            subject = _("Su idea %(reference)s se convirtió en proyecto") % {"reference": source.reference}
            body = render_to_string(
                "talleres/email/idea_shaped.txt",
                {
                    "kind": kind,
                    "source": source,
                    "url": base_url + source.get_absolute_url(),
                    "results": [(result, base_url + result.get_absolute_url()) for result in results],
                },
            )
            send_email.enqueue(subject=str(subject), body=body, to=emails)

