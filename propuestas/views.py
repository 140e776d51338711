"""Pages of proposals and groups. Thin: rules in `rules`, writes in `services`, reads in `selectors`."""

import random
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from convocatorias.models import Territory, Theme
from convocatorias.residents import Task
from portal import ratelimit
from portal.pagination import DeferredJoinPaginator, page_of

from . import extensions, rules, selectors, services
from .forms import GroupForm, JoinGroupForm, ProposalFilterForm, ProposalForm, ReasonForm
from .models import GroupMembership, Proposal, ProposalGroup
from portal.errors import ActionRefused

PAGE_SIZE = 12
SEED_SESSION_KEY = "propuestas_seed"


def _refused(request, error, target, status=None):
    messages.error(request, error.message)
    return redirect(target)


def _rate_limited(request, action):
    if ratelimit.hit(action, request.user.pk):
        return None
    return render(request, "429.html", status=429)


# --- List, feed and detail ---------------------------------------------------------------------


def _visitor_seed(request):
    seed = request.session.get(SEED_SESSION_KEY)
    if not seed:
        seed = random.randint(2, 2_000_000_000)
        request.session[SEED_SESSION_KEY] = seed
    return seed


def proposal_list(request, call):
    """The public proposals of a call (a route of the call page)."""
    themes = Theme.objects.filter(pk__in=call.themes.values("pk"))
    territories = Territory.objects.filter(pk__in=call.territories.values("territory_id"))
    form = ProposalFilterForm(request.GET or None, call=call, themes=themes, territories=territories)
    filters = selectors.ProposalFilters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters.theme = data["theme"].pk if data["theme"] else None
            filters.territory = data["territory"].pk if data["territory"] else None
            filters.status = data["status"] or None
            filters.query = data["q"].strip()
            filters.ordering = data["order"] or selectors.DEFAULT_ORDERING
        else:
            status = 400
    if filters.ordering == "random":
        filters.seed = _visitor_seed(request)
    proposals = selectors.call_proposals(call, filters) if status == 200 else Proposal.objects.none()
    paginator = DeferredJoinPaginator(proposals, PAGE_SIZE)
    page_obj, page_status = page_of(request, paginator)
    status = page_status if status == 200 else status
    query = {key: value for key, value in request.GET.items() if key != "pagina" and value}
    now = timezone.now()
    return render(
        request,
        "propuestas/proposal_list.html",
        {
            "page": call,
            "call": call,
            "form": form,
            "page_obj": page_obj,
            "proposals": page_obj.object_list,
            "query": urlencode(query) + "&amp;" if query else "",
            "may_submit": rules.may_submit_to(call, now),
            "filtered": bool(query),
        },
        status=status,
    )


class CallProposalsFeed(Feed):
    """The latest public proposals of a call, as RSS. Titles and summaries are plain text."""

    def get_object(self, request, call):
        return call

    def title(self, call):
        return _("Propuestas de «%(call)s»") % {"call": call.title}

    def link(self, call):
        return call.proposals_url

    def description(self, call):
        return call.summary

    def items(self, call):
        return Proposal.objects.public().filter(call=call).select_related("group", "author")[:30]

    def item_title(self, proposal):
        return f"{proposal.reference} · {proposal.title}"

    def item_description(self, proposal):
        return proposal.summary

    def item_author_name(self, proposal):
        return str(proposal.author_name)

    def item_pubdate(self, proposal):
        return proposal.submitted_at


def proposal_detail(request, pk):
    proposal = selectors.proposal_for_page(pk)
    if proposal is None or not rules.can_view(request.user, proposal):
        raise Http404
    user = request.user
    now = timezone.now()
    call = proposal.call
    context = {
        "proposal": proposal,
        "call": call,
        "history": proposal.history,
        "is_author": rules.is_author(user, proposal),
        "can_edit": rules.can_edit(user, proposal, now),
        "can_withdraw": rules.can_withdraw(user, proposal),
        "can_delete": rules.can_delete_draft(user, proposal),
        "can_submit": proposal.status == "draft" and rules.is_author(user, proposal) and rules.may_submit_to(call, now),
        "supports_open": rules.supports_open(proposal, now),
        "can_support": rules.can_support(user, proposal, now),
        "support_missing": rules.missing_to(user, proposal, Task.SUPPORT) if user.is_authenticated else None,
        "comment_missing": rules.missing_to(user, proposal, Task.COMMENT) if user.is_authenticated else None,
        "has_supported": selectors.has_supported(user, proposal),
        "comments_open": rules.comments_open(proposal, now),
        "can_comment": rules.can_comment(user, proposal, now),
        "is_moderator": rules.is_moderator(user),
        "comments": selectors.comment_tree(proposal) if proposal.status != "draft" and call is not None else [],
        "threshold": call.supports_threshold if call is not None else None,
        "page_sections": extensions.page_sections(request, proposal),
    }
    if proposal.status == "draft" and context["is_author"]:
        context["similar"] = extensions.similar_proposals(
            call=call, text=f"{proposal.title} {proposal.summary}", exclude_pk=proposal.pk
        )
    return render(request, "propuestas/proposal_detail.html", context)


# --- Writing a proposal ------------------------------------------------------------------------


def _files(request):
    return request.FILES.getlist("images"), request.FILES.getlist("documents")


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, call):
    """A new proposal in a call (a route of the call page)."""
    lack = call.missing_for(request.user, Task.PROPOSE)
    if lack is not None:
        messages.error(request, lack.refusal)
        return redirect(lack.url or call.url)
    if not rules.may_submit_to(call):
        messages.error(request, _("La convocatoria no está recibiendo propuestas en este momento."))
        return redirect(call.url)
    status = 200
    form = ProposalForm(request.POST or None, request.FILES or None, call=call, user=request.user)
    if request.method == "POST":
        limited = _rate_limited(request, "proposal")
        if limited:
            return limited
        if form.is_valid():
            images, documents = _files(request)
            data = form.cleaned_data
            try:
                proposal = services.create_proposal(
                    author=request.user,
                    call=call,
                    data=data,
                    group=data.get("group"),
                    images=images,
                    documents=documents,
                    token=data.get("token"),
                )
            except ActionRefused as error:
                return _refused(request, error, call.url)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Borrador guardado. Revíselo y envíelo cuando esté listo."))
                return redirect("propuestas:detail", pk=proposal.pk)
        status = 400
    return render(
        request, "propuestas/proposal_form.html", {"form": form, "call": call, "page": call}, status=status
    )


def _own_proposal(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=pk)
    if not rules.can_view(request.user, proposal):
        raise Http404
    return proposal


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = _own_proposal(request, pk)
    if not rules.can_edit(request.user, proposal):
        messages.error(request, _("Esta propuesta ya no puede editarse: la revisión empezó o usted no es su autor."))
        return redirect(proposal)
    call = proposal.call
    status = 200
    form = ProposalForm(request.POST or None, request.FILES or None, instance=proposal, call=call, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            images, documents = _files(request)
            data = form.cleaned_data
            try:
                services.update_proposal(
                    proposal=proposal,
                    user=request.user,
                    data=data,
                    group=data.get("group", proposal.group),
                    images=images,
                    documents=documents,
                    removed_images=data.get("remove_images") or [],
                    removed_documents=data.get("remove_documents") or [],
                )
            except ActionRefused as error:
                return _refused(request, error, proposal)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Cambios guardados."))
                return redirect(proposal)
        status = 400
    return render(
        request,
        "propuestas/proposal_form.html",
        {"form": form, "call": call, "page": call, "proposal": proposal},
        status=status,
    )


@login_required
@require_POST
def proposal_submit(request, pk):
    proposal = _own_proposal(request, pk)
    limited = _rate_limited(request, "proposal")
    if limited:
        return limited
    try:
        proposal = services.submit_proposal(proposal=proposal, user=request.user)
    except ActionRefused as error:
        return _refused(request, error, proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("propuestas:edit", pk=proposal.pk)
    messages.success(
        request, _("Propuesta enviada con la referencia %(reference)s.") % {"reference": proposal.reference}
    )
    return redirect(proposal)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request, pk):
    proposal = _own_proposal(request, pk)
    if not rules.can_withdraw(request.user, proposal):
        messages.error(request, _("No puede retirar esta propuesta."))
        return redirect(proposal)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_proposal(proposal=proposal, user=request.user, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            return _refused(request, error, proposal)
        messages.success(request, _("La propuesta se retiró."))
        return redirect(proposal)
    return render(request, "propuestas/proposal_withdraw.html", {"proposal": proposal, "form": form})


@login_required
@require_POST
def proposal_delete(request, pk):
    proposal = _own_proposal(request, pk)
    try:
        services.delete_draft(proposal=proposal, user=request.user)
    except ActionRefused as error:
        return _refused(request, error, proposal)
    messages.success(request, _("Borrador eliminado."))
    return redirect("propuestas:participation")


@login_required
@require_POST
def proposal_support(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=pk)
    limited = _rate_limited(request, "support")
    if limited:
        return limited
    undo = request.POST.get("action") == "undo"
    try:
        if undo:
            services.withdraw_support(proposal=proposal, user=request.user)
            messages.success(request, _("Retiró su apoyo."))
        elif services.support_proposal(proposal=proposal, user=request.user):
            messages.success(request, _("¡Gracias! Su apoyo quedó registrado."))
        else:
            messages.info(request, _("Ya apoyaba esta propuesta: cada persona apoya una sola vez."))
    except ActionRefused as error:
        return _refused(request, error, proposal)
    return redirect(reverse("propuestas:detail", args=[proposal.pk]) + "#apoyos")


# --- Groups ------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    form = GroupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                group = services.create_group(user=request.user, **form.cleaned_data)
            except ActionRefused as error:
                return _refused(request, error, "propuestas:participation")
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Grupo creado. Comparta el código o el enlace para invitar."))
                return redirect(group)
        status = 400
    return render(request, "propuestas/group_form.html", {"form": form}, status=status)


@never_cache
@login_required
def group_detail(request, pk):
    group = selectors.group_with_members(pk)
    if group is None:
        raise Http404
    membership = next((m for m in group.member_list if m.user_id == request.user.pk), None)
    if membership is None and not rules.is_moderator(request.user):
        # The invitation code is for members only.
        raise Http404
    join_url = request.build_absolute_uri(reverse("propuestas:group_join_link", args=[group.join_code]))
    return render(
        request,
        "propuestas/group_detail.html",
        {"group": group, "membership": membership, "join_url": join_url},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def group_join(request, code=""):
    form = JoinGroupForm(request.POST or None, initial={"code": code})
    group = ProposalGroup.objects.filter(join_code=code.upper()).first() if code else None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                group, joined = services.join_group(user=request.user, code=form.cleaned_data["code"])
            except ActionRefused as error:
                form.add_error("code", error.message)
            else:
                if joined:
                    messages.success(request, _("Ahora forma parte de «%(group)s».") % {"group": group.name})
                else:
                    messages.info(request, _("Ya formaba parte de «%(group)s».") % {"group": group.name})
                return redirect(group)
        status = 400
    return render(request, "propuestas/group_join.html", {"form": form, "group": group}, status=status)


@login_required
@require_POST
def group_leave(request, pk):
    group = get_object_or_404(ProposalGroup, pk=pk)
    try:
        services.leave_group(user=request.user, group=group)
    except ActionRefused as error:
        return _refused(request, error, "propuestas:participation")
    messages.success(request, _("Salió del grupo «%(group)s».") % {"group": group.name})
    return redirect("propuestas:participation")


@login_required
@require_POST
def group_new_code(request, pk):
    group = get_object_or_404(ProposalGroup, pk=pk)
    try:
        services.regenerate_join_code(user=request.user, group=group)
    except ActionRefused as error:
        return _refused(request, error, "propuestas:participation")
    messages.success(request, _("Nuevo código generado: el anterior ya no sirve."))
    return redirect(group)


# --- My participation --------------------------------------------------------------------------


@never_cache
@login_required
def participation(request):
    context = selectors.participation(request.user)
    context["sections"] = extensions.participation_sections(request.user)
    return render(request, "propuestas/participation.html", context)


