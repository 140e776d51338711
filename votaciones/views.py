"""Public voting pages (mounted at /votar/): a call's ballots, the ballot with its review step,
receipts, workshop codes (with a kiosk mode), the receipt check and the published fingerprints.

Thin: the rules are in `ballots`, writes in `services`, reads in `selectors`. The online ballot
and the workshop-code ballot share one page (`_ballot_page`) and one template.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from convocatorias.models import CallPage
from convocatorias.money import format_money, thousands_separator
from portal import ratelimit
from portal.pagination import page_of
from portal.errors import ActionRefused

from . import ballots as ballot_rules
from . import alternatives, code_limits, electorate, selectors, services
from .forms import BallotForm, CodeForm, ReceiptCheckForm
from .models import Ballot, format_code, normalise_code, receipt_fingerprint

RECEIPT_KEY = "votaciones_receipt"
#: The query parameter of the receipt page right after a cast ("thank you, your vote counted").
JUST_CAST = "nuevo"
CODE_KEY = "votaciones_code"
KIOSK_KEY = "votaciones_kiosk"
FINGERPRINTS_PER_PAGE = 500
#: Seconds the receipt stays on a kiosk screen before it returns to the code screen.
KIOSK_SECONDS = 20


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or "unknown"


def _too_many(request):
    return render(request, "votaciones/too_many.html", status=429)


def _box_or_404(box_id):
    box = selectors.box_for_page(box_id)
    if box is None:
        raise Http404
    return box


def _window(call, now):
    starts, ends = services.window_label(call)
    return {
        "starts_at": starts,
        "ends_at": ends,
        "is_open": services.voting_open(call, now),
        "not_started": starts is not None and now < starts,
        "is_closed": services.voting_closed(call, now),
    }


# --- A call's ballots ----------------------------------------------------------------------------


def call_boxes(request, call_id):
    call = CallPage.objects.live().filter(pk=call_id).prefetch_related("phases").first()
    if call is None:
        raise Http404
    now = timezone.now()
    return render(
        request,
        "votaciones/call_boxes.html",
        {"call": call, "items": selectors.call_boxes(call, request.user, now), "window": _window(call, now)},
    )


# --- The ballot page (online and workshop code) -------------------------------------------------


def _rules_summary(call, rules, budget):
    """The rules of the ballot in words."""
    kind = rules.ballot_type
    lines = []
    if kind == ballot_rules.CHOOSE_ONE:
        lines.append(_("Elija un solo proyecto."))
    elif kind == ballot_rules.CUMULATIVE:
        if rules.points:
            lines.append(_("Reparta hasta %(points)s puntos entre los proyectos que prefiera.") % {"points": rules.points})
        else:
            lines.append(_("Reparta puntos entre los proyectos que prefiera."))
        if rules.max_points_per_project:
            lines.append(_("Cada proyecto puede recibir como máximo %(max)s puntos.") % {"max": rules.max_points_per_project})
    else:
        lines.append(_("Marque los proyectos que apoya."))
    if kind != ballot_rules.CHOOSE_ONE:
        if rules.max_selections:
            lines.append(
                _("Elija entre %(min)s y %(max)s proyectos.") % {"min": rules.min_selections, "max": rules.max_selections}
            )
        elif rules.min_selections > 1:
            lines.append(_("Elija al menos %(min)s proyectos.") % {"min": rules.min_selections})
    if kind == ballot_rules.KNAPSACK and budget is not None:
        lines.append(
            _("Los proyectos que elija deben caber en el techo del territorio: %(budget)s.")
            % {"budget": format_money(budget, call.currency)}
        )
        if rules.min_spend:
            lines.append(
                _("Use al menos %(min)s del techo.") % {"min": format_money(rules.min_spend, call.currency)}
            )
    return lines


def _summary(rows_by_id, choices):
    """The chosen projects (for the review step and receipts), with their cost and points."""
    chosen = []
    for pid, points in choices.items():
        proposal = rows_by_id.get(pid)
        if proposal is not None:
            chosen.append({"proposal": proposal, "points": points})
    chosen.sort(key=lambda item: (item["proposal"].reference or "", item["proposal"].pk))
    spent = sum(item["proposal"].cost for item in chosen)
    return {"items": chosen, "spent": spent, "points": sum(choices.values()), "count": len(chosen)}


def _ballot_page(request, *, sheet, problem, current, cast, code_mode=False, kiosk=False, extra=None):
    """Show a ballot, review it and cast it (shared by the online and the workshop-code pages).

    `sheet`: the box's `selectors.BallotSheet` (the box and the projects on its ballot).
    `problem`: why this person may not vote now (a message) or None. `current`: their ballot's
    choices ({id: points}) when they voted already. `cast(choices, rules)` casts and returns the
    address of the receipt, or raises ActionRefused (`rules`: the page's `services.rules_for(box)`).
    Without JavaScript the voter reviews their choices (step "review") before confirming (step
    "confirm"); the last step redirects to the receipt.
    """
    box, proposals = sheet.box, sheet.proposals
    call = box.call
    now = timezone.now()
    budget = services.box_budget(box)
    rules = services.rules_for(box, proposals, budget)
    status = 200
    errors = []
    review = None
    form = None
    if request.method == "POST":
        if problem:
            errors.append(problem)
            status = 403
        else:
            form = BallotForm(request.POST, proposals=proposals, rules=rules)
            if not form.is_valid():
                errors.extend(form.problems_messages())
                status = 400
            else:
                choices = form.choices
                problems = ballot_rules.problems(rules, choices)
                if problems:
                    errors.extend(services.problem_messages(box, problems))
                    status = 400
                elif request.POST.get("step") == "confirm":
                    try:
                        receipt_url = cast(choices, rules)
                    except ActionRefused as error:
                        errors.append(error.message)
                        status = 400 if error.code == "invalid_ballot" else 403
                    else:
                        return redirect(receipt_url)
                # The review: what was chosen, then the problems (above) or the confirm button.
                review = _summary({p.pk: p for p in proposals}, choices)
                review["choices"] = sorted(choices.items())
                review["ready"] = status == 200
    if form is None:
        form = BallotForm(proposals=proposals, rules=rules, initial_choices=current)
    show_counts = services.counts_visible(call, now)
    counts = selectors.running_counts(box) if show_counts else {}
    rows = form.rows()
    for row in rows:
        row["count"] = counts.get(row["proposal"].pk, {"votes": 0, "points": 0}) if show_counts else None
    # The projects' rows are the same for everyone while nothing is marked on them and no count
    # moves: then they are rendered once per version of the box and language ({% cache %}).
    blank = not form.is_bound and not current and not show_counts
    context = {
        "box": box,
        "call": call,
        "budget": budget,
        "rules": rules,
        "rules_summary": _rules_summary(call, rules, budget) + alternatives.ballot_notes(sheet, budget),
        "rows": rows,
        "rows_version": sheet.version if blank else None,
        "rows_seconds": selectors.SHEET_SECONDS,
        "form": form,
        "errors": errors,
        "review": review,
        "problem": problem,
        "current": current,
        "show_counts": show_counts,
        "window": _window(call, now),
        "code_mode": code_mode,
        "kiosk": kiosk,
        "separator": thousands_separator(call.currency),
        **(extra or {}),
    }
    return render(request, "votaciones/ballot.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, box_id):
    sheet = selectors.ballot_sheet(box_id)
    if sheet is None:
        raise Http404
    box, user = sheet.box, request.user
    state = selectors.voter_state(box, user)  # read once: eligibility, current ballot, cast
    problem = services.eligibility_problem(box=box, user=user, ballots=state.ballots)
    current = {choice.proposal_id: choice.points for choice in state.own.choices.all()} if state.own else None

    def cast(choices, rules):
        services.cast_online_ballot(box=box, user=user, choices=choices, rules=rules, ballots=state.ballots)
        # The receipt page reads the receipt from the ballot: nothing to keep in the session.
        return f"{reverse('votaciones:receipt', args=[box.pk])}?{JUST_CAST}=1"

    return _ballot_page(
        request,
        sheet=sheet,
        problem=problem,
        current=current,
        cast=cast,
        extra={
            "unconfirmed": not state.confirmed,
            "verify_url": electorate.verify_url() if problem and services.requires_verification(box.call) else None,
        },
    )


def _choices_of(ballot):
    return sorted(ballot.choices.select_related("proposal"), key=lambda c: (c.proposal.reference or "", c.proposal_id))


@never_cache
@login_required
def receipt(request, box_id):
    box = _box_or_404(box_id)
    mine = services.user_ballot(box=box, user=request.user)
    if mine is None:
        messages.info(request, _("Aún no ha votado en este territorio."))
        return redirect("votaciones:ballot", box_id=box.pk)
    return render(
        request,
        "votaciones/receipt.html",
        _receipt_context(
            box,
            mine.receipt,
            _choices_of(mine),
            fresh=request.GET.get(JUST_CAST) == "1",
            may_change=services.voting_open(box.call),
        ),
    )


def _receipt_context(box, code, choices, *, fresh, may_change, once=False, kiosk=False):
    _starts, ends = services.window_label(box.call)
    return {
        "box": box,
        "call": box.call,
        "receipt": format_code(code) if code else "",
        "fingerprint": receipt_fingerprint(code) if code else "",
        "choices": choices,
        "fresh": fresh,
        "may_change": may_change,
        "ends_at": ends,
        "once": once,
        "kiosk": kiosk,
        "kiosk_seconds": KIOSK_SECONDS,
    }


# --- Workshop codes ------------------------------------------------------------------------------


def _kiosk(request):
    return bool(request.session.get(KIOSK_KEY))


@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request):
    """Type a workshop code. `?kiosk=1` turns this device into a kiosk (`?kiosk=0` ends it)."""
    if "kiosk" in request.GET:
        if request.GET["kiosk"] == "1":
            request.session[KIOSK_KEY] = True
        else:
            request.session.pop(KIOSK_KEY, None)
    kiosk = _kiosk(request)
    if kiosk:
        request.session.pop(CODE_KEY, None)  # a new person: forget the last code
    # The QR code of a printed slip opens this page with the code filled in (`?codigo=…`).
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("codigo", "")[:40]})
    status = 200
    if request.method == "POST":
        limits = {"device": code_limits.device_id(request.session), "address": _client_ip(request), "kiosk": kiosk}
        if code_limits.attempt_refused(**limits):
            return _too_many(request)
        if form.is_valid():
            try:
                services.redeem_code(form.cleaned_data["code"])
            except ActionRefused as error:
                code_limits.record_mistake(**limits)
                form.add_error("code", error.message)
            else:
                request.session[CODE_KEY] = normalise_code(form.cleaned_data["code"])
                request.session.pop(RECEIPT_KEY, None)
                return redirect("votaciones:code_ballot")
        status = 400
    return render(request, "votaciones/code_entry.html", {"form": form, "kiosk": kiosk}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def code_ballot(request):
    text = request.session.get(CODE_KEY)
    kiosk = _kiosk(request)
    if not text:
        if request.method == "POST" and request.session.get(RECEIPT_KEY):
            return redirect("votaciones:code_receipt")  # a double submit: the first one counted
        messages.info(request, _("Escriba su código de votación para ver la papeleta."))
        return redirect("votaciones:code")
    try:
        voting_code = services.redeem_code(text)
    except ActionRefused as error:
        request.session.pop(CODE_KEY, None)
        if request.method == "POST" and request.session.get(RECEIPT_KEY):
            return redirect("votaciones:code_receipt")
        messages.error(request, error.message)
        return redirect("votaciones:code")
    sheet = selectors.ballot_sheet(voting_code.session.box_id)
    if sheet is None:
        raise Http404
    box = sheet.box

    def cast(choices, _rules):
        ballot, receipt = services.cast_code_ballot(text=text, choices=choices)
        request.session.pop(CODE_KEY, None)
        # A code has no account to find its ballot again: the receipt is shown once, from here.
        request.session[RECEIPT_KEY] = {"box": box.pk, "receipt": receipt, "ballot": ballot.pk}
        return reverse("votaciones:code_receipt")

    return _ballot_page(
        request,
        sheet=sheet,
        problem=None,
        current=None,
        cast=cast,
        code_mode=True,
        kiosk=kiosk,
    )


@never_cache
def code_receipt(request):
    """The receipt of a code ballot, shown once (the code has no account to find it again)."""
    fresh = request.session.pop(RECEIPT_KEY, None)
    kiosk = _kiosk(request)
    if not fresh:
        return redirect("votaciones:code")
    ballot = (
        Ballot.objects.filter(pk=fresh.get("ballot"), channel=Ballot.Channel.CODE)
        .select_related("box__call", "box__territory")
        .first()
    )
    if ballot is None or ballot.fingerprint != receipt_fingerprint(fresh["receipt"]):
        return redirect("votaciones:code")
    context = _receipt_context(ballot.box, fresh["receipt"], _choices_of(ballot), fresh=True, may_change=False, once=True, kiosk=kiosk)
    return render(request, "votaciones/receipt.html", context)


# --- Receipt check and fingerprints ---------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def check_receipt(request):
    """Was the ballot with this receipt counted? Says where (territory and call), nothing else."""
    form = ReceiptCheckForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST":
        ip = _client_ip(request)
        if ratelimit.exceeded("receipt", ip):
            return _too_many(request)
        if form.is_valid():
            box = services.find_receipt(form.cleaned_data["receipt"])
            if box is None:
                ratelimit.hit("receipt", ip)
                result = {"found": False}
            else:
                result = {"found": True, "territory": box.territory, "call": box.call}
        else:
            status = 400
    return render(request, "votaciones/check_receipt.html", {"form": form, "result": result}, status=status)


def fingerprints(request, box_id):
    """After the close: the sorted receipt fingerprints the box counted. Before: an explanation
    (status 200), so that the address can be shared ahead of time."""
    box = _box_or_404(box_id)
    listed = services.published_fingerprints(box)
    page_obj = None
    status = 200
    if listed is not None:
        page_obj, status = page_of(request, Paginator(listed, FINGERPRINTS_PER_PAGE))
    _starts, ends = services.window_label(box.call)
    return render(
        request,
        "votaciones/fingerprints.html",
        {
            "box": box,
            "call": box.call,
            "published": listed is not None,
            "total": len(listed) if listed is not None else 0,
            "page_obj": page_obj,
            "ends_at": ends,
        },
        status=status,
    )


def fingerprints_text(request, box_id):
    """The same list as plain text, one fingerprint a line (404 before the close)."""
    box = _box_or_404(box_id)
    listed = services.published_fingerprints(box)
    if listed is None:
        raise Http404
    response = HttpResponse("".join(f"{line}\n" for line in listed), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="huellas-urna-{box.pk}.txt"'
    return response
