"""Site-wide middleware: the visitor's language, two-factor authentication for staff, and a
400 for addresses no view can read (a NUL byte, which PostgreSQL refuses in any text)."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
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


#: The largest id a database column holds (a 64-bit integer): a longer number in a path cannot
#: name any object, and SQLite raises OverflowError when asked for it.
MAX_ID = 2**63 - 1
#: No page of the site has a longer address; longer ones are refused before any view reads them
#: (a number of thousands of digits cannot even be converted by int()).
MAX_PATH_LENGTH = 2000


#: `malformed_address` answers this for a path that cannot name anything (a 404, not a 400).
NOT_FOUND = object()


def malformed_address(request):
    """Why the request's path or query string cannot be read, or None when it can.

    A NUL character (`%00`) is accepted by Python and SQLite but refused by PostgreSQL in every
    text value, so it would reach a query and fail there with a 500; a number in the path beyond
    any id (2**63 - 1) is a 404 (SQLite cannot even bind it). Invalid UTF-8 is already replaced
    by Django when it decodes the address; the values of the query string are each view's own
    validation (tests/site/test_bad_addresses.py walks them all).
    """
    if len(request.path_info) > MAX_PATH_LENGTH:
        return _("La dirección es demasiado larga.")
    if "\x00" in request.path_info:
        return _("La dirección contiene un carácter nulo, que no es válido.")
    for segment in request.path_info.split("/"):
        if segment.isascii() and segment.isdigit() and (len(segment) > 19 or int(segment) > MAX_ID):
            return NOT_FOUND
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return _("La consulta contiene un carácter nulo, que no es válido.")
    return None


class MalformedAddressMiddleware:
    """Answer 400 with a Spanish message to addresses no view can read (see `malformed_address`).

    Placed after the authentication middleware so the error page has its usual header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        message = malformed_address(request)
        if message is None:
            return self.get_response(request)
        if message is NOT_FOUND:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": _("No existe: revise la dirección y el id.")}, status=404)
            return render(request, "404.html", status=404)
        status = 414 if len(request.path_info) > MAX_PATH_LENGTH else 400
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return render(request, "400.html", {"message": message}, status=status)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's relaxed policy under the Wagtail admin's prefix
    (its own pages write inline scripts and styles); the site's strict policy everywhere else."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(_admin_prefix()):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


def _admin_prefix():
    return reverse("wagtailadmin_home")
