"""Page-number pagination with Spanish parameters: ?pagina=2&por_pagina=50.

A malformed page or size (not a whole number, below 1, a size above 100) is a 400; a page past
the last one is a 404 (page 1 of an empty list is an empty page). Both carry a Spanish `detail`.
An empty parameter counts as absent, as in the bank's own parser (HTML forms send empty fields).
"""

from collections import OrderedDict

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from banco.search import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE

from .errors import BadRequest

PAGE_PARAM = "pagina"
SIZE_PARAM = "por_pagina"


def _whole_number(raw):
    """'12' → 12; anything else (sign, spaces, decimals, 30 digits) → None."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        return None
    return int(raw)


class ApiPagination(PageNumberPagination):
    page_query_param = PAGE_PARAM
    page_size_query_param = SIZE_PARAM
    page_size = DEFAULT_PER_PAGE
    max_page_size = MAX_PER_PAGE
    django_paginator_class = Paginator

    def get_page_size(self, request):
        raw = (request.query_params.get(self.page_size_query_param) or "").strip()
        if not raw:  # absent or empty (an HTML form's empty field), as the bank's parser reads it
            return self.page_size
        size = _whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise BadRequest(
                _("«por_pagina» debe ser un número entero entre 1 y %(max)s.") % {"max": self.max_page_size}
            )
        return size

    def get_page_number(self, request, paginator=None):
        raw = (request.query_params.get(self.page_query_param) or "").strip()
        if not raw:
            return 1
        number = _whole_number(raw)
        if number is None or number < 1:
            raise BadRequest(_("«pagina» debe ser un número entero mayor o igual que 1."))
        if number > MAX_PAGE:
            raise BadRequest(_("Esa página no existe (máximo %(max)s).") % {"max": MAX_PAGE})
        return number

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        number = self.get_page_number(request)
        paginator = self.django_paginator_class(queryset, size)
        if number > paginator.num_pages:
            raise exceptions.NotFound(
                _("La página %(page)s no existe: la última es la %(last)s.")
                % {"page": number, "last": paginator.num_pages}
            )
        self.page = paginator.page(number)
        self.page_size_used = size
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("total", self.page.paginator.count),
                    ("paginas", self.page.paginator.num_pages),
                    ("pagina", self.page.number),
                    ("por_pagina", self.page_size_used),
                    ("siguiente", self.get_next_link()),
                    ("anterior", self.get_previous_link()),
                    ("resultados", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["total", "paginas", "pagina", "por_pagina", "siguiente", "anterior", "resultados"],
            "properties": {
                "total": {"type": "integer", "minimum": 0, "description": str(_("Elementos en todas las páginas."))},
                "paginas": {"type": "integer", "minimum": 1},
                "pagina": {"type": "integer", "minimum": 1},
                "por_pagina": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
                "siguiente": {**link, "description": str(_("Dirección de la página siguiente (null en la última)."))},
                "anterior": {**link, "description": str(_("Dirección de la página anterior (null en la primera)."))},
                "resultados": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(PAGE_DESCRIPTION),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(SIZE_DESCRIPTION) % {"default": self.page_size, "max": self.max_page_size},
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


PAGE_DESCRIPTION = gettext_lazy(
    "Número de página, desde 1 (máximo 10 000). Una página después de la última responde 404."
)
SIZE_DESCRIPTION = gettext_lazy("Elementos por página (por omisión %(default)s, máximo %(max)s).")
