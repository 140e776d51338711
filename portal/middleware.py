"""Staff must set up TOTP two-factor authentication before reaching the Wagtail admin."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import has_totp, needs_admin_mfa


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "PARTICIPA_STAFF_MFA_REQUIRED", True)
            and request.path.startswith(reverse("wagtailadmin_home"))
            and needs_admin_mfa(request.user)
            and not has_totp(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Para entrar a la administración necesita activar la verificación en dos "
                    "pasos con una aplicación de autenticación."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
