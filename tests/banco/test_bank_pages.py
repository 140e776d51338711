"""The project bank's public pages: search with facets, map, projects in execution, downloads and
the similar-proposals fragment of the submission form."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banco.models import ExecutionUpdate
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "editor", "moderator", "admin"]
PAGES = ["banco:search", "banco:map", "banco:execution", "banco:execution_map"]


@pytest.fixture
def every_role(user_by_role, moderator):
    return {**user_by_role, "moderator": moderator}


@pytest.fixture
def bank(site):
    """Two calls; public, hidden, withdrawn and draft proposals; two projects in execution."""
    themes = [ThemeFactory(name="Movilidad"), ThemeFactory(name="Ambiente")]
    territories = [TerritoryFactory(name="Comuna Norte"), TerritoryFactory(name="Comuna Sur")]
    call = make_proposal_call(title="Presupuesto 2026", theme=themes[0], territories=territories, currency="COP")
    call.themes.add(themes[1])
    other = make_proposal_call(title="Presupuesto 2025", code="PPA", currency="MXN")
    bike = ProposalFactory(
        call=call,
        title="Ciclovía protegida en la avenida",
        summary="Bicicletas seguras para ir a la escuela.",
        territory=territories[0],
        theme=themes[0],
        estimated_cost=2_000_000,
        latitude=Decimal("6.250000"),
        longitude=Decimal("-75.560000"),
    )
    park = ProposalFactory(
        call=call,
        title="Parque de bolsillo",
        summary="Árboles y bancas en el lote baldío.",
        problem="No hay sombra.",
        solution="Sembrar árboles nativos.",
        territory=territories[1],
        theme=themes[1],
        estimated_cost=40_000_000,
        status="in_execution",
        latitude=Decimal("6.240000"),
        longitude=Decimal("-75.570000"),
    )
    library = ProposalFactory(
        call=other,
        title="Biblioteca comunitaria",
        summary="Libros para el barrio.",
        problem="No hay biblioteca.",
        solution="Una biblioteca.",
        status="completed",
        estimated_cost=900_000,
    )
    located = {"latitude": Decimal("6.2"), "longitude": Decimal("-75.5")}
    hidden = ProposalFactory(call=call, title="Propuesta oculta secreta", hidden=True, **located)
    withdrawn = ProposalFactory(call=call, title="Propuesta retirada secreta", status="withdrawn", **located)
    draft = ProposalFactory(call=call, title="Borrador secreto", status="draft", **located)
    ExecutionUpdate.objects.create(proposal=park, status="planned", progress=10, text="Diseño.")
    ExecutionUpdate.objects.create(
        proposal=park, status="execution", progress=45, committed_amount=30_000_000, spent_amount=12_500_000, text="Obra."
    )
    ExecutionUpdate.objects.create(proposal=library, status="completed", progress=100, spent_amount=850_000, text="Lista.")
    return {
        "call": call,
        "other": other,
        "themes": themes,
        "territories": territories,
        "bike": bike,
        "park": park,
        "library": library,
        "secret": [hidden, withdrawn, draft],
    }


def _get(client, name, query="", **kwargs):
    url = reverse(name, **kwargs)
    return client.get(f"{url}?{query}" if query else url)


def _text(response):
    return response.content.decode()


def _titles(response):
    return [hit.proposal.title for hit in response.context["hits"]]


# --- Everyone may read every page ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_public_for_every_role(client, bank, every_role, role):
    if every_role[role]:
        client.force_login(every_role[role])
    for name in PAGES:
        response = _get(client, name)
        assert response.status_code == 200, name
        page = _text(response)
        for secret in ("secreta", "secreto"):
            assert secret not in page


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_downloads_are_public_for_every_role(client, bank, every_role, role, fmt):
    if every_role[role]:
        client.force_login(every_role[role])
    response = _get(client, "banco:download", args=[fmt])
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt != "xlsx":
        assert b"secret" not in body


@pytest.mark.parametrize("role", ROLES)
def test_similar_fragment_is_public_for_every_role(client, bank, every_role, role):
    if every_role[role]:
        client.force_login(every_role[role])
    response = _get(client, "banco:similar", f"q=ciclovía segura&convocatoria={bank['call'].pk}")
    assert response.status_code == 200


# --- Search page --------------------------------------------------------------------------------


def test_search_lists_public_proposals_with_facets_counts_and_cards(client, bank):
    response = _get(client, "banco:search")
    page = _text(response)
    assert sorted(_titles(response)) == ["Biblioteca comunitaria", "Ciclovía protegida en la avenida", "Parque de bolsillo"]
    assert response.context["results"].total == 3
    assert 'role="status"' in page and "3 propuestas" in page
    assert '<label for="bank-q">' in page
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    calls = {item["value"].label: item["value"].count for item in facets["call"]["values"]}
    assert calls == {"Presupuesto 2026": 2, "Presupuesto 2025": 1}
    # A checkbox per value, named as the query string wants it, and the count shown.
    call_value = bank["call"].pk
    assert f'name="convocatoria" value="{call_value}"' in page
    assert "Presupuesto 2026 <span class=\"facet__count\">(2" in page
    # Cards: a link to the proposal page, the reference, the cost in the call's currency.
    assert reverse("propuestas:detail", args=[bank["bike"].pk]) in page
    assert bank["bike"].reference in page
    assert "$ 2.000.000 COP" in page
    assert "$ 900,000 MXN" in page
    # Downloads keep the filters; a map view exists.
    assert reverse("banco:download", args=["csv"]) in page
    assert reverse("banco:map") in page


def test_facets_toggle_and_combine(client, bank):
    call, territory, theme = bank["call"], bank["territories"][0], bank["themes"][0]
    response = _get(client, "banco:search", f"convocatoria={call.pk}")
    assert sorted(_titles(response)) == ["Ciclovía protegida en la avenida", "Parque de bolsillo"]
    page = _text(response)
    assert f'name="convocatoria" value="{call.pk}" checked' in page
    # The selected value is a chip whose link removes it.
    chips = response.context["chips"]
    assert [chip["label"] for chip in chips] == ["Convocatoria: Presupuesto 2026"]
    assert chips[0]["remove"] == ""
    # The other values of the same facet can still be added (OR), and show their count.
    other_call = next(item for item in response.context["facets"][0]["values"] if not item["value"].selected)
    assert other_call["value"].count == 1
    both = _get(client, "banco:search", other_call["toggle"])
    assert both.context["results"].total == 3
    # Facets combine with AND.
    response = _get(client, "banco:search", f"convocatoria={call.pk}&territorio={territory.pk}&eje={theme.pk}")
    assert _titles(response) == ["Ciclovía protegida en la avenida"]
    assert len(response.context["chips"]) == 3
    removed = next(chip for chip in response.context["chips"] if chip["label"].startswith("Territorio"))
    assert f"territorio={territory.pk}" not in removed["remove"] and f"convocatoria={call.pk}" in removed["remove"]
    # Status and cost range.
    response = _get(client, "banco:search", "estado=in_execution&estado=completed&costo=10m-100m")
    assert _titles(response) == ["Parque de bolsillo"]
    response = _get(client, "banco:search", "costo_min=1000000&costo_max=3000000")
    assert _titles(response) == ["Ciclovía protegida en la avenida"]
    assert "Costo desde" in _text(response)


def test_text_search_highlights_matches_and_escapes_titles(client, bank):
    ProposalFactory(call=bank["call"], title="<script>alert(1)</script> bicicletas", summary="<b>bicicleta</b> roja")
    response = _get(client, "banco:search", "q=bicicleta")
    page = _text(response)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<b>bicicleta</b>" not in page
    assert "<mark>" in page
    assert "Ciclovía protegida en la avenida" in page


def test_the_header_search_box_stays_empty_on_bank_pages(client, bank):
    """The site search box in the header shows only the site search's own text."""
    for name in ("banco:search", "banco:execution", "banco:map"):
        page = _text(_get(client, name, "q=bicicleta"))
        assert 'id="site-search-q" type="search" name="q" maxlength="200" value=""' in page
        assert "BankQuery" not in page


def test_sort_and_pagination_keep_the_filters(client, bank):
    call = bank["call"]
    for index in range(5):
        ProposalFactory(call=call, title=f"Alumbrado {index}", estimated_cost=1_000 + index)
    response = _get(client, "banco:search", f"convocatoria={call.pk}&orden=cost_asc&por_pagina=2")
    assert response.status_code == 200
    assert _titles(response) == ["Alumbrado 0", "Alumbrado 1"]
    page = _text(response)
    assert f"convocatoria={call.pk}&amp;orden=cost_asc&amp;por_pagina=2&amp;pagina=2" in page
    assert '<option value="cost_asc" selected>' in page
    second = _get(client, "banco:search", f"convocatoria={call.pk}&orden=cost_asc&por_pagina=2&pagina=2")
    assert _titles(second) == ["Alumbrado 2", "Alumbrado 3"]
    # Past the end: the last page.
    last = _get(client, "banco:search", f"convocatoria={call.pk}&orden=cost_asc&por_pagina=2&pagina=99")
    assert last.status_code == 200 and last.context["page_obj"].number == 4


def test_empty_state(client, site):
    response = _get(client, "banco:search")
    assert response.status_code == 200
    assert "Aún no hay propuestas en el banco de proyectos." in _text(response)
    response = _get(client, "banco:search", "q=nada")
    assert "Ninguna propuesta coincide con la búsqueda" in _text(response)


@pytest.mark.parametrize(
    "query",
    [
        "estado=inventado",
        "costo=muchisimo",
        "convocatoria=abc",
        "pagina=-1",
        "pagina=0",
        "pagina=abc",
        "por_pagina=100000",
        "costo_min=500&costo_max=10",
        "costo_min=-5",
        "orden=aleatorio",
        "q=" + "a" * 10_000,
    ],
)
def test_malformed_queries_are_a_400_with_a_message(client, bank, query):
    for name in PAGES:
        response = _get(client, name, query)
        assert response.status_code == 400, name
        page = _text(response)
        assert 'role="alert"' in page and "No pudimos entender la búsqueda." in page
        assert 'value="' + "a" * 201 not in page  # the search box keeps at most 200 characters


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_malformed_download_is_a_400(client, bank, fmt):
    response = _get(client, "banco:download", "pagina=-1&estado=x", args=[fmt])
    assert response.status_code == 400


def test_unknown_ids_match_nothing(client, bank):
    response = _get(client, "banco:search", "convocatoria=999999&territorio=888888")
    assert response.status_code == 200
    assert _titles(response) == []


def test_hidden_withdrawn_and_drafts_are_never_shown(client, bank):
    for name in PAGES:
        for query in ("", "q=secreta", "q=secreto", f"convocatoria={bank['call'].pk}"):
            page = _text(_get(client, name, query))
            for title in ("Propuesta oculta secreta", "Propuesta retirada secreta", "Borrador secreto"):
                assert title not in page
    for fmt in ("csv", "json"):
        response = _get(client, "banco:download", args=[fmt])
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"secret" not in body


# --- Map ----------------------------------------------------------------------------------------


def _map_points(response):
    match = re.search(r'<script id="bank-map-data" type="application/json">(.*?)</script>', _text(response), re.S)
    return json.loads(match.group(1))


def test_map_embeds_located_public_proposals_and_lists_them(client, bank):
    response = _get(client, "banco:map")
    assert response.status_code == 200
    points = _map_points(response)
    assert sorted(point["title"] for point in points) == ["Ciclovía protegida en la avenida", "Parque de bolsillo"]
    bike = next(point for point in points if point["id"] == bank["bike"].pk)
    assert bike["lat"] == 6.25 and bike["url"] == reverse("propuestas:detail", args=[bank["bike"].pk])
    page = _text(response)
    assert "vendor/leaflet/leaflet.js" in page and "data-bank-map" in page
    assert "<caption>" in page and '<th scope="row"><a href' in page
    assert "2 propuestas con ubicación" in page
    # The list view of the same filters is one link away.
    filtered = _get(client, "banco:map", f"territorio={bank['territories'][0].pk}")
    assert [point["title"] for point in _map_points(filtered)] == ["Ciclovía protegida en la avenida"]
    assert f"{reverse('banco:search')}?territorio={bank['territories'][0].pk}" in _text(filtered)


def test_map_data_is_escaped(client, bank):
    ProposalFactory(call=bank["call"], title="</script><script>alert(1)</script>", latitude=Decimal("6.1"), longitude=Decimal("-75.1"))
    response = _get(client, "banco:map")
    page = _text(response)
    assert "</script><script>alert(1)" not in page
    assert any(point["title"].startswith("</script>") for point in _map_points(response))


def test_map_says_when_it_shows_only_part(client, bank, monkeypatch):
    from banco import views

    monkeypatch.setattr(views, "MAP_LIMIT", 1)
    response = _get(client, "banco:map")
    assert len(_map_points(response)) == 1
    assert "El mapa muestra 1 de 2 propuestas con ubicación" in _text(response)


# --- Projects in execution ---------------------------------------------------------------------


def test_execution_list_shows_progress_and_money_of_the_latest_update(client, bank):
    response = _get(client, "banco:execution")
    assert sorted(_titles(response)) == ["Biblioteca comunitaria", "Parque de bolsillo"]
    page = _text(response)
    park = bank["park"]
    assert f'<progress id="progress-{park.pk}" max="100" value="45">45 %</progress>' in page
    assert f'<label for="progress-{park.pk}">' in page
    assert "$ 30.000.000 COP" in page and "$ 12.500.000 COP" in page
    assert "$ 850,000 MXN" in page
    assert "Ciclovía" not in page
    # Filterable like the bank: the same facets, and links that stay on this page.
    response = _get(client, "banco:execution", f"convocatoria={bank['other'].pk}")
    assert _titles(response) == ["Biblioteca comunitaria"]
    assert "ejecucion=1" not in _text(response).split("descargar")[0]


def test_execution_map_has_only_projects_in_execution(client, bank):
    response = _get(client, "banco:execution_map")
    assert [point["title"] for point in _map_points(response)] == ["Parque de bolsillo"]
    assert "45 %" in _text(response)


# --- Queries ------------------------------------------------------------------------------------


def _add_proposals(bank, count):
    call, territories = bank["call"], bank["territories"]
    for index in range(count):
        proposal = ProposalFactory(
            call=call,
            title=f"Propuesta de alumbrado {index}",
            territory=territories[index % 2],
            status="in_execution" if index % 2 else "admitted",
            latitude=Decimal("6.2") + index,
            longitude=Decimal("-75.5"),
        )
        ExecutionUpdate.objects.create(proposal=proposal, status="execution", progress=index, text="Avance.")


@pytest.mark.parametrize("name", PAGES)
def test_pages_run_a_constant_number_of_queries(client, bank, name, django_assert_num_queries):
    query = f"q=alumbrado&territorio={bank['territories'][0].pk}&territorio={bank['territories'][1].pk}"
    _add_proposals(bank, 2)
    _get(client, name, query)  # warm the caches (site root paths, settings)
    with CaptureQueriesContext(connection) as two:
        assert _get(client, name, query).status_code == 200
    _add_proposals(bank, 18)
    with django_assert_num_queries(len(two.captured_queries)):
        response = _get(client, name, query)
    assert response.context["results"].total == (10 if "execution" in name else 20)


# --- Downloads ----------------------------------------------------------------------------------


def test_downloads_respect_the_filters(client, bank):
    response = _get(client, "banco:download", f"convocatoria={bank['other'].pk}", args=["json"])
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Biblioteca comunitaria".encode() in body
    assert "Ciclovía".encode() not in body
    page = _text(_get(client, "banco:search", f"convocatoria={bank['other'].pk}"))
    assert f"{reverse('banco:download', args=['csv'])}?convocatoria={bank['other'].pk}" in page


def test_downloads_are_rate_limited_per_ip(client, bank, settings):
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "bank_download": (2, 3600)}
    statuses = [_get(client, "banco:download", args=["csv"]).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_unknown_download_format_is_a_404(client, bank):
    assert client.get("/banco/descargar.pdf").status_code == 404


# --- Similar proposals --------------------------------------------------------------------------


def test_similar_fragment_lists_public_proposals_of_the_call(client, bank):
    response = _get(client, "banco:similar", f"q=ciclovía para bicicletas&convocatoria={bank['call'].pk}")
    page = _text(response)
    assert "¿Ya existe algo parecido?" in page
    assert reverse("propuestas:detail", args=[bank["bike"].pk]) in page
    assert "Biblioteca" not in page  # another call
    assert page.count("<li>") <= 5
    # Excluding the proposal being edited.
    response = _get(client, "banco:similar", f"q=ciclovía bicicletas&convocatoria={bank['call'].pk}&excluir={bank['bike'].pk}")
    assert reverse("propuestas:detail", args=[bank["bike"].pk]) not in _text(response)


def test_similar_fragment_escapes_and_bounds_input(client, bank):
    ProposalFactory(call=bank["call"], title="<img src=x onerror=alert(1)> ciclovía")
    response = _get(client, "banco:similar", f"q=ciclovía&convocatoria={bank['call'].pk}")
    assert "<img src=x" not in _text(response)
    assert _get(client, "banco:similar", "q=" + "ciclovía " * 2000).status_code == 200
    assert _get(client, "banco:similar", "q=ciclovía&convocatoria=abc").status_code == 400
    assert _get(client, "banco:similar", "q=ciclovía&excluir=²").status_code == 400
    assert _get(client, "banco:similar", "q=ciclovía&convocatoria=99999999").status_code == 200
    empty = _get(client, "banco:similar", "q=")
    assert empty.status_code == 200 and "<li>" not in _text(empty)


def test_similar_fragment_is_rate_limited(client, bank, settings):
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "bank_similar": (2, 3600)}
    statuses = [_get(client, "banco:similar", "q=ciclovía").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_proposal_form_has_the_similar_panel(client, site, citizen):
    call = make_proposal_call()
    client.force_login(citizen)
    page = _text(client.get(call.new_proposal_url))
    assert f'data-similar-url="{reverse("banco:similar")}?convocatoria={call.pk}"' in page
    assert 'aria-live="polite"' in page and "banco/similar.js" in page


def test_draft_preview_lists_similar_proposals_from_the_bank(client, site, citizen):
    call = make_proposal_call()
    ProposalFactory(call=call, title="Recolección de basura en el centro histórico", summary="Contenedores y horarios")
    ProposalFactory(call=call, title="Huertos urbanos", summary="Agricultura en azoteas")
    draft = ProposalFactory(call=call, author=citizen, status="draft", title="Contenedores de basura", summary="Centro histórico limpio")
    client.force_login(citizen)
    similar = [proposal.title for proposal in client.get(draft.get_absolute_url()).context["similar"]]
    assert similar and similar[0] == "Recolección de basura en el centro histórico"
    assert "Huertos urbanos" not in similar and "Contenedores de basura" not in similar
