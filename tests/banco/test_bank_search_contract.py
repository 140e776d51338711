"""One contract for every search backend of the bank: same queries, same ids, same order, same counts.

Runs against the database backend always, and against Elasticsearch when ELASTICSEARCH_URL is set:

    ELASTICSEARCH_URL=http://localhost:9200 .venv/bin/python -m pytest tests/banco/test_bank_search_contract.py

The expected ids are written out, so both backends are held to the same answers.
"""

import os

import pytest
from django.http import QueryDict
from django.test import override_settings

from banco.search import get_backend, parse_bank_query
from tests.banco.factories import make_bank

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")
BACKENDS = [
    "database",
    pytest.param(
        "elasticsearch",
        marks=[pytest.mark.elasticsearch, pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL no está definido")],
    ),
]

pytestmark = pytest.mark.django_db


@pytest.fixture(params=BACKENDS)
def backend(request, site):
    if request.param == "database":
        with override_settings(ELASTICSEARCH_URL=None):
            yield get_backend("database")
        return
    with override_settings(ELASTICSEARCH_URL=ELASTICSEARCH_URL, BANK_SEARCH_INDEX="participa-banco-test"):
        yield get_backend("elasticsearch")


@pytest.fixture
def bank(backend):
    bank = make_bank()
    if backend.name == "elasticsearch":
        backend.rebuild()
    return bank


def q(string=""):
    return parse_bank_query(QueryDict(string))


def ids(results):
    return [hit.proposal.pk for hit in results.hits]


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet] if value.count}


def test_everything_newest_first_and_never_the_hidden_withdrawn_or_draft(backend, bank):
    results = backend.search(q())
    assert ids(results) == bank.ids("parque", "bicicletas", "alumbrado", "ciclovia", "huerto", "peatonal")
    assert results.total == 6
    never = {proposal.pk for proposal in bank.never}
    assert not never & set(ids(results))
    assert not never & {proposal.pk for proposal in backend.queryset(q("q=ciclovía"))}
    assert sum(counts(results, "status").values()) == 6
    assert sum(counts(results, "call").values()) == 6


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bicicleta", {"ciclovia", "bicicletas"}),
        ("BICICLETAS", {"ciclovia", "bicicletas"}),
        ("via", {"ciclovia", "peatonal"}),
        ("Vía", {"ciclovia", "peatonal"}),
        ("ciclovia", {"ciclovia"}),
        ("parque árboles", {"parque"}),
        ("parque", {"parque", "alumbrado"}),
        ("de la", {"parque", "bicicletas", "alumbrado", "ciclovia", "huerto", "peatonal"}),
        ("palabrainexistente", set()),
    ],
)
def test_text_is_stemmed_folded_and_every_word_must_match(backend, bank, text, expected):
    results = backend.search(q(f"q={text}"))
    assert set(ids(results)) == set(bank.ids(*expected))
    assert results.total == len(expected)


def test_relevance_puts_the_best_match_first(backend, bank):
    assert ids(backend.search(q("q=bicicletas")))[0] == bank.p["bicicletas"].pk


@pytest.mark.parametrize(
    "string, expected",
    [
        ("convocatoria={a}", ["parque", "bicicletas", "ciclovia"]),
        ("convocatoria={a}&convocatoria={b}", ["parque", "bicicletas", "alumbrado", "ciclovia", "huerto", "peatonal"]),
        ("eje={theme_a}", ["bicicletas", "ciclovia", "huerto"]),
        ("eje={theme_a}&convocatoria={b}", ["huerto"]),
        ("territorio={t0}", ["parque", "ciclovia"]),
        ("territorio={t0}&territorio={t1}&estado=selected", ["bicicletas"]),
        ("anio=2025", ["alumbrado", "ciclovia"]),
        ("anio=2024&anio=2026", ["parque", "bicicletas", "huerto", "peatonal"]),
        ("estado=in_execution&estado=completed", ["huerto", "peatonal"]),
        ("ejecucion=1", ["bicicletas", "huerto", "peatonal"]),
        ("costo=hasta-1m", ["alumbrado", "ciclovia"]),
        ("costo=1m-10m", ["bicicletas"]),
        ("costo=10m-100m&costo=mas-1000m", ["parque", "huerto"]),
        ("costo_min=1000000&costo_max=150000000", ["parque", "bicicletas", "peatonal"]),
        ("mapa=1", ["bicicletas", "ciclovia", "peatonal"]),
        ("q=via&mapa=1&orden=newest", ["ciclovia", "peatonal"]),
        ("q=parque&convocatoria={b}", ["alumbrado"]),
        ("convocatoria=999999", []),
        ("eje=999999&q=parque", []),
    ],
)
def test_facets_and_filters(backend, bank, string, expected):
    string = string.format(
        a=bank.call_a.pk,
        b=bank.call_b.pk,
        theme_a=bank.theme_a.pk,
        t0=bank.territories[0].pk,
        t1=bank.territories[1].pk,
    )
    results = backend.search(q(string))
    assert ids(results) == bank.ids(*expected)
    assert results.total == len(expected)
    assert [proposal.pk for proposal in backend.queryset(q(string))] == bank.ids(*expected)


def test_facet_counts_leave_out_their_own_filter(backend, bank):
    results = backend.search(q(f"convocatoria={bank.call_a.pk}&estado=admitted"))
    assert ids(results) == bank.ids("ciclovia")
    # The call facet counts admitted proposals of every call; the status facet those of call A.
    assert counts(results, "call") == {str(bank.call_a.pk): 1}
    assert counts(results, "status") == {"admitted": 1, "selected": 1, "shortlisted": 1}
    assert counts(results, "theme") == {str(bank.theme_a.pk): 1}
    assert counts(results, "year") == {"2025": 1}
    assert counts(results, "cost") == {"hasta-1m": 1}
    selected = {facet: [v.value for v in values if v.selected] for facet, values in results.facets.items()}
    assert selected["call"] == [str(bank.call_a.pk)]
    assert selected["status"] == ["admitted"]


def test_facet_counts_over_everything(backend, bank):
    results = backend.search(q())
    assert counts(results, "call") == {str(bank.call_a.pk): 3, str(bank.call_b.pk): 3}
    assert counts(results, "year") == {"2024": 2, "2025": 2, "2026": 2}
    assert counts(results, "theme") == {str(bank.theme_a.pk): 3, str(bank.theme_b.pk): 3}
    assert counts(results, "territory") == {
        str(bank.territories[0].pk): 2,
        str(bank.territories[1].pk): 1,
        str(bank.territories[2].pk): 3,
    }
    assert counts(results, "status") == {
        "admitted": 1,
        "selected": 1,
        "shortlisted": 1,
        "in_execution": 1,
        "completed": 1,
        "not_selected": 1,
    }
    assert counts(results, "cost") == {"hasta-1m": 2, "1m-10m": 1, "10m-100m": 1, "100m-1000m": 1, "mas-1000m": 1}
    assert [value.value for value in results.facets["year"]] == ["2026", "2025", "2024"]
    assert [value.label for value in results.facets["theme"]] == ["Espacio público", "Movilidad"]


def test_facet_counts_with_text(backend, bank):
    results = backend.search(q("q=parque"))
    assert counts(results, "call") == {str(bank.call_a.pk): 1, str(bank.call_b.pk): 1}
    assert counts(results, "status") == {"shortlisted": 1, "not_selected": 1}


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("newest", ["parque", "bicicletas", "alumbrado", "ciclovia", "huerto", "peatonal"]),
        ("oldest", ["peatonal", "huerto", "ciclovia", "alumbrado", "bicicletas", "parque"]),
        ("cost_asc", ["alumbrado", "ciclovia", "bicicletas", "parque", "peatonal", "huerto"]),
        ("cost_desc", ["huerto", "peatonal", "parque", "bicicletas", "ciclovia", "alumbrado"]),
        ("supports", ["peatonal", "bicicletas", "ciclovia", "alumbrado", "parque", "huerto"]),
        ("title", ["alumbrado", "bicicletas", "ciclovia", "huerto", "parque", "peatonal"]),
        ("relevance", ["parque", "bicicletas", "alumbrado", "ciclovia", "huerto", "peatonal"]),
    ],
)
def test_sorts(backend, bank, sort, expected):
    assert ids(backend.search(q(f"orden={sort}"))) == bank.ids(*expected)
    assert [proposal.pk for proposal in backend.queryset(q(f"orden={sort}"))] == bank.ids(*expected)


def test_pagination(backend, bank):
    page_2 = backend.search(q("por_pagina=2&pagina=2"))
    assert ids(page_2) == bank.ids("alumbrado", "ciclovia")
    assert page_2.total == 6 and page_2.pages == 3
    past_the_end = backend.search(q("por_pagina=2&pagina=9"))
    assert ids(past_the_end) == [] and past_the_end.total == 6
    every = [proposal.pk for proposal in backend.queryset(q("por_pagina=2&pagina=2"))]
    assert len(every) == 6  # the queryset ignores pagination


def test_highlights(backend, bank):
    hit = backend.search(q("q=bicicleta")).hits[0]
    assert "<mark>Bicicletas</mark>" in hit.highlights["title"]
    assert "<mark>bicicletas</mark>" in hit.highlights["summary"]
    escaped = backend.search(q("q=alumbrado")).hits[0]
    assert "<script>" not in escaped.highlights["summary"]
    assert "&lt;script&gt;" in escaped.highlights["summary"]


def test_similar_proposals(backend, bank):
    found = backend.similar("Queremos bicicletas públicas y préstamo junto al metro", limit=3)
    assert found[0].pk == bank.p["bicicletas"].pk
    excluded = backend.similar("bicicletas públicas préstamo metro", exclude=bank.p["bicicletas"], limit=5)
    assert bank.p["bicicletas"].pk not in [proposal.pk for proposal in excluded]
    in_call_b = backend.similar("parque ciclovía bicicletas vía", call=bank.call_b, limit=5)
    assert {proposal.call_id for proposal in in_call_b} <= {bank.call_b.pk}
    hidden = backend.similar("Ciclovía oculta por moderación retirada borrador parque", limit=10)
    assert not {proposal.pk for proposal in hidden} & {proposal.pk for proposal in bank.never}
    assert backend.similar("de la y", limit=5) == []


def test_a_proposal_that_becomes_hidden_leaves_the_results(backend, bank):
    proposal = bank.p["parque"]
    proposal.hidden = True
    proposal.save()
    if backend.name == "elasticsearch":
        backend.refresh()
    results = backend.search(q("q=parque"))
    assert ids(results) == bank.ids("alumbrado")
    assert counts(results, "status") == {"not_selected": 1}
