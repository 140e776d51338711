"""One way to read ?pagina= for every paginated page, and a paginator whose deep pages cost
about what the first one does."""

from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Func, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.sql.where import WhereNode
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


class DeferredJoinPaginator(Paginator):
    """Numbered pages of an ordered queryset, still one query per page, whose depth costs little.

    An OFFSET makes the database build and throw away every row before the page: with its
    joins, that grows with the page number (page 200 of 10,000 proposals took over twice page
    1). Here the page's ids are picked alone, from the filter and ordering columns only
    (`values("pk")[offset:offset + size]`), inside the query that then reads just those rows
    with their joins: `WHERE id IN (SELECT id … ORDER BY … LIMIT size OFFSET offset)`, the
    "deferred join". Other object lists (search results, lists) are paged as usual.
    """

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        # The outer query keeps the joins, annotations, prefetches and ordering but not the
        # filters (the ids carry them): with them the planner may walk the ordering's index over
        # the whole list to avoid sorting 20 rows.
        rows = self.object_list._chain()
        rows.query.where = WhereNode()
        rows = rows.filter(pk__in=ids).order_by(*(_unindexed(item) for item in rows.query.order_by))
        return self._get_page(rows, number, self)


class _SameValue(Func):
    """The value unchanged; on SQLite written `+value`, which keeps the planner from walking an
    index of that column to avoid sorting the page's few rows (it would scan the whole table)."""

    template = "(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="(+%(expressions)s)", **extra_context)


def _unindexed(item):
    if isinstance(item, str):
        descending = item.startswith("-")
        name = item.lstrip("-")
        if name == "pk":
            name = "id"
        return OrderBy(_SameValue(F(name)), descending=descending)
    return item
