"""The database backend (default): SQLite FTS5 or PostgreSQL full-text search.

Each proposal stores its analysed text in `search_document` (Spanish stems without accents or stop
words, see propuestas/search_text.py). The query is analysed the same way and every stem must match:

- SQLite: the FTS5 table `propuestas_proposal_fts` (external content over search_document, kept in
  sync by triggers; created by propuestas/0003 and repaired after every migrate) is matched with
  `"stem1" "stem2"` and ranked with bm25().
- PostgreSQL: `to_tsvector('simple', search_document) @@ plainto_tsquery('simple', 'stem1 stem2')`
  with a GIN index on that expression, ranked with ts_rank. The 'simple' configuration only
  splits and lowercases: the Spanish stemming and the accent folding were done in Python, so it
  behaves like the 'spanish' configuration with unaccent, with the same stems as the other backends.
- Other databases: a LIKE on the stems (correct, not fast).

Queries per search: count, page of hits, one per facet, year bounds, and three for facet labels —
the same number whatever the size of the bank.
"""

import datetime as dt

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Collate
from django.utils import timezone

from .query import COST_RANGE_BY_KEY, COST_RANGES, EXECUTION_STATUSES, PUBLIC_STATUSES, BankQuery, BankResults, Hit
from propuestas.search_text import highlight, query_terms
from .common import build_facets, cost_expression, proposal_model, public_proposals, year_bounds, year_of

FTS_TABLE = "propuestas_proposal_fts"
TABLE = "propuestas_proposal"
MAX_SIMILAR_TERMS = 30

SQLITE_FTS_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_document, content='propuestas_proposal', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON propuestas_proposal BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.id, new.search_document); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON propuestas_proposal BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document) VALUES ('delete', old.id, old.search_document); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF search_document ON propuestas_proposal BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document) VALUES ('delete', old.id, old.search_document); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.id, new.search_document); END",
]
SQLITE_TRIGGERS = {f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"}
POSTGRES_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS propuestas_proposal_search_gin "
    "ON propuestas_proposal USING gin (to_tsvector('simple', search_document))"
)


def ensure_fulltext(using=None):
    """Create the full-text table/triggers (SQLite) or index (PostgreSQL) if missing.

    SQLite drops a table's triggers when a migration rebuilds it (ALTER TABLE by copy): this
    runs after every migrate and rebuilds the FTS index when a trigger was missing. Returns True
    when it had to repair something.
    """
    from django.db import connections

    conn = connections[using or "default"]
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s", [f"{FTS_TABLE}%"])
            present = {row[0] for row in cursor.fetchall()}
            if "propuestas_proposal" not in conn.introspection.table_names(cursor):
                return False
            if FTS_TABLE in present and SQLITE_TRIGGERS <= present:
                return False
            for statement in SQLITE_FTS_SQL:
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return True
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            if "propuestas_proposal" not in conn.introspection.table_names(cursor):
                return False
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'propuestas_proposal_search_gin'")
            if cursor.fetchone():
                return False
            cursor.execute(POSTGRES_INDEX_SQL)
        return True
    return False


def refresh_search_documents(queryset=None, batch_size=1000, progress=None):
    """Recompute search_document/search_title of `queryset` (default: every proposal) in batches.

    For proposals written by bulk paths that bypass save() (imports, QuerySet.update of the
    text). Returns how many were updated. `progress(done, total)` is called after each batch.
    """
    from propuestas.models import Proposal

    queryset = queryset if queryset is not None else Proposal.objects.all()
    queryset = queryset.order_by("pk").only("pk", "title", "summary", "problem", "solution", "search_document", "search_title")
    total = queryset.count()
    done = 0
    batch = []
    for proposal in queryset.iterator(chunk_size=batch_size):
        before = (proposal.search_document, proposal.search_title)
        proposal.refresh_search_fields()
        if (proposal.search_document, proposal.search_title) != before:
            batch.append(proposal)
        done += 1
        if len(batch) >= batch_size:
            Proposal.objects.bulk_update(batch, ["search_document", "search_title"])
            batch = []
        if progress and done % batch_size == 0:
            progress(done, total)
    if batch:
        Proposal.objects.bulk_update(batch, ["search_document", "search_title"])
    if progress:
        progress(done, total)
    return done


def _match_expression(terms, operator="AND"):
    if connection.vendor == "sqlite":
        joiner = " OR " if operator == "OR" else " "
        return joiner.join(f'"{term}"' for term in terms)
    if connection.vendor == "postgresql":
        if operator == "OR":
            return " | ".join(f"'{term}'" for term in terms)
        return " ".join(terms)
    return terms


def _text_filter(queryset, terms, operator="AND"):
    """Keep the proposals matching every (or any, with OR) stem; no ranking."""
    if not terms:
        return queryset
    match = _match_expression(terms, operator)
    if connection.vendor == "sqlite":
        return queryset.extra(
            where=[f'"{TABLE}"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'], params=[match]
        )
    if connection.vendor == "postgresql":
        function = "to_tsquery" if operator == "OR" else "plainto_tsquery"
        return queryset.extra(
            where=[f"to_tsvector('simple', \"{TABLE}\".\"search_document\") @@ {function}('simple', %s)"], params=[match]
        )
    condition = Q() if operator == "AND" else Q(pk__in=[])
    for term in terms:
        part = Q(search_document__regex=rf"(^| ){term}( |$)")
        condition = condition & part if operator == "AND" else condition | part
    return queryset.filter(condition)


def _ranked(queryset, terms, operator="AND"):
    """Matching proposals with a `bank_rank` to order by (smaller is better)."""
    match = _match_expression(terms, operator)
    if connection.vendor == "sqlite":
        return queryset.extra(
            select={"bank_rank": f"bm25({FTS_TABLE})"},
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE} MATCH %s", f'{FTS_TABLE}.rowid = "{TABLE}"."id"'],
            params=[match],
        )
    if connection.vendor == "postgresql":
        function = "to_tsquery" if operator == "OR" else "plainto_tsquery"
        vector = f"to_tsvector('simple', \"{TABLE}\".\"search_document\")"
        return queryset.extra(
            select={"bank_rank": f"-ts_rank({vector}, {function}('simple', %s))"},
            select_params=[match],
            where=[f"{vector} @@ {function}('simple', %s)"],
            params=[match],
        )
    return _text_filter(queryset, terms, operator).extra(select={"bank_rank": "0"})


ORDERINGS = {
    # Public proposals always have submitted_at (they were sent): no NULLs to place.
    "newest": ["-submitted_at", "-pk"],
    "oldest": ["submitted_at", "pk"],
    "cost_asc": ["bank_cost", "pk"],
    "cost_desc": ["-bank_cost", "-pk"],
    "supports": ["-supports_count", "-pk"],
    "title": ["search_title", "pk"],
}


T = f'"{TABLE}"'
COST_SQL = f'COALESCE({T}."validated_cost", {T}."estimated_cost")'
FACET_COLUMNS = {"origin": f'{T}."origin"', "call": f'{T}."call_id"', "theme": f'{T}."theme_id"', "territory": f'{T}."territory_id"', "status": f'{T}."status"'}


def _in(column, values):
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def _text_condition(terms):
    match = _match_expression(terms)
    if connection.vendor == "sqlite":
        # The unary + keeps SQLite from driving the query by rowid lookups of every match (each
        # reads a long row): it filters an index of the small columns and checks the match set.
        return f"+{T}.\"id\" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [match]
    if connection.vendor == "postgresql":
        return f"to_tsvector('simple', {T}.\"search_document\") @@ plainto_tsquery('simple', %s)", [match]
    parts = [f"(' ' || {T}.\"search_document\" || ' ') LIKE %s" for _term in terms]
    return " AND ".join(parts), [f"% {term} %" for term in terms]


def _cost_condition(keys):
    parts, params = [], []
    for key in keys:
        cost_range = COST_RANGE_BY_KEY[key]
        bounds = []
        if cost_range.low is not None:
            bounds.append(f"{COST_SQL} >= %s")
            params.append(cost_range.low)
        if cost_range.high is not None:
            bounds.append(f"{COST_SQL} < %s")
            params.append(cost_range.high)
        parts.append("(" + " AND ".join(bounds) + ")")
    return "(" + " OR ".join(parts) + ")", params


def plan_condition(item_ids):
    """Aligned with one of the plan items or with an item below them (a tree of three levels)."""
    from planes.models import PlanItem

    items = connection.ops.quote_name(PlanItem._meta.db_table)
    through = connection.ops.quote_name(PlanItem.proposals.through._meta.db_table)
    marks = ", ".join(["%s"] * len(item_ids))
    sql = (
        f'{T}."id" IN (SELECT "proposal_id" FROM {through} WHERE "planitem_id" IN ('
        f'SELECT "id" FROM {items} WHERE "id" IN ({marks}) OR "parent_id" IN ({marks}) '
        f'OR "parent_id" IN (SELECT "id" FROM {items} WHERE "parent_id" IN ({marks}))))'
    )
    return sql, [*item_ids, *item_ids, *item_ids]


def _year_condition(years):
    parts, params = [], []
    for year in years:
        if not 1 <= year <= 9998:
            continue
        start, end = year_bounds(year)
        parts.append(f'({T}."submitted_at" >= %s AND {T}."submitted_at" < %s)')
        params += [_datetime(start), _datetime(end)]
    return ("(" + " OR ".join(parts) + ")", params) if parts else ("1 = 0", [])


def conditions(query, *, text=True):
    """(base, facets): SQL conditions with params. `base` always applies (public, text and the
    filters that are not facets); `facets` maps each selected facet to its condition."""
    base = [(f'{T}."hidden" = %s', [False]), _in(f'{T}."status"', PUBLIC_STATUSES)]
    terms = query_terms(query.text) if text else []
    if terms:
        base.append(_text_condition(terms))
    if query.cost_min is not None:
        base.append((f"{COST_SQL} >= %s", [query.cost_min]))
    if query.cost_max is not None:
        base.append((f"{COST_SQL} <= %s", [query.cost_max]))
    if query.has_location:
        base.append((f'{T}."latitude" IS NOT NULL AND {T}."longitude" IS NOT NULL', []))
    if query.in_execution:
        base.append(_in(f'{T}."status"', EXECUTION_STATUSES))
    if query.plan_items:
        base.append(plan_condition(query.plan_items))
    facets = {}
    for facet, values in (("origin", query.origins), ("call", query.calls), ("theme", query.themes), ("territory", query.territories), ("status", query.statuses)):
        if values:
            facets[facet] = _in(FACET_COLUMNS[facet], values)
    if query.years:
        facets["year"] = _year_condition(query.years)
    if query.cost_ranges:
        facets["cost"] = _cost_condition(query.cost_ranges)
    return base, facets


def _FACETS_INDEX():
    """SQLite: count from the covering index of the facet columns (propuestas/0004), never from
    the rows (long texts spread a row over several pages); its planner would pick the status index."""
    return " INDEXED BY proposal_bank_facets" if connection.vendor == "sqlite" else ""


def _where(parts):
    return " AND ".join(f"({sql})" for sql, _params in parts), [param for _sql, params in parts for param in params]


class DatabaseBackend:
    name = "database"

    # --- Building the queryset ---------------------------------------------------------------

    def filtered(self, query, *, exclude=None, text=True):
        """Public proposals matching the query's filters (all but the facet `exclude`)."""
        base, facets = conditions(query, text=text)
        where, params = _where(base + [condition for name, condition in facets.items() if name != exclude])
        return proposal_model().objects.extra(where=[where], params=params).alias(bank_cost=cost_expression())

    def queryset(self, query):
        """Every public proposal matching the query, in its order (pagination ignored)."""
        terms = query_terms(query.text)
        sort = query.effective_sort
        if sort == "relevance" and terms:
            queryset = _ranked(self.filtered(query, text=False), terms)
            ordering = ["bank_rank", "-pk"]
        else:
            queryset = self.filtered(query)
            ordering = ORDERINGS.get(sort, ORDERINGS["newest"])
        if sort == "title" and connection.vendor == "postgresql":
            ordering = [Collate("search_title", "C"), "pk"]  # byte order, as SQLite and Elasticsearch
        return queryset.select_related("call", "theme", "territory").order_by(*ordering)

    # --- Searching ---------------------------------------------------------------------------

    def search(self, query):
        terms = query_terms(query.text)
        counts = self.facet_counts(query)
        # Every public proposal has one status, and the status facet is counted with every other
        # filter: the total is the sum of the selected statuses (or of all of them).
        status_counts = counts["status"]
        total = sum(status_counts.get(status, 0) for status in query.statuses) if query.statuses else sum(status_counts.values())
        counts["plan"] = {pk: total for pk in query.plan_items}
        offset = (query.page - 1) * query.per_page
        page = self.page_ids(query, offset, query.per_page)
        loaded = public_proposals().select_related("call", "theme", "territory").in_bulk([pk for pk, _rank in page])
        hits = [
            Hit(
                proposal=loaded[pk],
                highlights={"title": highlight(loaded[pk].title, terms), "summary": highlight(loaded[pk].summary, terms)},
                score=-rank if rank is not None else None,
            )
            for pk, rank in page
            if pk in loaded
        ]
        return BankResults(query=query, hits=hits, total=total, facets=build_facets(query, counts))

    def page_ids(self, query, offset, limit):
        """[(id, rank or None)] of one page, in order: only ids are sorted, rows are loaded after."""
        terms = query_terms(query.text)
        if query.effective_sort == "relevance" and terms and connection.vendor == "sqlite":
            base, facets = conditions(query, text=False)
            where, params = _where(base + list(facets.values()))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"AND +rowid IN (SELECT {T}.\"id\" FROM {T}{_FACETS_INDEX()} WHERE {where}) "
                    "ORDER BY rank, rowid DESC LIMIT %s OFFSET %s",
                    [_match_expression(terms), *params, limit, offset],
                )
                return [(pk, rank) for pk, rank in cursor.fetchall()]
        queryset = self.queryset(query)
        if queryset.query.extra_select:
            return list(queryset.values_list("pk", "bank_rank")[offset : offset + limit])
        return [(pk, None) for pk in queryset.values_list("pk", flat=True)[offset : offset + limit]]

    def facet_counts(self, query):
        """{facet: {value: count}}: each facet counted without its own filter (hand-written SQL:
        seven small GROUP BY queries; the ORM would cost more to build them than SQLite to run)."""
        base, facets = conditions(query)
        counts = {}
        with connection.cursor() as cursor:

            def grouped(facet, expression, params=()):
                where, where_params = _where(base + [condition for name, condition in facets.items() if name != facet])
                cursor.execute(
                    f"SELECT {expression}, COUNT(*) FROM {T}{_FACETS_INDEX()} WHERE {where} GROUP BY 1",
                    [*params, *where_params],
                )
                return {value: count for value, count in cursor.fetchall() if value is not None}

            for facet, column in FACET_COLUMNS.items():
                counts[facet] = grouped(facet, column)
            cases, params = [], []
            for index, cost_range in enumerate(COST_RANGES[:-1]):
                cases.append(f"WHEN {COST_SQL} < %s THEN {index}")
                params.append(cost_range.high)
            expression = f"CASE {' '.join(cases)} ELSE {len(COST_RANGES) - 1} END"
            by_index = grouped("cost", expression, params)
            counts["cost"] = {COST_RANGES[int(index)].key: count for index, count in by_index.items()}
            # Two index seeks (every proposal, public or not: years without public ones count 0).
            cursor.execute(
                f'SELECT (SELECT MIN("submitted_at") FROM {T}), (SELECT MAX("submitted_at") FROM {T})'
            )
            first, last = cursor.fetchone()
            counts["year"] = {}
            if first is not None:
                first, last = (_parse_datetime(value) for value in (first, last))
                cases, params = [], []
                for year in range(year_of(first), year_of(last) + 1):
                    cases.append(f'WHEN {T}."submitted_at" < %s THEN {year}')
                    params.append(_datetime(year_bounds(year)[1]))
                expression = f"CASE WHEN {T}.\"submitted_at\" IS NULL THEN NULL {' '.join(cases)} END"
                counts["year"] = {int(year): count for year, count in grouped("year", expression, params).items()}
        return counts

    def facets(self, query):
        return build_facets(query, self.facet_counts(query))

    # --- Similar proposals (the submission form) -----------------------------------------------

    def similar(self, text, call=None, exclude=None, limit=5):
        """Public proposals sharing the most words with `text` (any word; ranked), best first."""
        terms = query_terms(text)[:MAX_SIMILAR_TERMS]
        if not terms:
            return []
        queryset = public_proposals()
        if call is not None:
            queryset = queryset.filter(call_id=getattr(call, "pk", call))
        if exclude is not None:
            queryset = queryset.exclude(pk=getattr(exclude, "pk", exclude))
        queryset = _ranked(queryset, terms, operator="OR").select_related("call", "theme", "territory")
        return list(queryset.order_by("bank_rank", "-pk")[:limit])



def _parse_datetime(value):
    """A datetime from what the cursor returned (SQLite gives text)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.timezone.utc)
    return value
