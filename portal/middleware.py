"""Site-wide middleware: the visitor's language, and two-factor authentication for staff."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .mfa import has_totp, needs_admin_mfa


class StaffMFAMiddleware:
    """Staff must set up TOTP two-factor authentication before reaching the Wagtail admin."""

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


class LanguageMiddleware:
    """Spanish unless the visitor chose another language with the switcher (a cookie).

    The browser's Accept-Language is deliberately ignored: the platform speaks Spanish first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
