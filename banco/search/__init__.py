"""Search of the project bank: one interface, two backends (database and Elasticsearch).

Everything outside this package talks only to what is defined here:

    query = parse_bank_query(request.GET)        # BankQueryError (Spanish message) → 400
    results = get_backend().search(query)        # BankResults: hits, total, facets
    proposals = get_backend().queryset(query)    # every match, in the query's order (exports, API, map)
    similar = get_backend().similar(text, call=call, exclude=proposal, limit=5)

Semantics shared by both backends (the contract tests hold them to it):

- Only public proposals (submitted or later, not withdrawn, not hidden) are ever searched, counted
  or returned.
- The text matches title, summary, problem and solution in Spanish: accents and case are ignored
  and words are stemmed ("bicicleta" finds "bicicletas", "via" finds "vía"); every word of the
  query must match (AND).
- Facets: values inside one facet combine with OR, facets combine with AND. A facet's counts are
  computed with every other facet's filter and the text applied, but not its own, so people can
  add values to a facet they have already filtered on.
- Unknown ids in a facet simply match nothing; malformed values are a BankQueryError.
"""

from .query import (  # noqa: F401  (the package's interface)
    BankQueryError,
    FACETS,
    SORTS,
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    MAX_TEXT_LENGTH,
    BankQuery,
    FacetValue,
    Hit,
    BankResults,
    PARAMS,
    FACET_FIELDS,
    ID_FACETS,
    MAX_FACET_VALUES,
    MAX_PAGE,
    MAX_AMOUNT,
    PUBLIC_STATUSES,
    EXECUTION_STATUSES,
    CostRange,
    COST_RANGES,
    COST_RANGE_BY_KEY,
    cost_range_of,
    parse_bank_query,
    to_querydict,
)

# --- Backends -----------------------------------------------------------------------------------

_backends = {}


def get_backend(name=None):
    """The search backend: Elasticsearch when settings.ELASTICSEARCH_URL is set, else the database.

    `name` ("database" or "elasticsearch") forces one (the contract tests use it).
    """
    from django.conf import settings

    url = getattr(settings, "ELASTICSEARCH_URL", None)
    name = name or ("elasticsearch" if url else "database")
    if name == "elasticsearch":
        key = (name, url, getattr(settings, "BANK_SEARCH_INDEX", "participa-banco"))
        if key not in _backends:
            from .elastic import ElasticsearchBackend

            _backends[key] = ElasticsearchBackend(url=url, index=key[2])
        return _backends[key]
    if "database" not in _backends:
        from .database import DatabaseBackend

        _backends["database"] = DatabaseBackend()
    return _backends["database"]


def similar_proposals(*, call, text, exclude_pk=None, limit=5):
    """The public proposals closest in text to `text` (title and summary words) ("more like this"):
    the same call's when `call` is given, never `exclude_pk`."""
    if not (text or "").strip():
        return []
    return list(get_backend().similar(text, call=call, exclude=exclude_pk, limit=limit))[:limit]
