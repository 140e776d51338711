"""Posting, replying to, reacting to and reporting comments on proposals.

Thin wrappers around django-comments(-xtd): each checks who may do it and when (signed in,
confirmed email, the call's phase, the rate limit) and answers in Spanish inside the site's
layout; the comment itself is still created by django-comments' `post_comment` (so its signals,
the moderator in `comments.py` and the follow-up emails all run).
"""

from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST
from django_comments.views.comments import post_comment
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG, MaxThreadLevelExceededException, XtdComment

from convocatorias.residents import Task
from portal import ratelimit

from . import comments as service
from . import rules
from .models import Proposal

PROPOSAL_CONTENT_TYPE = "propuestas.proposal"


def _proposal_url(proposal, comment=None):
    anchor = f"#c{comment.pk}" if comment is not None else "#comentarios"
    return reverse("propuestas:detail", args=[proposal.pk]) + anchor


def _login(request, proposal=None):
    """Send an anonymous visitor to the login, coming back to the proposal (or this page)."""
    next_url = _proposal_url(proposal) if proposal is not None and request.method == "POST" else request.get_full_path()
    return redirect_to_login(next_url)


def _comment_or_404(comment_id):
    """A comment on a proposal, with its proposal (and call) as `comment.proposal`."""
    comment = get_object_or_404(
        XtdComment.norel_objects.select_related("content_type"),
        pk=comment_id,
        content_type=service.proposal_content_type(),
    )
    proposal = Proposal.objects.select_related("call").filter(pk=comment.object_pk).first()
    if proposal is None or not proposal.is_public:
        raise Http404
    comment.proposal = proposal
    return comment


def _refusal(user, proposal, *, need_open=True):
    """Why this person may not take part in the conversation now (None if they may)."""
    if need_open:
        lack = rules.missing_to(user, proposal, Task.COMMENT)
        if lack is not None:
            return lack.refusal
    elif not rules.has_confirmed_email(user):
        # Reports are about the rules: a confirmed email is enough, whatever commenting requires.
        return _("Confirme su correo electrónico para comentar.")
    if not proposal.is_public:
        return _("Esta propuesta no admite comentarios.")
    if need_open and not rules.comments_open(proposal):
        return _("Los comentarios están cerrados en esta fase de la convocatoria.")
    return None


def _error_page(request, proposal, form, *, status=400, parent=None):
    return render(
        request,
        "comments/preview.html",
        {"form": form, "proposal": proposal, "parent": parent, "comment": form.data.get("comment", "")},
        status=status,
    )


def _target(request):
    """The proposal the posted comment is for (None when the form does not name one)."""
    if request.POST.get("content_type", "") != PROPOSAL_CONTENT_TYPE:
        return None
    try:
        pk = int(request.POST.get("object_pk", ""))
    except ValueError:
        return None
    return Proposal.objects.select_related("call").filter(pk=pk).first()


def _created_comment_pk(response):
    """The id of the comment `post_comment` created, from its redirect (`?c=<id>`)."""
    query = parse_qs(urlsplit(response.get("Location", "")).query)
    try:
        return int(query.get("c", [""])[0])
    except ValueError:
        return None


@csrf_protect
@require_POST
def post(request):
    """Post a comment or a reply, then go back to it on the proposal page."""
    proposal = _target(request)
    if proposal is None:
        return render(request, "comments/preview.html", {"bad_request": True}, status=400)
    user = request.user
    if not user.is_authenticated:
        return _login(request, proposal)
    refusal = _refusal(user, proposal)
    if refusal:
        messages.error(request, refusal)
        return redirect(_proposal_url(proposal))
    if not ratelimit.hit("comment", user.pk):
        return render(request, "429.html", status=429)

    data = request.POST.copy()
    # The name shown is the account's public name (never the email); the email is the account's.
    data["name"] = str(user.public_name)[:50]
    data["email"] = user.email
    data["url"] = ""
    form = service.CommentForm(proposal, data=data)
    if form.security_errors():
        # Usually a page left open for hours: offer a fresh form with the same text.
        fresh = service.CommentForm(
            proposal,
            initial={
                "comment": data.get("comment", ""),
                "reply_to": data.get("reply_to", 0),
                "followup": bool(data.get("followup")),
            },
        )
        fresh.expired = True
        return _error_page(request, proposal, fresh)
    if not form.is_valid():
        return _error_page(request, proposal, form)
    if "preview" in data:
        return _error_page(request, proposal, form, status=200)

    duplicate = service.find_duplicate(user=user, proposal=proposal, text=form.cleaned_data["comment"])
    if duplicate is not None:
        messages.info(request, _("Su comentario ya estaba publicado."))
        return redirect(_proposal_url(proposal, duplicate))

    data["next"] = reverse("propuestas:detail", args=[proposal.pk])
    request.POST = data
    try:
        with transaction.atomic():
            response = post_comment(request)
    except MaxThreadLevelExceededException:
        form.add_error(None, _("Esta conversación ya tiene tres niveles: responda al comentario anterior."))
        return _error_page(request, proposal, form)
    if response.status_code != 302:
        form.add_error(None, _("No se pudo publicar el comentario. Revise el texto y vuelva a intentarlo."))
        return _error_page(request, proposal, form)
    comment_pk = _created_comment_pk(response)
    messages.success(request, _("Comentario publicado."))
    anchor = f"#c{comment_pk}" if comment_pk else "#comentarios"
    return redirect(reverse("propuestas:detail", args=[proposal.pk]) + anchor)


@never_cache
@require_http_methods(["GET"])
def reply(request, cid):
    """The reply form on a page of its own (the proposal page also has it inline)."""
    comment = _comment_or_404(cid)
    proposal = comment.proposal
    if not request.user.is_authenticated:
        return _login(request)
    refusal = _refusal(request.user, proposal)
    if refusal:
        messages.error(request, refusal)
        return redirect(_proposal_url(proposal, comment))
    if comment.is_removed or comment.level >= service.max_level():
        messages.error(request, _("No se puede responder a este comentario."))
        return redirect(_proposal_url(proposal, comment))
    form = service.reply_form(proposal, comment)
    return render(request, "django_comments_xtd/reply.html", {"comment": comment, "proposal": proposal, "form": form})


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def flag(request, comment_id):
    """Report a comment to the moderators: a confirmation page, then the report on POST."""
    comment = _comment_or_404(comment_id)
    proposal = comment.proposal
    if not request.user.is_authenticated:
        return _login(request, proposal)
    # Reports are welcome in any phase: they are about the rules, not the conversation.
    refusal = _refusal(request.user, proposal, need_open=False)
    if refusal:
        messages.error(request, refusal)
        return redirect(_proposal_url(proposal, comment))
    if comment.is_removed:
        messages.info(request, _("Este comentario ya fue ocultado por moderación."))
        return redirect(_proposal_url(proposal, comment))
    if request.method == "POST":
        if service.flag_comment(comment=comment, user=request.user, request=request):
            messages.success(request, _("Gracias: el equipo de moderación revisará el comentario."))
        else:
            messages.info(request, _("Ya había reportado este comentario; el equipo de moderación lo revisará."))
        return redirect(_proposal_url(proposal, comment))
    return render(request, "comments/flag.html", {"comment": comment, "proposal": proposal})


def _reaction(request, comment_id, kind):
    comment = _comment_or_404(comment_id)
    proposal = comment.proposal
    if not request.user.is_authenticated:
        return _login(request, proposal)
    refusal = _refusal(request.user, proposal)
    if refusal:
        messages.error(request, refusal)
        return redirect(_proposal_url(proposal, comment))
    if comment.is_removed:
        messages.error(request, _("Este comentario fue ocultado por moderación."))
        return redirect(_proposal_url(proposal, comment))
    template = "django_comments_xtd/like.html" if kind == LIKEDIT_FLAG else "django_comments_xtd/dislike.html"
    if request.method == "POST":
        service.toggle_reaction(comment=comment, user=request.user, flag=kind)
        return redirect(_proposal_url(proposal, comment))
    already = comment.flags.filter(user=request.user, flag=kind).exists()
    return render(request, template, {"comment": comment, "proposal": proposal, "already": already})


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def like(request, comment_id):
    """"Me gusta" (a second time undoes it). GET shows a confirmation page for links."""
    return _reaction(request, comment_id, LIKEDIT_FLAG)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def dislike(request, comment_id):
    """"No me gusta" (a second time undoes it)."""
    return _reaction(request, comment_id, DISLIKEDIT_FLAG)
