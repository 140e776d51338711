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

from dataclasses import dataclass, field


class BankQueryError(ValueError):
    """A query string the bank cannot understand; the message is for the person (translated)."""


#: Facet names, in the order the page shows them.
FACETS = ("call", "year", "theme", "territory", "status", "cost")

#: Orders people can choose. "relevance" only means something with text (else it is "newest").
SORTS = ("relevance", "newest", "oldest", "cost_asc", "cost_desc", "supports", "title")

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_TEXT_LENGTH = 200


@dataclass(frozen=True)
class BankQuery:
    text: str = ""
    calls: tuple[int, ...] = ()  # CallPage ids
    years: tuple[int, ...] = ()  # year the proposal was submitted
    themes: tuple[int, ...] = ()  # Theme ids
    territories: tuple[int, ...] = ()  # Territory ids
    statuses: tuple[str, ...] = ()  # Proposal.Status values among the public ones
    cost_ranges: tuple[str, ...] = ()  # keys of COST_RANGES
    cost_min: int | None = None  # cost = validated cost if any, else the estimate
    cost_max: int | None = None
    has_location: bool = False  # the map view
    in_execution: bool = False  # projects being built or finished (the monitoring page)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@dataclass(frozen=True)
class FacetValue:
    value: str  # what goes in the query string
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    proposal: object  # a Proposal with call, theme and territory loaded
    highlights: dict = field(default_factory=dict)  # "title" / "summary" → safe HTML with <mark>
    score: float | None = None


@dataclass
class BankResults:
    query: BankQuery
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]  # name in FACETS → values with counts

    @property
    def pages(self):
        return max(1, -(-self.total // self.query.per_page))
