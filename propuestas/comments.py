"""Comments on proposals (django-comments-xtd): the form, the moderator, reactions, the comment
counter, follow-up emails and the moderation services.

How the pieces fit:

- `comment_views.post` checks who may comment and when (`rules.can_comment`, rate limit), then
  hands the request to django-comments' `post_comment`, which validates `CommentForm`, asks the
  moderators registered here (`ProposalCommentModerator`, defence in depth) and lets
  django-comments-xtd create the `XtdComment` and notify followers (`notify_followers`).
- `Proposal.comments_count` counts public, not removed comments. The signal handlers below
  (connected by `PropuestasConfig.ready`) refresh it whenever a comment is saved or deleted; `set_comment_hidden`
  refreshes it itself because it writes with a queryset update.

Moderation model (flags are `django_comments.CommentFlag` rows, unique per user, comment and
kind):

- a person reports a comment: a ``removal suggestion`` flag (one per person and comment);
- pending reports of a comment = its ``removal suggestion`` flags;
- a moderator resolves the reports (keeps the comment): the removal suggestions are deleted and a
  ``moderator approval`` flag records who resolved and when (its date is refreshed each time);
- a moderator hides a comment: ``is_removed`` becomes true, a ``moderator deletion`` flag
  records who and when, and the pending reports are cleared (they have been dealt with);
- a moderator shows it again: ``is_removed`` becomes false and a ``moderator approval`` flag
  records who and when.

A hidden comment stays in the thread with a notice; its replies stay visible (the library would
unpublish them on `save()`, so hiding writes with a queryset update). The reason a moderator
gives is written to the log (`participa.moderation`): CommentFlag has no field for it.
"""

import datetime as dt
import logging
import re

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_comments.models import CommentFlag
from django_comments_xtd import signed
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.forms import XtdCommentForm
from django_comments_xtd.models import (
    DISLIKEDIT_FLAG,
    LIKEDIT_FLAG,
    XtdComment,
    max_thread_level_for_content_type,
)
from django_comments_xtd.moderation import XtdCommentModerator, moderator

from .signals import send_proposal_changed

from . import rules

logger = logging.getLogger("participa.moderation")

COMMENT_MAX_LENGTH = getattr(settings, "COMMENT_MAX_LENGTH", 3000)
#: Posting the same text again on the same proposal within this many seconds is a double click.
DUPLICATE_WINDOW_SECONDS = 120


class CommentRefused(Exception):
    """The person may not do this with this comment. `message` is for them, in Spanish."""

    def __init__(self, message, code="refused"):
        super().__init__(str(message))
        self.message = message
        self.code = code


def proposal_content_type():
    from .models import Proposal  # noqa: PLC0415

    return ContentType.objects.get_for_model(Proposal)


def max_level():
    """The deepest `level` a comment on a proposal may have (0 = top level)."""
    return max_thread_level_for_content_type(proposal_content_type())


# --- The form ----------------------------------------------------------------------------------


class CommentForm(XtdCommentForm):
    """Only signed-in people comment: name and email come from the account, never the form.

    `comment_views.post` overwrites `name` (the public name) and `email` in the posted data
    before this form sees it, and `url` is ignored; the form only renders the text, the follow-up
    choice and the hidden security fields.
    """

    comment = forms.CharField(
        label=gettext_lazy("Comentario"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Escriba su comentario: no puede estar vacío."),
            "max_length": gettext_lazy(
                "El comentario puede tener como máximo %(limit_value)d caracteres (tiene %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email", "url"):
            self.fields[name].required = False
            self.fields[name].widget = forms.HiddenInput()
        self.fields["name"].label = _("Nombre público")
        self.fields["email"].label = _("Correo")
        self.fields["url"].label = _("Enlace")
        self.fields["followup"].label = _("Avisarme por correo de nuevas respuestas")
        self.fields["followup"].help_text = _(
            "Recibirá un correo cuando alguien comente en esta propuesta; puede dejar de recibirlos "
            "desde el mismo correo."
        )
        self.fields["followup"].widget.attrs.pop("class", None)
        self.fields["honeypot"].label = _("Deje este campo vacío")
        self.fields["comment"].widget.attrs.pop("class", None)
        self.fields["reply_to"].error_messages["invalid"] = _("Respuesta no válida.")

    def clean_honeypot(self):
        if self.cleaned_data["honeypot"]:
            raise forms.ValidationError(_("Este campo debe quedar vacío."))
        return ""

    def clean_comment(self):
        text = self.cleaned_data["comment"]
        if not text.strip():
            raise forms.ValidationError(self.fields["comment"].error_messages["required"])
        return text

    def clean_reply_to(self):
        """A reply goes to a visible comment of the same proposal, at most three levels deep."""
        parent_pk = self.cleaned_data.get("reply_to") or 0
        if parent_pk == 0:
            return 0
        target = self.target_object
        parent = XtdComment.norel_objects.filter(
            pk=parent_pk,
            content_type=ContentType.objects.get_for_model(target),
            object_pk=str(target.pk),
            is_public=True,
        ).first()
        if parent is None or parent.is_removed:
            raise forms.ValidationError(_("No se puede responder a ese comentario."))
        if parent.level >= max_level():
            raise forms.ValidationError(
                _("Esta conversación ya tiene tres niveles: responda al comentario anterior.")
            )
        return parent_pk

    def get_comment_create_data(self, site_id=None):
        data = super().get_comment_create_data(site_id=site_id)
        data["user_url"] = ""
        return data


def reply_form(proposal, parent=None):
    """A fresh comment form for a proposal (or a reply to `parent`)."""
    return CommentForm(proposal, comment=parent) if parent else CommentForm(proposal)


def find_duplicate(*, user, proposal, text):
    """A comment with the same text the same person just posted on the proposal (double click)."""
    since = timezone.now() - dt.timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    return (
        XtdComment.norel_objects.filter(
            content_type=proposal_content_type(),
            object_pk=str(proposal.pk),
            user=user,
            submit_date__gte=since,
            comment=text,
        )
        .order_by("-pk")
        .first()
    )


# --- Moderator (defence in depth) --------------------------------------------------------------


class ProposalCommentModerator(XtdCommentModerator):
    """Refuses any comment the rules do not allow, whichever view it came through.

    Registered with django-comments-xtd's moderator (the one listening to `TmpXtdComment`, the
    object django-comments-xtd posts; django_comments' own moderator never sees it). A refusal
    makes `post_comment` answer 400 before anything is saved.
    """

    def allow(self, comment, content_object, request):
        user = getattr(request, "user", None)
        return rules.can_comment(user, content_object) and super().allow(comment, content_object, request)


def register_moderator():
    from .models import Proposal  # noqa: PLC0415

    if Proposal not in moderator._registry:
        moderator.register(Proposal, ProposalCommentModerator)


# --- Reactions and the counter -----------------------------------------------------------------


def attach_feedback(comments):
    """Set `likes`, `dislikes` and `flags` (pending reports) on each comment with one query."""
    counts = {}
    if comments:
        rows = (
            CommentFlag.objects.filter(
                comment__in=[comment.pk for comment in comments],
                flag__in=[LIKEDIT_FLAG, DISLIKEDIT_FLAG, CommentFlag.SUGGEST_REMOVAL],
            )
            .values("comment_id", "flag")
            .annotate(total=Count("pk"))
        )
        counts = {(row["comment_id"], row["flag"]): row["total"] for row in rows}
    for comment in comments:
        comment.likes = counts.get((comment.pk, LIKEDIT_FLAG), 0)
        comment.dislikes = counts.get((comment.pk, DISLIKEDIT_FLAG), 0)
        comment.flags_count = counts.get((comment.pk, CommentFlag.SUGGEST_REMOVAL), 0)


def refresh_comments_count(proposal_pk):
    from .models import Proposal  # noqa: PLC0415

    total = XtdComment.norel_objects.filter(
        content_type=proposal_content_type(), object_pk=str(proposal_pk), is_public=True, is_removed=False
    ).count()
    Proposal.objects.filter(pk=proposal_pk).update(comments_count=total)
    send_proposal_changed(proposal_pk)


@transaction.atomic
def toggle_reaction(*, comment, user, flag):
    """Like or dislike (`flag`) a comment; a second click undoes it, the other one is replaced.

    Returns True when the reaction is now on.
    """
    if flag not in (LIKEDIT_FLAG, DISLIKEDIT_FLAG):
        raise ValueError(flag)
    other = DISLIKEDIT_FLAG if flag == LIKEDIT_FLAG else LIKEDIT_FLAG
    deleted, _rows = CommentFlag.objects.filter(comment=comment, user=user, flag=flag).delete()
    if deleted:
        return False
    CommentFlag.objects.filter(comment=comment, user=user, flag=other).delete()
    CommentFlag.objects.get_or_create(comment=comment, user=user, flag=flag)
    return True


# --- Moderation services -----------------------------------------------------------------------


def _record(comment, user, kind):
    """One flag per moderator, comment and kind: its date says when they last did it."""
    CommentFlag.objects.update_or_create(
        comment=comment, user=user, flag=kind, defaults={"flag_date": timezone.now()}
    )


def _check_moderator(user):
    if not rules.is_moderator(user):
        raise CommentRefused(_("No tiene permiso para moderar comentarios."), "forbidden")


@transaction.atomic
def set_comment_hidden(*, comment, user, hidden, reason=""):
    """Hide a comment that breaks the rules (a notice replaces its text) or show it again."""
    _check_moderator(user)
    comment = XtdComment.norel_objects.select_for_update().get(pk=comment.pk)
    reason = (reason or "").strip()
    if comment.is_removed != hidden:
        # A queryset update: XtdComment.save() would also unpublish every reply.
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_removed=hidden)
        comment.is_removed = hidden
        refresh_comments_count(comment.object_pk)
    if hidden:
        _record(comment, user, CommentFlag.MODERATOR_DELETION)
        CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).delete()
    else:
        _record(comment, user, CommentFlag.MODERATOR_APPROVAL)
    logger.info(
        "comment %s %s by user %s; reason: %r", comment.pk, "hidden" if hidden else "shown", user.pk, reason
    )
    return comment


@transaction.atomic
def resolve_flags(*, comment, user):
    """Close the pending reports of a comment that stays as it is. Returns how many were closed."""
    _check_moderator(user)
    closed, _rows = CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).delete()
    _record(comment, user, CommentFlag.MODERATOR_APPROVAL)
    logger.info("comment %s: %s reports resolved by user %s", comment.pk, closed, user.pk)
    return closed


def flag_comment(*, comment, user, request=None):
    """A person reports a comment to the moderators. Returns False if they had already done so."""
    from django_comments.signals import comment_was_flagged  # noqa: PLC0415

    flag, created = CommentFlag.objects.get_or_create(comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL)
    comment_was_flagged.send(sender=comment.__class__, comment=comment, flag=flag, created=created, request=request)
    return created


# --- Follow-up emails --------------------------------------------------------------------------


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _one_line(text, limit=80):
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify_followers(comment):
    """Email everyone who asked for follow-ups on the proposal, except the comment's author.

    Replaces django-comments-xtd's `notify_comment_followers` (see `apps.py`): same followers and
    the same signed "stop" link (its `mute` view), but Spanish texts, absolute links to this site
    and the mail sent through the task queue after the transaction commits.
    """
    from django.urls import reverse  # noqa: PLC0415

    from portal.tasks import send_email  # noqa: PLC0415

    previous = (
        XtdComment.norel_objects.filter(
            content_type=comment.content_type,
            object_pk=comment.object_pk,
            is_public=True,
            is_removed=False,
            followup=True,
        )
        .exclude(user_email=comment.user_email)
        .exclude(user__is_active=False)
        .order_by("pk")
    )
    if comment.user_id:
        previous = previous.exclude(user_id=comment.user_id)
    followers = {}
    for instance in previous:
        if instance.user_email:
            followers[instance.user_email.lower()] = instance
    if not followers:
        return
    proposal = comment.content_object
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Nuevo comentario en «%(title)s»") % {"title": _one_line(proposal.title)}
        for email, instance in followers.items():
            key = signed.dumps(instance, compress=True, extra_key=xtd_settings.COMMENTS_XTD_SALT)
            context = {
                "recipient_name": instance.user_name,
                "comment": comment,
                "author_name": comment.user_name,
                "proposal": proposal,
                "proposal_url": _absolute(proposal.get_absolute_url()),
                "comment_url": _absolute(proposal.get_absolute_url() + f"#c{comment.pk}"),
                "mute_url": _absolute(reverse("comments-xtd-mute", args=[key.decode("utf-8")])),
            }
            text = render_to_string("django_comments_xtd/email_followup_comment.txt", context)
            html = render_to_string("django_comments_xtd/email_followup_comment.html", context)
            messages.append({"subject": str(subject), "body": text, "html": html, "to": [instance.user_email]})

    def send():
        for message in messages:
            send_email.enqueue(**message)

    transaction.on_commit(send)


# --- Signals -----------------------------------------------------------------------------------


def _on_comment_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if instance.content_type_id == proposal_content_type().pk and instance.object_pk:
        refresh_comments_count(instance.object_pk)


def connect_signals():
    """Keep `Proposal.comments_count` right, register the moderator and the follow-up emails."""
    from django.db.models.signals import post_delete, post_save  # noqa: PLC0415
    from django_comments_xtd import views as xtd_views  # noqa: PLC0415

    post_save.connect(_on_comment_changed, sender=XtdComment, dispatch_uid="propuestas_comment_saved")
    post_delete.connect(_on_comment_changed, sender=XtdComment, dispatch_uid="propuestas_comment_deleted")
    register_moderator()
    # django-comments-xtd calls this module-level function after creating a public comment.
    xtd_views.notify_comment_followers = notify_followers
