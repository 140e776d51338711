"""The Elasticsearch 8 backend (used when settings.ELASTICSEARCH_URL is set), through elasticsearch.dsl.

The index (settings.BANK_SEARCH_INDEX, default "participa-banco") is an alias pointing at a
concrete index made by `rebuild_bank_index`; it holds only public proposals (a change that makes a
proposal non-public removes it, see indexing.py). Text fields use `bank_spanish`: lowercase →
asciifolding → Spanish stop words (the same list as propuestas/search_text.py) → Snowball Spanish, so matches are
those of the database backend. Facets are aggregations with the database backend's multi-select
semantics: every facet filter goes in `post_filter`, and each facet's aggregation is wrapped in a
`filter` aggregation with the other facets' filters. Orders are the database backend's, ties
broken by id, and the title order uses the same folded key (`Proposal.search_title`).
"""

import time

from django.utils.safestring import mark_safe
from elasticsearch.dsl import A, Q, Search, analyzer, token_filter

from .query import COST_RANGES, EXECUTION_STATUSES, FACETS, BankResults, Hit, cost_range_of
from propuestas.search_text import SPANISH_STOP_WORDS, highlight, query_terms
from .common import build_facets, public_proposals, year_of

TEXT_FIELDS = ("title^3", "summary^2", "problem", "solution")
FACET_FIELD = {
    "origin": "origin",
    "call": "call",
    "year": "year",
    "theme": "theme",
    "territory": "territory",
    "status": "status",
    "cost": "cost_range",
}
FACET_SIZE = 500
MAX_WINDOW = 10_000  # index.max_result_window: deeper pages come back empty

bank_spanish = analyzer(
    "bank_spanish",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("bank_spanish_stop", type="stop", stopwords=list(SPANISH_STOP_WORDS)),
        token_filter("bank_spanish_stemmer", type="snowball", language="Spanish"),
    ],
)


def index_body():
    """Settings and mappings of the index (a plain dict, compared in tests)."""
    text = {"type": "text", "analyzer": "bank_spanish"}
    analysis = bank_spanish.get_analysis_definition()
    return {
        "settings": {"number_of_shards": 1, "analysis": analysis},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": {"type": "long"},
                "reference": {"type": "keyword"},
                "title": text,
                "summary": text,
                "problem": text,
                "solution": text,
                "call": {"type": "long"},
                "theme": {"type": "long"},
                "territory": {"type": "long"},
                "status": {"type": "keyword"},
                "origin": {"type": "keyword"},
                "year": {"type": "integer"},
                "cost": {"type": "long"},
                "cost_range": {"type": "keyword"},
                "supports": {"type": "long"},
                "comments": {"type": "long"},
                "submitted_at": {"type": "date"},
                "has_location": {"type": "boolean"},
                "location": {"type": "geo_point"},
                "sort_title": {"type": "keyword"},
            },
        },
    }


def to_document(proposal):
    """The indexed document of a (public) proposal."""
    document = {
        "id": proposal.pk,
        "reference": proposal.reference or "",
        "title": proposal.title,
        "summary": proposal.summary,
        "problem": proposal.problem,
        "solution": proposal.solution,
        "call": proposal.call_id,
        "theme": proposal.theme_id,
        "territory": proposal.territory_id,
        "status": proposal.status,
        "origin": proposal.origin,
        "year": year_of(proposal.submitted_at),
        "cost": proposal.cost,
        "cost_range": cost_range_of(proposal.cost),
        "supports": proposal.supports_count,
        "comments": proposal.comments_count,
        "submitted_at": proposal.submitted_at.isoformat() if proposal.submitted_at else None,
        "has_location": proposal.has_location,
        "location": {"lat": float(proposal.latitude), "lon": float(proposal.longitude)} if proposal.has_location else None,
        "sort_title": proposal.search_title,
    }
    return document


# --- Building the request -----------------------------------------------------------------------


def facet_filters(query):
    """{facet: Q} for every facet with a selection."""
    filters = {}
    if query.origins:
        filters["origin"] = Q("terms", origin=list(query.origins))
    if query.calls:
        filters["call"] = Q("terms", call=list(query.calls))
    if query.years:
        filters["year"] = Q("terms", year=list(query.years))
    if query.themes:
        filters["theme"] = Q("terms", theme=list(query.themes))
    if query.territories:
        filters["territory"] = Q("terms", territory=list(query.territories))
    if query.statuses:
        filters["status"] = Q("terms", status=list(query.statuses))
    if query.cost_ranges:
        filters["cost"] = Q("terms", cost_range=list(query.cost_ranges))
    return filters


def base_query(query):
    """The text and the filters that are not facets (they apply to hits and counts alike)."""
    must, filters = [], []
    if query.text and query_terms(query.text):
        must.append(
            Q(
                "multi_match",
                query=query.text,
                fields=list(TEXT_FIELDS),
                type="cross_fields",
                operator="and",
                zero_terms_query="all",
            )
        )
    if query.cost_min is not None or query.cost_max is not None:
        bounds = {}
        if query.cost_min is not None:
            bounds["gte"] = query.cost_min
        if query.cost_max is not None:
            bounds["lte"] = query.cost_max
        filters.append(Q("range", cost=bounds))
    if query.has_location:
        filters.append(Q("term", has_location=True))
    if query.in_execution:
        filters.append(Q("terms", status=list(EXECUTION_STATUSES)))
    if query.plan_items:
        # Alignments live in the database (planes): the aligned ids, never more than the aligned projects.
        filters.append(Q("terms", id=aligned_ids(query.plan_items)))
    if not must and not filters:
        return Q("match_all")
    return Q("bool", must=must, filter=filters)


def aligned_ids(item_ids):
    """Ids of the projects aligned with the plan items or an item below them (one query)."""
    from .common import proposal_model
    from .database import plan_condition

    sql, params = plan_condition(item_ids)
    return list(proposal_model().objects.extra(where=[sql], params=params).values_list("pk", flat=True))


def sort_of(query):
    sort = query.effective_sort
    if sort == "relevance" and not query_terms(query.text):
        sort = "newest"
    return {
        "relevance": ["_score", {"id": "desc"}],
        "newest": [{"submitted_at": {"order": "desc", "missing": "_last"}}, {"id": "desc"}],
        "oldest": [{"submitted_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
        "cost_asc": [{"cost": "asc"}, {"id": "asc"}],
        "cost_desc": [{"cost": "desc"}, {"id": "desc"}],
        "supports": [{"supports": "desc"}, {"id": "desc"}],
        "title": [{"sort_title": "asc"}, {"id": "asc"}],
    }[sort]


def build_search(query, *, index="participa-banco", using=None):
    """The Search of a bank query: hits (one page), post_filter, facet aggregations, highlights."""
    search = Search(using=using, index=index).query(base_query(query))
    filters = facet_filters(query)
    if filters:
        search = search.post_filter(Q("bool", filter=list(filters.values())))
    for facet in FACETS:
        others = [condition for name, condition in filters.items() if name != facet]
        terms = A("terms", field=FACET_FIELD[facet], size=FACET_SIZE)
        wrapper = A("filter", Q("bool", filter=others) if others else Q("match_all"))
        wrapper.bucket("values", terms)
        search.aggs.bucket(facet, wrapper)
    offset = (query.page - 1) * query.per_page
    size = query.per_page if offset + query.per_page <= MAX_WINDOW else 0
    search = search.sort(*sort_of(query)).source(False).extra(from_=0 if size == 0 else offset, size=size, track_total_hits=True)
    if query_terms(query.text):
        search = search.highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html", number_of_fragments=0
        ).highlight("title", "summary")
    return search


def parse_facets(aggregations):
    """{facet: {value: count}} from the response's aggregations (a dict)."""
    counts = {}
    for facet in FACETS:
        buckets = aggregations.get(facet, {}).get("values", {}).get("buckets", [])
        counts[facet] = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
    return counts


def parse_hits(body):
    """[(id, score, {field: html})] from a search response (a dict)."""
    hits = []
    for hit in body.get("hits", {}).get("hits", []):
        hits.append((int(hit["_id"]), hit.get("_score"), {k: v[0] for k, v in hit.get("highlight", {}).items() if v}))
    return hits


def total_of(body):
    total = body.get("hits", {}).get("total", 0)
    return total["value"] if isinstance(total, dict) else int(total)


def results_from_response(query, body):
    """BankResults from a raw response (dict): hits loaded from the database, in the index order."""
    parsed = parse_hits(body)
    ids = [pk for pk, _score, _highlights in parsed]
    proposals = public_proposals().select_related("call", "theme", "territory").in_bulk(ids) if ids else {}
    terms = query_terms(query.text)
    hits = []
    for pk, score, highlights in parsed:
        proposal = proposals.get(pk)
        if proposal is None:  # deleted or no longer public since it was indexed
            continue
        shown = {}
        for field in ("title", "summary"):
            fragment = highlights.get(field)
            shown[field] = mark_safe(fragment) if fragment else highlight(getattr(proposal, field), terms)
        hits.append(Hit(proposal=proposal, highlights=shown, score=score))
    counts = parse_facets(body.get("aggregations", {}))
    counts["plan"] = {pk: total_of(body) for pk in query.plan_items}
    facets = build_facets(query, counts)
    return BankResults(query=query, hits=hits, total=total_of(body), facets=facets)


def similar_search(text, *, call=None, exclude=None, limit=5, index="participa-banco", using=None):
    condition = Q(
        "more_like_this",
        fields=["title", "summary", "problem", "solution"],
        like=text,
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=30,
        minimum_should_match="1",
    )
    filters, excluded = [], []
    if call is not None:
        filters.append(Q("term", call=getattr(call, "pk", call)))
    if exclude is not None:
        excluded.append(Q("ids", values=[str(getattr(exclude, "pk", exclude))]))
    search = Search(using=using, index=index).query(Q("bool", must=[condition], filter=filters, must_not=excluded))
    return search.sort("_score", {"id": "desc"}).source(False).extra(size=limit)


# --- The backend ----------------------------------------------------------------------------------


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url, index="participa-banco", client=None):
        self.url = url
        self.index = index
        self._client = client

    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(self.url, request_timeout=10)
        return self._client

    # Searching

    def search(self, query):
        body = build_search(query, index=self.index, using=self.client).execute().to_dict()
        return results_from_response(query, body)

    def matching_ids(self, query):
        search = Search(using=self.client, index=self.index).query(base_query(query))
        filters = facet_filters(query)
        if filters:
            search = search.filter(Q("bool", filter=list(filters.values())))
        search = search.sort(*sort_of(query)).source(False).params(preserve_order=True, size=1000)
        return [int(hit.meta.id) for hit in search.scan()]

    def queryset(self, query):
        """Every match, in the query's order. Without text the filters are plain columns, so the
        database answers (same semantics, checked by the contract tests); with text the ids come
        from the index and the order is the index's for relevance, the database's otherwise."""
        from django.db.models import Case, IntegerField, When

        from .database import ORDERINGS, DatabaseBackend

        database = DatabaseBackend()
        if not query_terms(query.text):
            return database.queryset(query)
        ids = self.matching_ids(query)
        queryset = database.filtered(query, text=False).filter(pk__in=ids).select_related("call", "theme", "territory")
        if query.effective_sort == "relevance":
            position = Case(*(When(pk=pk, then=index) for index, pk in enumerate(ids)), output_field=IntegerField())
            return queryset.order_by(position) if ids else queryset
        return queryset.order_by(*ORDERINGS[query.effective_sort])

    def similar(self, text, call=None, exclude=None, limit=5):
        if not query_terms(text):
            return []
        body = similar_search(text, call=call, exclude=exclude, limit=limit, index=self.index, using=self.client).execute().to_dict()
        ids = [pk for pk, _score, _highlights in parse_hits(body)]
        proposals = public_proposals().select_related("call", "theme", "territory").in_bulk(ids)
        return [proposals[pk] for pk in ids if pk in proposals]

    # Indexing

    def ensure_index(self):
        """Create an empty index behind the alias if there is none (never a dynamic mapping)."""
        if getattr(self, "_index_checked", False):
            return
        if not self.client.indices.exists(index=self.index):
            concrete = f"{self.index}-{int(time.time() * 1000)}"
            self.client.indices.create(index=concrete, **index_body())
            self.client.indices.put_alias(index=concrete, name=self.index)
        self._index_checked = True

    def update(self, proposal_id):
        """Index the proposal if it is public, remove it otherwise."""
        self.ensure_index()
        proposal = public_proposals().filter(pk=proposal_id).first()
        if proposal is None:
            self.client.options(ignore_status=404).delete(index=self.index, id=str(proposal_id))
            return False
        self.client.index(index=self.index, id=str(proposal.pk), document=to_document(proposal))
        return True

    def rebuild(self, progress=None, batch_size=1000):
        """A new concrete index, every public proposal in bulk, then the alias moved to it."""
        from elasticsearch.helpers import bulk

        client = self.client
        concrete = f"{self.index}-{int(time.time() * 1000)}"
        client.indices.create(index=concrete, **index_body())
        queryset = public_proposals().order_by("pk")
        total = queryset.count()
        done = 0

        def actions():
            nonlocal done
            for proposal in queryset.iterator(chunk_size=batch_size):
                done += 1
                if progress and done % batch_size == 0:
                    progress(done, total)
                yield {"_index": concrete, "_id": str(proposal.pk), "_source": to_document(proposal)}

        bulk(client, actions(), chunk_size=batch_size)
        client.indices.refresh(index=concrete)
        if progress:
            progress(done, total)
        old = []
        if client.indices.exists_alias(name=self.index):
            old = list(client.indices.get_alias(name=self.index).keys())
        elif client.indices.exists(index=self.index):
            client.indices.delete(index=self.index)  # a concrete index in the alias's place
        moves = [{"remove": {"index": name, "alias": self.index}} for name in old]
        moves.append({"add": {"index": concrete, "alias": self.index}})
        client.indices.update_aliases(actions=moves)
        for name in old:
            client.indices.delete(index=name, ignore_unavailable=True)
        self._index_checked = True
        return done

    def refresh(self):
        self.client.indices.refresh(index=self.index)


__all__ = ["COST_RANGES", "ElasticsearchBackend"]
