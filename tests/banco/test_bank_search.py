"""The bank's search: query-string parsing, Spanish analysis, highlights, the database backend."""

import uuid

import pytest
from django.db import connection
from django.http import QueryDict

from banco.search import (
    COST_RANGES,
    MAX_PER_PAGE,
    MAX_TEXT_LENGTH,
    BankQuery,
    BankQueryError,
    cost_range_of,
    get_backend,
    parse_bank_query,
)
from propuestas.search_text import analyze, document, fold, highlight, query_terms
from banco.search.database import ensure_fulltext, refresh_search_documents
from propuestas.models import Proposal
from tests.banco.factories import make_bank, make_public_proposals
from tests.propuestas.factories import ProposalFactory


def parse(string):
    return parse_bank_query(QueryDict(string))


# --- Parsing --------------------------------------------------------------------------------------


def test_parse_every_parameter():
    query = parse(
        "q=+bicicletas+&convocatoria=3&convocatoria=4&anio=2025&eje=7&territorio=8&estado=selected"
        "&costo=1m-10m&costo_min=10&costo_max=20&mapa=1&ejecucion=0&orden=cost_asc&pagina=2&por_pagina=50"
    )
    assert query == BankQuery(
        text="bicicletas",
        calls=(3, 4),
        years=(2025,),
        themes=(7,),
        territories=(8,),
        statuses=("selected",),
        cost_ranges=("1m-10m",),
        cost_min=10,
        cost_max=20,
        has_location=True,
        in_execution=False,
        sort="cost_asc",
        page=2,
        per_page=50,
    )


def test_defaults_and_empty_values():
    assert parse("") == BankQuery()
    assert parse("q=&convocatoria=&pagina=&orden=") == BankQuery()
    assert parse_bank_query({"convocatoria": ["3", "3"], "q": "x"}) == BankQuery(text="x", calls=(3,))


@pytest.mark.parametrize(
    "string, message",
    [
        ("convocatoria=abc", "se esperaba un número"),
        ("eje=1.5", "se esperaba un número"),
        ("territorio=-3", "se esperaba un número"),
        ("anio=dosmil", "se esperaba un número"),
        ("convocatoria=99999999999999999999999", "se esperaba un número"),
        ("estado=draft", "no es un estado"),
        ("estado=withdrawn", "no es un estado"),
        ("estado=cualquiera", "no es un estado"),
        ("costo=barato", "rango de costo"),
        ("orden=aleatorio", "no es un orden"),
        ("pagina=0", "mayor que cero"),
        ("pagina=-1", "mayor que cero"),
        ("pagina=uno", "mayor que cero"),
        ("pagina=99999999", "no existe"),
        ("por_pagina=0", "mayor que cero"),
        (f"por_pagina={MAX_PER_PAGE + 1}", "como máximo"),
        ("por_pagina=100000", "como máximo"),
        ("costo_min=-5", "no puede ser negativo"),
        ("costo_max=mucho", "número entero"),
        ("costo_min=10&costo_max=5", "no puede ser mayor"),
        ("mapa=quizas", "solo admite"),
        ("q=" + "a" * (MAX_TEXT_LENGTH + 1), "demasiado largo"),
        ("q=" + "bicicleta " * 1024, "demasiado largo"),
        ("&".join(f"eje={n}" for n in range(60)), "Demasiados valores"),
    ],
)
def test_malformed_queries_are_errors_with_a_spanish_message(string, message):
    with pytest.raises(BankQueryError) as error:
        parse(string)
    assert message in str(error.value)


def test_control_characters_are_dropped_from_the_text():
    assert parse("q=bici%00cleta").text == "bici cleta"


def test_querystring_round_trip_and_toggles():
    query = parse("q=vía&convocatoria=3&estado=selected&pagina=4&mapa=1")
    assert parse(query.to_querydict().urlencode()) == query
    assert parse(query.querystring(page=1)) == parse("q=vía&convocatoria=3&estado=selected&mapa=1")
    added = query.toggled("call", "5")
    assert added.calls == (3, 5) and added.page == 1
    assert query.toggled("call", "3").calls == ()
    assert parse(query.toggle_querystring("status", "admitted")).statuses == ("selected", "admitted")
    assert query.is_selected("call", "3") and not query.is_selected("call", "5")
    assert BankQuery().querystring() == ""
    assert BankQuery(sort="relevance").effective_sort == "newest"
    assert BankQuery(text="x").effective_sort == "relevance"


def test_cost_ranges_cover_every_amount_once():
    assert [cost_range_of(amount) for amount in (0, 999_999, 1_000_000, 10**8, 10**9, 10**14)] == [
        "hasta-1m",
        "hasta-1m",
        "1m-10m",
        "100m-1000m",
        "mas-1000m",
        "mas-1000m",
    ]
    for amount in (0, 5, 999_999, 1_000_000, 9_999_999, 10**8, 10**9, 10**14):
        assert sum(cost_range.contains(amount) for cost_range in COST_RANGES) == 1


# --- Analysis -------------------------------------------------------------------------------------


def test_spanish_analysis():
    assert fold("Vía Ñuñoa ÁRBOL") == "via nunoa arbol"
    assert analyze("bicicleta") == analyze("Bicicletas")
    assert analyze("vía") == analyze("via") == analyze("Vía") == analyze("VIA")
    assert analyze("de la y el") == []
    assert query_terms("parque, parques y PARQUE") == analyze("parque")
    assert document("La ciclovía", "de las bicicletas") == " ".join(analyze("ciclovía bicicletas"))


def test_highlight_marks_the_matching_words_and_escapes_everything_else():
    html = highlight("Bicicletas <b>y</b> vía & más", query_terms("bicicleta via"))
    assert html == "<mark>Bicicletas</mark> &lt;b&gt;y&lt;/b&gt; <mark>vía</mark> &amp; más"
    attack = highlight('<img src=x onerror="alert(1)"> ciclovía', query_terms("ciclovía img"))
    assert "<img" not in attack and "&lt;" in attack
    assert str(highlight("<script>x</script>", [])) == "&lt;script&gt;x&lt;/script&gt;"


def test_highlighted_query_text_cannot_inject_markup():
    html = highlight("texto normal", query_terms("<script>alert(1)</script>"))
    assert html == "texto normal"


# --- The database backend -------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_document_follows_saves_updates_and_bulk_paths(site):
    bank = make_bank()
    proposal = bank.p["parque"]
    assert "arbol" in proposal.search_document.split()
    proposal.title = "Plaza con fuentes"
    proposal.save(update_fields=["title"])
    proposal.refresh_from_db()
    assert proposal.search_title == "plaza con fuentes"
    backend = get_backend("database")
    assert [hit.proposal.pk for hit in backend.search(parse("q=fuentes")).hits] == [proposal.pk]
    # bulk_create and bulk_update fill the document too
    clone = Proposal.objects.get(pk=bank.p["huerto"].pk)
    clone.pk, clone.reference, clone.title = None, "BCB-X-1", "Biblioteca de barrio"
    clone.creation_token = uuid.uuid4()
    clone.search_document = ""
    created = Proposal.objects.bulk_create([clone])[0]
    assert [hit.proposal.pk for hit in backend.search(parse("q=biblioteca")).hits] == [created.pk]
    created.title = "Mercado municipal"
    Proposal.objects.bulk_update([created], ["title"])
    assert [hit.proposal.pk for hit in backend.search(parse("q=mercado")).hits] == [created.pk]
    # a deleted proposal leaves the full-text index
    created.delete()
    assert backend.search(parse("q=mercado")).total == 0


@pytest.mark.django_db
def test_refresh_search_documents_repairs_stale_rows(site):
    bank = make_bank()
    Proposal.objects.filter(pk=bank.p["huerto"].pk).update(search_document="", title="Huerto escolar")
    backend = get_backend("database")
    assert backend.search(parse("q=huerto")).total == 0
    seen = []
    assert refresh_search_documents(progress=lambda done, total: seen.append((done, total))) == 9
    assert seen[-1] == (9, 9)
    assert [hit.proposal.pk for hit in backend.search(parse("q=escolar")).hits] == [bank.p["huerto"].pk]


@pytest.mark.django_db
def test_fulltext_triggers_are_put_back_after_a_table_rebuild(site):
    if connection.vendor != "sqlite":
        assert ensure_fulltext() is False  # the GIN index is there
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER propuestas_proposal_fts_au")
    assert ensure_fulltext() is True
    assert ensure_fulltext() is False
    bank = make_bank()
    bank.p["huerto"].title = "Huerto con gallinas"
    bank.p["huerto"].save()
    assert get_backend("database").search(parse("q=gallinas")).total == 1


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [2, 20])
def test_search_takes_the_same_queries_whatever_the_size(site, django_assert_num_queries, extra):
    bank = make_bank()
    make_public_proposals(bank.call_a, extra)
    backend = get_backend("database")
    query = parse(f"q=ciclovía&convocatoria={bank.call_a.pk}&estado=admitted&orden=relevance")
    with django_assert_num_queries(11):
        results = backend.search(query)
    assert results.total == extra + 1
    with django_assert_num_queries(11):
        backend.search(parse("orden=cost_desc&costo=hasta-1m&mapa=1"))


@pytest.mark.django_db
def test_unknown_ids_and_a_page_past_the_end_are_empty(site):
    make_bank()
    backend = get_backend("database")
    assert backend.search(parse("convocatoria=424242&territorio=1")).total == 0
    assert backend.search(parse("pagina=500")).hits == []
    assert backend.search(parse("anio=1")).total == 0


@pytest.mark.django_db
def test_queryset_loads_call_theme_and_territory(site, django_assert_num_queries):
    make_bank()
    with django_assert_num_queries(1):
        rows = [(p.call.title, p.theme.name, p.territory.name) for p in get_backend("database").queryset(parse("q=vía"))]
    assert len(rows) == 2


@pytest.mark.django_db
def test_selected_values_stay_in_their_facet_with_zero(site):
    bank = make_bank()
    results = get_backend("database").search(parse(f"q=huerto&estado=admitted&convocatoria={bank.call_a.pk}"))
    status = {value.value: (value.count, value.selected) for value in results.facets["status"]}
    assert status["admitted"] == (0, True)
    call = {value.value: (value.count, value.selected) for value in results.facets["call"]}
    assert call[str(bank.call_a.pk)] == (0, True)


@pytest.mark.django_db
def test_similar_ignores_drafts_of_other_calls_when_asked(site):
    bank = make_bank()
    ProposalFactory(call=bank.call_a, title="Ciclovía nueva", status="draft", reference=None)
    found = get_backend("database").similar("ciclovía", call=bank.call_a)
    assert [proposal.pk for proposal in found] == [bank.p["ciclovia"].pk]
