"""One way to read ?pagina= for every paginated page."""

from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.translation import gettext as _


def page_of(request, paginator, parameter="pagina"):
    """(page, status): a malformed number is a 400 showing page 1 with a message; a number past
    the end shows the last page."""
    try:
        return paginator.page(request.GET.get(parameter, 1)), 200
    except PageNotAnInteger:
        messages.error(request, _("El número de página no es válido."))
        return paginator.page(1), 400
    except EmptyPage:
        return paginator.page(paginator.num_pages), 200
