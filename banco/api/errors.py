"""Every error of the API is JSON with one Spanish (translated) `detail` message, never a 500.

`exception_handler` is REST_FRAMEWORK["EXCEPTION_HANDLER"]: it turns the bank's `BankQueryError`
into a 400 and gives throttling (429), unknown objects (404) and refused methods (405) messages
people can read.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

from banco.search import BankQueryError


class BadRequest(exceptions.APIException):
    """A query string the API cannot understand (400); the message says which value and why."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("La consulta no es válida.")
    default_code = "bad_request"


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documented in the schema)."""

    detail = serializers.CharField(help_text=gettext_lazy("Qué salió mal, en palabras de persona."))


def _flatten(detail):
    """A ValidationError's dict or list of messages → one sentence."""
    if isinstance(detail, dict):
        return " ".join(_flatten(value) for value in detail.values())
    if isinstance(detail, list):
        return " ".join(_flatten(value) for value in detail)
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, BankQueryError):
        exc = BadRequest(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No existe: revise la dirección y el id."))
    elif isinstance(exc, exceptions.Throttled):
        wait = max(1, int(exc.wait or 1))
        exc = exceptions.Throttled(
            wait=wait,
            detail=_("Demasiadas solicitudes: el límite de la API se agotó. Vuelva a intentarlo en %(seconds)s s.")
            % {"seconds": wait},
        )
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc = exceptions.MethodNotAllowed(
            context["request"].method,
            detail=_("La API es de solo lectura: el método %(method)s no está permitido.")
            % {"method": context["request"].method},
        )
    elif isinstance(exc, exceptions.NotAcceptable):
        exc = exceptions.NotAcceptable(detail=_("La API solo responde en JSON (application/json)."))
    response = drf_exception_handler(exc, context)
    if response is not None and not (isinstance(response.data, dict) and set(response.data) == {"detail"}):
        response.data = {"detail": _flatten(response.data)}
    return response
