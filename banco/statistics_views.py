"""The public statistics dashboard: overall and per call. Thin views over `statistics.py`."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import statistics


def overall(request):
    """All published calls. `?convocatoria=<slug or id>` (the selector) goes to that call's page."""
    calls = statistics.public_calls()
    chosen = request.GET.get("convocatoria")
    error = None
    if chosen is not None:
        call = _find(calls, chosen)
        if call is not None:
            return redirect("estadisticas:call", key=call.slug)
        error = _("La convocatoria elegida no existe o no está publicada. Elija una de la lista.")
    context = {
        "calls": calls,
        "dashboard": statistics.overall_dashboard(calls),
        "selector_error": error,
        "cache_minutes": statistics.CACHE_SECONDS // 60,
        "minimum_group": statistics.MINIMUM_GROUP,
    }
    return render(request, "banco/statistics/overall.html", context, status=400 if error else 200)


def call_statistics(request, key):
    call = statistics.find_call(key)
    if call is None:
        raise Http404(_("No existe una convocatoria publicada con ese identificador."))
    context = {
        "call": call,
        "dashboard": statistics.call_dashboard(call),
        "overall_url": reverse("estadisticas:overall"),
        "cache_minutes": statistics.CACHE_SECONDS // 60,
        "minimum_group": statistics.MINIMUM_GROUP,
    }
    return render(request, "banco/statistics/call.html", context)


def _find(calls, key):
    key = (key or "").strip()
    for call in calls:
        if key and (call.slug == key or str(call.pk) == key):
            return call
    return None
