"""Public pages of workshops (list, page, registration), the facilitators' phone-friendly
attendance list and idea entry, and the participation statistics. Thin: rules live in services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convocatorias.models import CallPage
from portal.errors import ActionRefused

from . import selectors, services, statistics
from .forms import DoorForm, IdeaForm, MarkForm
from .models import Participation, Workshop

PER_PAGE = 20


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def workshop_list(request):
    filters = selectors.WorkshopFilters(
        call=_int(request.GET.get("convocatoria")),
        territory=_int(request.GET.get("territorio")),
        when="past" if request.GET.get("cuando") == "pasados" else "upcoming",
    )
    page = Paginator(selectors.public_workshops(filters), PER_PAGE).get_page(request.GET.get("pagina"))
    calls, territories = selectors.filter_choices()
    query = {
        key: value
        for key, value in (
            ("convocatoria", filters.call or ""),
            ("territorio", filters.territory or ""),
            ("cuando", "pasados" if filters.when == "past" else ""),
        )
        if value
    }
    return render(
        request,
        "talleres/workshop_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "calls": calls,
            "territories": territories,
            "pagination_query": urlencode(query) + "&" if query else "",
        },
    )


def workshop_detail(request, pk):
    workshop = selectors.workshop_for_page(pk)
    if workshop is None:
        raise Http404
    places_left = None if workshop.capacity is None else max(workshop.capacity - workshop.registered_count, 0)
    return render(
        request,
        "talleres/workshop_detail.html",
        {
            "workshop": workshop,
            "places_left": places_left,
            "participation": selectors.participation_of(workshop, request.user),
            "ideas": selectors.ideas_of(workshop),
            "may_facilitate": services.may_facilitate(request.user, workshop),
        },
    )


def _published(pk):
    return get_object_or_404(Workshop, pk=pk, published=True)


@login_required
@require_POST
def register(request, pk):
    workshop = _published(pk)
    try:
        services.register(workshop=workshop, user=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Quedó inscrita o inscrito en el taller."))
    return redirect(workshop.get_absolute_url())


@login_required
@require_POST
def cancel(request, pk):
    workshop = _published(pk)
    try:
        services.cancel(workshop=workshop, user=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Su inscripción fue cancelada."))
    return redirect(workshop.get_absolute_url())


def _facilitated(request, pk):
    workshop = get_object_or_404(Workshop.objects.select_related("call"), pk=pk)
    if not services.may_facilitate(request.user, workshop):
        raise PermissionDenied
    return workshop


@login_required
def attendance(request, pk):
    """The day's checklist: registered people (tick, table) and people added at the door."""
    workshop = _facilitated(request, pk)
    door_form = DoorForm(workshop=workshop)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "door":
                door_form = DoorForm(request.POST, workshop=workshop)
                if door_form.is_valid():
                    services.add_at_door(workshop=workshop, by=request.user, **door_form.cleaned_data)
                    messages.success(request, _("Participante registrado en la puerta."))
                    return redirect("talleres:attendance", pk=workshop.pk)
            else:
                form = MarkForm(request.POST, workshop=workshop)
                if not form.is_valid():
                    raise ActionRefused(_("No se pudo leer la asistencia: revise la mesa elegida."), "invalid")
                participation = Participation.objects.filter(
                    workshop=workshop, pk=form.cleaned_data["participation"]
                ).first()
                if participation is None:
                    raise ActionRefused(_("Esa persona no está en la lista de este taller."), "invalid")
                services.mark_attendance(
                    participation=participation,
                    by=request.user,
                    attended=form.cleaned_data["attended"],
                    table=form.cleaned_data["table"],
                )
                messages.success(request, _("Asistencia guardada."))
                return redirect("talleres:attendance", pk=workshop.pk)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
    people = selectors.attendance_list(workshop)
    tables = list(workshop.tables.all())
    return render(
        request,
        "talleres/attendance.html",
        {
            "workshop": workshop,
            "people": people,
            "tables": tables,
            "door_form": door_form,
            "attended_count": sum(1 for person in people if person.attended),
        },
        status=400 if door_form.errors else 200,
    )


@login_required
def idea_new(request, pk):
    """A facilitator enters an idea a table produced, on behalf of its participants."""
    workshop = _facilitated(request, pk)
    if workshop.call_id is None:
        messages.error(request, _("Este taller no pertenece a una convocatoria: sus ideas no tienen dónde registrarse."))
        return redirect(workshop.get_absolute_url())
    form = IdeaForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.enter_idea(
                workshop=workshop,
                by=request.user,
                data=data,
                table=data["table"],
                authorship=data["authorship"],
                group=data["group"],
                participants=data["participants"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Idea registrada: %(reference)s.") % {"reference": idea.proposal.reference})
            return redirect("talleres:idea_new", pk=workshop.pk)
    return render(
        request,
        "talleres/idea_form.html",
        {"workshop": workshop, "form": form},
        status=400 if form.errors else 200,
    )


def statistics_page(request):
    call = None
    key = request.GET.get("convocatoria")
    if key:
        call = CallPage.objects.live().public().filter(pk=_int(key) or 0).first()
        if call is None:
            raise Http404
    stats = statistics.participation_statistics(call=call)
    calls, _territories = selectors.filter_choices()
    return render(request, "talleres/statistics.html", {"stats": stats, "call": call, "calls": calls})
