"""A person's verification from their account: once, against the census. Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.errors import ActionRefused

from . import services
from .forms import InPersonForm, VerifyForm
from .models import InPersonRequest, Verification


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    verification = Verification.objects.filter(user=user).select_related("territory").first()
    form = VerifyForm(data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and verification is None:
        if form.is_valid():
            try:
                services.verify_online(
                    user=user,
                    document_type=form.cleaned_data["document_type"],
                    number=form.cleaned_data["number"],
                    birth_date=form.cleaned_data["birth_date"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
                status = 429 if refusal.code == "rate_limited" else 400
            else:
                messages.success(request, _("Su residencia quedó verificada con el padrón."))
                return redirect("verificacion:verify")
        else:
            status = 400
        form = _without_number(form)
    context = {
        "form": form,
        "verification": verification,
        "request_form": InPersonForm(),
        "open_request": InPersonRequest.objects.filter(user=user, resolved_at__isnull=True).exists(),
    }
    return render(request, "verificacion/verify.html", context, status=status)


def _without_number(form):
    """A refused form shows its errors but never sends the document number back."""
    data = form.data.copy()
    data["number"] = ""
    errors = form.errors
    fresh = VerifyForm(data=data)
    fresh._errors = errors
    return fresh


@never_cache
@login_required
@require_POST
def request_in_person(request):
    form = InPersonForm(data=request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("message", [])))
        return redirect("verificacion:verify")
    try:
        services.request_in_person(user=request.user, message=form.cleaned_data["message"])
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Recibimos su solicitud: lleve su documento de identidad a un punto de atención o a un taller."))
    return redirect("verificacion:verify")
