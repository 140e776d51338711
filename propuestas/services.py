"""Write operations on proposals, groups and supports: keyword-only, one transaction each.

Every refusal raises `ValidationError` (form problems) or `ActionRefused` (the action may not
happen: wrong person, wrong phase, wrong state) with a Spanish message; nothing is changed then.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convocatorias.residents import Task
from portal.errors import ActionRefused
from portal.tasks import send_email

from .signals import send_proposal_changed

from . import lifecycle, rules
from .lifecycle import Role, State, TransitionError
from .models import (
    MAX_DOCUMENTS,
    MAX_IMAGES,
    PROPOSAL_FIELDS,
    GroupMembership,
    Proposal,
    ProposalDocument,
    ProposalEvent,
    ProposalGroup,
    ProposalImage,
    ReferenceCounter,
    Support,
)
from .uploads import check_image, check_pdf


TRANSITION_MESSAGES = {
    "unknown": gettext_lazy("Esa acción no existe."),
    "forbidden": gettext_lazy("No tiene permiso para hacer esto con esta propuesta."),
    "invalid_state": gettext_lazy("La propuesta ya no está en un estado que lo permita (estado actual: %(status)s)."),
    "reason_required": gettext_lazy("Escriba el motivo: la persona autora lo verá."),
    "closed": gettext_lazy("La convocatoria no lo permite en su fase actual."),
}


def _refuse_transition(error, proposal):
    message = TRANSITION_MESSAGES[error.code]
    if error.code == "invalid_state":
        message = message % {"status": proposal.get_status_display()}
    raise ActionRefused(message, code=error.code)


# --- Proposals ---------------------------------------------------------------------------------



def validate_for_call(*, call, theme, territory, estimated_cost):
    """Theme and territory must belong to the call; the cost must fit its maximum."""
    errors = {}
    if theme is not None and not call.themes.filter(pk=theme.pk).exists():
        errors["theme"] = _("Ese eje temático no pertenece a esta convocatoria.")
    if territory is not None and not call.territories.filter(territory=territory).exists():
        errors["territory"] = _("Ese territorio no participa en esta convocatoria.")
    if estimated_cost is not None and call.max_proposal_cost is not None and estimated_cost > call.max_proposal_cost:
        from convocatorias.money import format_money

        errors["estimated_cost"] = _("El costo supera el máximo de la convocatoria (%(max)s).") % {
            "max": format_money(call.max_proposal_cost, call.currency)
        }
    if errors:
        raise ValidationError(errors)


def _check_attachments(proposal, images, documents, removed_images=(), removed_documents=()):
    kept_images = proposal.images.exclude(pk__in=[image.pk for image in removed_images]).count() if proposal.pk else 0
    kept_documents = (
        proposal.documents.exclude(pk__in=[doc.pk for doc in removed_documents]).count() if proposal.pk else 0
    )
    errors = {}
    if kept_images + len(images) > MAX_IMAGES:
        errors["images"] = _("Una propuesta admite como máximo %(max)s imágenes.") % {"max": MAX_IMAGES}
    if kept_documents + len(documents) > MAX_DOCUMENTS:
        errors["documents"] = _("Una propuesta admite como máximo %(max)s documentos.") % {"max": MAX_DOCUMENTS}
    image_errors = []
    for upload in images:
        try:
            check_image(upload)
        except ValidationError as error:
            image_errors.extend(error.messages)
    document_errors = []
    for upload in documents:
        try:
            check_pdf(upload)
        except ValidationError as error:
            document_errors.extend(error.messages)
    if image_errors:
        errors.setdefault("images", image_errors)
    if document_errors:
        errors.setdefault("documents", document_errors)
    if errors:
        raise ValidationError(errors)


def _save_attachments(proposal, images, documents, removed_images=(), removed_documents=()):
    for image in removed_images:
        image.file.delete(save=False)
        image.delete()
    for document in removed_documents:
        document.file.delete(save=False)
        document.delete()
    for upload in images:
        alt_text = _("Imagen de la propuesta «%(title)s»") % {"title": proposal.title}
        ProposalImage.objects.create(proposal=proposal, file=upload, alt_text=alt_text[:200])
    for upload in documents:
        title = upload.name.rsplit(".", 1)[0][:200] or _("Documento")
        ProposalDocument.objects.create(proposal=proposal, file=upload, title=title, size=upload.size)


REFUSAL_CODES = {"email": "unconfirmed", "login": "login", "verification": "not_verified", "territory": "territory", "age": "age"}


def check_requirement(*, call, user, task, territory_id=None):
    """Refuse when `user` lacks what `call` requires for `task` (`convocatorias.residents`):
    a confirmed email, a verification, residence in the territory (of the proposal)."""
    lack = call.missing_for(user, task, territory_id=territory_id)
    if lack is not None:
        raise ActionRefused(lack.refusal, REFUSAL_CODES.get(lack.code, lack.code))


def _check_group(author, group):
    if group is not None and not GroupMembership.objects.filter(group=group, user=author).exists():
        raise ValidationError({"group": _("Solo puede presentar en nombre de un grupo al que pertenece.")})


def create_proposal(*, author, call, data, group=None, images=(), documents=(), token=None, now=None):
    """Save a new draft. A repeated `token` (double click) returns the proposal already made."""
    now = now or timezone.now()
    territory = data.get("territory")
    check_requirement(call=call, user=author, task=Task.PROPOSE, territory_id=getattr(territory, "pk", None))
    if not rules.may_submit_to(call, now):
        raise ActionRefused(_("La convocatoria no está recibiendo propuestas en este momento."), "closed")
    if token is not None:
        existing = Proposal.objects.filter(author=author, creation_token=token).first()
        if existing is not None:
            return existing
    _check_group(author, group)
    validate_for_call(
        call=call, theme=data.get("theme"), territory=data.get("territory"), estimated_cost=data.get("estimated_cost")
    )
    proposal = Proposal(call=call, author=author, group=group, **{name: data.get(name) for name in PROPOSAL_FIELDS})
    proposal.address = proposal.address or ""
    if token is not None:
        proposal.creation_token = token
    proposal.full_clean(exclude=["call", "author", "group", "reference"])
    _check_attachments(proposal, images, documents)
    try:
        with transaction.atomic():
            proposal.save()
            _save_attachments(proposal, images, documents)
    except IntegrityError:
        existing = Proposal.objects.filter(author=author, creation_token=proposal.creation_token).first()
        if existing is None:
            raise
        return existing
    return proposal


@transaction.atomic
def update_proposal(
    *, proposal, user, data, group=None, images=(), documents=(), removed_images=(), removed_documents=(), now=None
):
    """Change a draft or a just-sent proposal while the intake phase is open."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_edit(user, proposal, now):
        raise ActionRefused(
            _("Esta propuesta ya no puede editarse: la revisión empezó o usted no es su autor."), "forbidden"
        )
    if proposal.author_id == user.pk:
        _check_group(user, group)
        proposal.group = group
    validate_for_call(
        call=proposal.call,
        theme=data.get("theme"),
        territory=data.get("territory"),
        estimated_cost=data.get("estimated_cost"),
    )
    for name in PROPOSAL_FIELDS:
        setattr(proposal, name, data.get(name))
    proposal.address = proposal.address or ""
    proposal.full_clean(exclude=["call", "author", "group", "reference"])
    _check_attachments(proposal, images, documents, removed_images, removed_documents)
    proposal.save()
    _save_attachments(proposal, images, documents, removed_images, removed_documents)
    return proposal


def _next_reference(proposal, now):
    year = timezone.localtime(now).year
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(call=proposal.call, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{proposal.call.reference_prefix}-{year}-{counter.last:04d}"


def issue_reference(*, proposal, now=None):
    """The next public reference of `proposal`'s call (inside the caller's transaction): for
    proposals the staff create on behalf of others (talleres)."""
    return _next_reference(proposal, now or timezone.now())


def submit_proposal(*, proposal, user, now=None):
    """Send a draft: it gets its public reference and enters the review queue."""
    now = now or timezone.now()
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _submit(proposal=proposal, user=user, now=now)
        except IntegrityError:
            # Two first submissions of a call in the same year created the counter row at once.
            if attempt == 2:
                raise


def _submit(*, proposal, user, now):
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    if proposal.status == State.SUBMITTED and rules.is_author(user, proposal):
        return proposal  # a double click: already sent
    try:
        lifecycle.check(lifecycle.SUBMIT.name, proposal.status, rules.roles_of(user, proposal))
    except TransitionError as error:
        _refuse_transition(error, proposal)
    check_requirement(call=proposal.call, user=user, task=Task.PROPOSE, territory_id=proposal.territory_id)
    if not rules.may_submit_to(proposal.call, now):
        raise ActionRefused(_("La convocatoria no está recibiendo propuestas en este momento."), "closed")
    validate_for_call(
        call=proposal.call,
        theme=proposal.theme,
        territory=proposal.territory,
        estimated_cost=proposal.estimated_cost,
    )
    proposal.reference = _next_reference(proposal, now)
    proposal.submitted_at = now
    _apply(proposal, lifecycle.SUBMIT, actor=user, reason="")
    return proposal


def _apply(proposal, transition, *, actor, reason):
    previous = proposal.status
    proposal.status = transition.target.value
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=ProposalEvent.Kind.STATUS,
        transition=transition.name,
        from_status=previous,
        to_status=proposal.status,
        actor=actor,
        reason=reason,
    )
    transaction.on_commit(lambda: notify_status_change(proposal=proposal, reason=reason))


def transition_proposal(*, proposal, name, user, reason="", roles=None, now=None):
    """Take the lifecycle transition `name`. `roles` defaults to what `user` holds for it.

    Used by staff review here and by the evaluation and voting issues for theirs.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
        held = set(roles) if roles is not None else rules.roles_of(user, proposal)
        try:
            transition = lifecycle.check(name, proposal.status, held, reason)
        except TransitionError as error:
            _refuse_transition(error, proposal)
        if (
            transition.role == Role.MODERATOR
            and name in ("admit", "reject")
            and (proposal.call_id is None or not rules.review_open(proposal.call, now))
        ):
            raise ActionRefused(TRANSITION_MESSAGES["closed"], "closed")
        _apply(proposal, transition, actor=user, reason=reason)
    return proposal


def admit_proposal(*, proposal, user, reason="", now=None):
    return transition_proposal(proposal=proposal, name="admit", user=user, reason=reason, now=now)


def reject_proposal(*, proposal, user, reason, now=None):
    return transition_proposal(proposal=proposal, name="reject", user=user, reason=reason, now=now)


def withdraw_proposal(*, proposal, user, reason=""):
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == State.DRAFT:
            raise ActionRefused(_("Un borrador no se retira: puede eliminarlo."), "invalid_state")
        if not rules.can_withdraw(user, locked):
            if rules.is_author(user, locked):
                raise ActionRefused(
                    TRANSITION_MESSAGES["invalid_state"] % {"status": locked.get_status_display()}, "invalid_state"
                )
            raise ActionRefused(TRANSITION_MESSAGES["forbidden"], "forbidden")
    return transition_proposal(proposal=proposal, name="withdraw", user=user, reason=reason)


@transaction.atomic
def delete_draft(*, proposal, user):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.can_delete_draft(user, proposal):
        raise ActionRefused(_("Solo se eliminan borradores propios."), "forbidden")
    for attachment in [*proposal.images.all(), *proposal.documents.all()]:
        attachment.file.delete(save=False)
    proposal.delete()


@transaction.atomic
def set_hidden(*, proposal, user, hidden, reason=""):
    """Hide a proposal that breaks the rules (it leaves public lists) or show it again."""
    if not rules.is_moderator(user):
        raise ActionRefused(TRANSITION_MESSAGES["forbidden"], "forbidden")
    reason = (reason or "").strip()
    if hidden and not reason:
        raise ActionRefused(_("Escriba el motivo de la ocultación: se mostrará en la página."), "reason_required")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.hidden == hidden:
        return proposal
    proposal.hidden = hidden
    proposal.hidden_reason = reason if hidden else ""
    proposal.save(update_fields=["hidden", "hidden_reason", "updated_at"])
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=ProposalEvent.Kind.HIDDEN if hidden else ProposalEvent.Kind.SHOWN,
        from_status=proposal.status,
        to_status=proposal.status,
        actor=user,
        reason=reason,
    )
    transaction.on_commit(lambda: notify_moderation(proposal=proposal, reason=reason))
    return proposal


# --- Notifications -----------------------------------------------------------------------------


def _recipients(proposal):
    people = []
    if proposal.author_id and proposal.author.is_active:
        people.append(proposal.author)
    if proposal.group_id:
        people.extend(membership.user for membership in proposal.group.memberships.select_related("user"))
    seen, emails = set(), []
    for person in people:
        if person.email and person.email not in seen and person.is_active:
            seen.add(person.email)
            emails.append(person.email)
    return emails


def _send(proposal, template, subject, **context):
    recipients = _recipients(proposal)
    if not recipients:
        return
    from portal.models import SiteSettings  # noqa: PLC0415

    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "proposal": proposal,
            "url": base_url + proposal.get_absolute_url(),
            "institution": SiteSettings.objects.first(),
            **context,
        }
        body = render_to_string(f"propuestas/email/{template}.txt", context)
        subject = str(subject)
    send_email.enqueue(subject=subject, body=body, to=recipients)


def notify_status_change(*, proposal, reason):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Su propuesta %(reference)s: %(status)s") % {
            "reference": proposal.reference or proposal.title[:40],
            "status": proposal.get_status_display(),
        }
    _send(proposal, "status_changed", subject, reason=reason)


def notify_moderation(*, proposal, reason):
    with translation.override(settings.LANGUAGE_CODE):
        if proposal.hidden:
            subject = _("Su propuesta %(reference)s fue ocultada") % {"reference": proposal.reference}
        else:
            subject = _("Su propuesta %(reference)s es visible de nuevo") % {"reference": proposal.reference}
    _send(proposal, "moderation", subject, reason=reason)


# --- Supports ----------------------------------------------------------------------------------


def support_proposal(*, proposal, user, now=None):
    """Add the person's support; a second support changes nothing. Returns True if added."""
    check_requirement(call=proposal.call, user=user, task=Task.SUPPORT, territory_id=proposal.territory_id)
    if not rules.supports_open(proposal, now):
        raise ActionRefused(_("Esta propuesta no recibe apoyos en este momento."), "closed")
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
            send_proposal_changed(proposal.pk)
    except IntegrityError:
        return False  # already supported: the database constraint keeps one
    return True


def withdraw_support(*, proposal, user, now=None):
    if not rules.supports_open(proposal, now):
        raise ActionRefused(_("Los apoyos de esta propuesta ya están cerrados."), "closed")
    with transaction.atomic():
        deleted, _detail = Support.objects.filter(proposal=proposal, user=user).delete()
        if deleted:
            Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") - 1)
            send_proposal_changed(proposal.pk)
    return bool(deleted)


# --- Groups ------------------------------------------------------------------------------------


@transaction.atomic
def create_group(*, user, name, description=""):
    if not rules.has_confirmed_email(user):
        raise ActionRefused(_("Confirme su correo electrónico antes de crear un grupo."), "unconfirmed")
    group = ProposalGroup(name=(name or "").strip(), description=(description or "").strip(), created_by=user)
    group.full_clean(exclude=["join_code", "created_by"])
    group.save()
    GroupMembership.objects.create(group=group, user=user, role=GroupMembership.Role.COORDINATOR)
    return group


def join_group(*, user, code):
    """Join the group with this invitation code. Returns (group, joined_now)."""
    if not rules.has_confirmed_email(user):
        raise ActionRefused(_("Confirme su correo electrónico antes de unirse a un grupo."), "unconfirmed")
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    group = ProposalGroup.objects.filter(join_code=code).first() if code else None
    if group is None:
        raise ActionRefused(_("Ese código de invitación no corresponde a ningún grupo."), "unknown_code")
    try:
        with transaction.atomic():
            GroupMembership.objects.create(group=group, user=user)
    except IntegrityError:
        return group, False
    return group, True


@transaction.atomic
def leave_group(*, user, group):
    membership = GroupMembership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise ActionRefused(_("Usted no pertenece a este grupo."), "not_member")
    others = GroupMembership.objects.filter(group=group).exclude(pk=membership.pk)
    if membership.role == GroupMembership.Role.COORDINATOR and not others.filter(
        role=GroupMembership.Role.COORDINATOR
    ).exists():
        successor = others.order_by("joined_at", "pk").first()
        if successor is not None:
            successor.role = GroupMembership.Role.COORDINATOR
            successor.save(update_fields=["role"])
    membership.delete()


@transaction.atomic
def regenerate_join_code(*, user, group):
    if not GroupMembership.objects.filter(group=group, user=user, role=GroupMembership.Role.COORDINATOR).exists():
        raise ActionRefused(_("Solo la coordinación del grupo puede cambiar el código."), "forbidden")
    from .models import new_join_code

    group.join_code = new_join_code()
    group.save(update_fields=["join_code"])
    return group
