"""A person's own account: profile, personal data download and account deletion. Thin views."""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .forms import AccountDeleteForm, ProfileForm
from .mfa import has_totp
from .services import delete_account, export_personal_data, update_profile

EXPORT_FILENAME = "participa-datos-personales.json"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    status = 200
    if request.method == "POST":
        # The form works on a copy so that rejected input never touches request.user.
        form = ProfileForm(data=request.POST, instance=get_user_model().objects.get(pk=user.pk))
        if form.is_valid():
            update_profile(user=user, data=form.cleaned_data)
            messages.success(request, _("Perfil actualizado"))
            return redirect("profile")
        status = 400
    else:
        form = ProfileForm(instance=user)
    return render(
        request,
        "portal/account/profile.html",
        {"form": form, "has_totp": has_totp(user)},
        status=status,
    )


@never_cache
@login_required
@require_GET
def profile_export(request):
    data = export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = AccountDeleteForm(data=request.POST, user=user)
        # Guessing the password here is as limited as allauth's own reauthentication.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            error = _("Demasiados intentos. Espere un minuto y vuelva a intentarlo.")
            context = {"form": AccountDeleteForm(user=user), "error": error}
            return render(request, "portal/account/delete.html", context, status=429)
        if form.is_valid():
            try:
                delete_account(user=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(request, _("Su cuenta y sus datos personales han sido eliminados."))
                return redirect("/")
        status = 400
    else:
        form = AccountDeleteForm(user=user)
    return render(request, "portal/account/delete.html", {"form": form}, status=status)
