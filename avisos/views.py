"""Public views of the notifications (thin: the rules are in `services`, reads in `selectors`).

Everything is a plain form (CSRF, no JavaScript needed). The emails' one-click unsubscribe works
without signing in and without a CSRF token (RFC 8058: mail clients POST to it); a GET shows the
confirmation button.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from convocatorias.models import CallPage, Territory
from portal.errors import ActionRefused
from portal.pagination import page_of

from . import selectors, services
from .models import FOLLOW_KINDS, Follow, Kind


def _safe(request, target, fallback):
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _id(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# --- The list ----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    if request.method == "POST":
        changed = services.mark_all_read(user=request.user)
        if changed:
            messages.success(request, _("Todos sus avisos quedaron marcados como leídos."))
        return redirect("avisos:inbox")
    page, status = page_of(request, Paginator(selectors.notifications_of(request.user), selectors.PAGE_SIZE))
    return render(request, "avisos/inbox.html", {"page_obj": page, "notifications": page.object_list}, status=status)


@login_required
@require_POST
def open_notification(request, pk):
    item = services.mark_read(user=request.user, notification_id=_id(pk) or 0)
    if item is None:
        raise Http404
    return redirect(_safe(request, item.event.url, reverse("avisos:inbox")))


# --- Preferences -------------------------------------------------------------------------------


class PreferencesForm(forms.Form):
    emails = forms.BooleanField(label=gettext_lazy("Recibir avisos por correo"), required=False)
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Correos que quiero recibir"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    prefs = services.preferences_for(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.save_preferences(user=request.user, emails=form.cleaned_data["emails"], kinds=form.cleaned_data["kinds"])
            messages.success(request, _("Sus preferencias de avisos quedaron guardadas."))
            return redirect("avisos:preferences")
        status = 400
    else:
        form = PreferencesForm(initial={"emails": prefs.emails, "kinds": [k for k in Kind.values if getattr(prefs, k)]})
        status = 200
    return render(request, "avisos/preferences.html", {"form": form, "follows": selectors.follows_of(request.user)}, status=status)


# --- Follows -----------------------------------------------------------------------------------


class FollowKindsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Quiero enterarme de"),
        choices=[(str(kind), kind.label) for kind in FOLLOW_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _target(request):
    """(call, territory, where to come back) from the form, or Http404."""
    call_id, territory_id = _id(request.POST.get("convocatoria")), _id(request.POST.get("territorio"))
    if call_id and not territory_id:
        call = CallPage.objects.live().filter(pk=call_id).first()
        if call is None:
            raise Http404
        return call, None, call.url or "/"
    if territory_id and not call_id:
        territory = Territory.objects.filter(pk=territory_id).first()
        if territory is None:
            raise Http404
        return None, territory, reverse("banco:search") + f"?territorio={territory.pk}"
    raise Http404


@require_POST
def follow(request):
    call, territory, back = _target(request)
    back = _safe(request, request.POST.get("next", ""), back)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        services.follow(user=request.user, call=call, territory=territory)
    except ActionRefused as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, _("Ahora recibirá avisos de «%(name)s».") % {"name": call.title if call else territory.name})
    return redirect(back)


@require_POST
def unfollow(request):
    call, territory, back = _target(request)
    back = _safe(request, request.POST.get("next", ""), back)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if services.unfollow(user=request.user, call=call, territory=territory):
        messages.success(request, _("Ya no recibirá avisos de «%(name)s».") % {"name": call.title if call else territory.name})
    return redirect(back)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def follow_edit(request, pk):
    item = get_object_or_404(Follow.objects.select_related("call", "territory"), pk=_id(pk) or 0, user=request.user)
    if request.method == "POST":
        form = FollowKindsForm(request.POST)
        if form.is_valid():
            services.set_follow_kinds(follow=item, kinds=form.cleaned_data["kinds"])
            messages.success(request, _("Sus preferencias de avisos quedaron guardadas."))
            return redirect("avisos:preferences")
        status = 400
    else:
        form = FollowKindsForm(initial={"kinds": [str(k) for k in FOLLOW_KINDS if item.wants(k)]})
        status = 200
    return render(request, "avisos/follow_edit.html", {"form": form, "follow": item}, status=status)


# --- One-click unsubscribe ---------------------------------------------------------------------


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    data = services.read_unsubscribe_token(token)
    if data is None:
        context = {"error": _("El enlace para darse de baja no es válido o está incompleto. Revise que lo copió entero.")}
        return render(request, "avisos/unsubscribe.html", context, status=400)
    context = {"token": token, "kind_label": Kind(data["kind"]).label, "project": bool(data["proposal_id"])}
    if request.method == "POST":
        services.unsubscribe_with_token(token=token)
        context["done"] = True
    return render(request, "avisos/unsubscribe.html", context)
