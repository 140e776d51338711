"""Public pages: catalogue, indicator page, monitors, fact sheets; downloads; query counts that do
not grow with the data; the impact section on a proposal's page; permissions per role."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convocatorias.models import Territory
from indicadores import charts
from indicadores.models import ProjectIndicator
from tests.indicadores.factories import (
    IndicatorFactory,
    TerritoryFactory,
    add_values,
    make_fact_sheet,
    make_monitor,
)
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "editor", "admin"]
PERIODS = [str(year) for year in range(2015, 2025)]


@pytest.fixture
def data(site):
    territories = [TerritoryFactory(kind=Territory.Kind.COLONIA, municipality="Torreón") for _ in range(3)]
    indicators = [IndicatorFactory(), IndicatorFactory(decimals=0)]
    add_values(indicators, territories, PERIODS[:3])
    return {"territories": territories, "indicators": indicators}


def _grow(data, times=10):
    """Ten times the values: more territories, periods and indicators' values."""
    extra = [TerritoryFactory(kind=Territory.Kind.COLONIA, municipality="Torreón") for _ in range(times)]
    add_values(data["indicators"], data["territories"], PERIODS[3:])
    add_values(data["indicators"], extra, PERIODS)
    return extra


def test_catalogue_lists_by_category_and_searches(client, data):
    first, second = data["indicators"]
    response = client.get(reverse("indicadores:catalogue"))
    assert response.status_code == 200
    assert first.name in response.content.decode() and first.category.name in response.content.decode()
    response = client.get(reverse("indicadores:catalogue"), {"q": second.name})
    body = response.content.decode()
    assert second.name in body and f">{first.name}<" not in body
    response = client.get(reverse("indicadores:catalogue"), {"categoria": first.category.slug})
    assert second.name not in response.content.decode()
    assert client.get(reverse("indicadores:catalogue"), {"q": "x" * 300}).status_code == 400


def test_indicator_page_has_chart_table_and_downloads(client, data):
    indicator = data["indicators"][0]
    response = client.get(indicator.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "<table" in body and "2016" in body
    assert indicator.definition in body
    assert client.get(reverse("indicadores:detail", args=("NADA",))).status_code == 404
    csv_response = client.get(reverse("indicadores:download", args=(indicator.code, "csv")))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("indicador,nombre,unidad,territorio")
    assert len(lines) == 1 + 3 * 3
    xlsx = client.get(reverse("indicadores:download", args=(indicator.code, "xlsx")))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1 + 9
    assert client.get(reverse("indicadores:download", args=(indicator.code, "pdf"))).status_code == 404


def test_indicator_page_queries_constant(client, data, django_assert_num_queries):
    url = data["indicators"][0].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(data)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_monitor_page_and_downloads(client, site, data):
    monitor = make_monitor(site, indicators=data["indicators"], territories=data["territories"])
    response = client.get(monitor.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") == 2 and "Un monitor de prueba." in body and "Tabla" in body
    index = client.get(monitor.get_parent().url)
    assert monitor.title in index.content.decode()
    csv_response = client.get(monitor.url + "descargar/csv/")
    assert csv_response.status_code == 200
    rows = csv_response.content.decode("utf-8-sig").splitlines()
    # chart 1: 3 territories × 3 periods; chart 2: 2 × 2 (from 2016); table: 2 × 3 × 3
    assert len(rows) == 1 + 9 + 4 + 18
    assert client.get(monitor.url + "descargar/xlsx/").status_code == 200
    assert client.get(monitor.url + "descargar/pdf/").status_code == 404


def test_monitor_queries_constant(client, site, data, django_assert_num_queries):
    monitor = make_monitor(site, indicators=data["indicators"], territories=data["territories"])
    client.get(monitor.url)
    with CaptureQueriesContext(connection) as small:
        client.get(monitor.url)
    _grow(data)
    more = make_monitor(site, indicators=data["indicators"] * 3, territories=data["territories"], title="Otro")
    more.body = list(more.body.raw_data) * 4
    more.save()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(monitor.url)
    assert response.status_code == 200
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(more.url).status_code == 200


def test_fact_sheet_shows_indicators_and_projects(client, site, data):
    territory = data["territories"][0]
    call = make_proposal_call(current="supports", territories=[territory])
    shown = ProposalFactory(call=call, territory=territory, title="Banquetas accesibles", status="selected")
    ProposalFactory(call=call, territory=territory, title="Borrador oculto", status="draft")
    ProposalFactory(call=call, territory=territory, title="Ocultada", hidden=True)
    page = make_fact_sheet(site, territory)
    response = client.get(page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fundada en 1907." in body
    assert data["indicators"][0].name in body and "<svg" in body
    assert shown.title in body and "Seleccionada" in body
    assert "Borrador oculto" not in body and "Ocultada" not in body
    # The indicator page links the territory to its fact sheet.
    assert page.url in client.get(data["indicators"][0].get_absolute_url()).content.decode()


def test_fact_sheet_queries_constant(client, site, data, django_assert_num_queries):
    territory = data["territories"][0]
    call = make_proposal_call(current="supports", territories=[territory])
    ProposalFactory(call=call, territory=territory)
    page = make_fact_sheet(site, territory)
    client.get(page.url)
    with CaptureQueriesContext(connection) as small:
        client.get(page.url)
    _grow(data)
    for _ in range(10):
        ProposalFactory(call=call, territory=territory)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(page.url).status_code == 200


def test_fact_sheet_with_chosen_indicators(client, site, data):
    territory = data["territories"][1]
    page = make_fact_sheet(site, territory)
    page.key_indicators.set([data["indicators"][1]])
    page.save()
    body = client.get(page.url).content.decode()
    assert data["indicators"][1].name in body and f">{data['indicators'][0].name}<" not in body


def test_impact_section_on_proposal_page(client, editor, data):
    territory = data["territories"][0]
    call = make_proposal_call(current="supports", territories=[territory])
    proposal = ProposalFactory(call=call, territory=territory, status="in_execution")
    indicator = data["indicators"][0]
    url = proposal.get_absolute_url()
    assert "Impacto esperado" not in client.get(url).content.decode()
    ProjectIndicator.objects.create(
        proposal=proposal, indicator=indicator, baseline_value=Decimal("100"), baseline_period="2015",
        target_value=Decimal("120"), target_period="2017",
    )
    body = client.get(url).content.decode()
    assert "Impacto esperado" in body and "2016" in body and "En ejecución" in body
    assert "Editar los indicadores de impacto" not in body
    client.force_login(editor)
    body = client.get(url).content.decode()
    assert reverse("indicadores_admin:impact", args=(proposal.pk,)) in body


def test_impact_admin_adds_and_validates(client, editor, data):
    territory = data["territories"][0]
    call = make_proposal_call(current="supports", territories=[territory])
    proposal = ProposalFactory(call=call, territory=territory)
    client.force_login(editor)
    url = reverse("indicadores_admin:impact", args=(proposal.pk,))
    assert client.get(url).status_code == 200
    form = {"indicator": data["indicators"][0].pk, "baseline_value": "10", "baseline_period": "2020", "target_value": "5", "target_period": "2023"}
    assert client.post(url, form).status_code == 302
    assert ProjectIndicator.objects.get().target_period == "2023"
    assert client.post(url, form).status_code == 400  # twice the same indicator
    bad = {**form, "indicator": data["indicators"][1].pk, "target_period": "2019"}
    response = client.post(url, bad)
    assert response.status_code == 400 and "posterior" in response.content.decode()
    assert client.get(reverse("indicadores_admin:impact", args=(999999,))).status_code == 404


def test_chart_geometry():
    chart = charts.chart(
        chart_id="x", title="t", description="d", kind="line", periods=["2020", "2021"],
        series=[("A", {"2020": Decimal("1"), "2021": Decimal("3")}), ("B", {"2021": Decimal("-2")})],
    )
    assert chart["y_ticks"][0]["text"].startswith("-")
    assert len(chart["series"][0]["markers"]) == 2 and len(chart["series"][1]["markers"]) == 1
    assert charts.scale([])[:2] == (0.0, 1.0)


# --- Permissions --------------------------------------------------------------------------------


def _urls(site, data):
    territory = data["territories"][0]
    monitor = make_monitor(site, indicators=data["indicators"], territories=data["territories"])
    sheet = make_fact_sheet(site, territory)
    call = make_proposal_call(current="supports", territories=[territory])
    proposal = ProposalFactory(call=call, territory=territory)
    indicator = data["indicators"][0]
    public = dict.fromkeys(ROLES, 200)
    editors = {"anonymous": "login", "citizen": "login", "evaluator": 302, "editor": 200, "admin": 200}
    return {
        "catalogue": (reverse("indicadores:catalogue"), public),
        "indicator": (indicator.get_absolute_url(), public),
        "indicator csv": (reverse("indicadores:download", args=(indicator.code, "csv")), public),
        "monitor index": (monitor.get_parent().url, public),
        "monitor": (monitor.url, public),
        "monitor xlsx": (monitor.url + "descargar/xlsx/", public),
        "fact sheet index": (sheet.get_parent().url, public),
        "fact sheet": (sheet.url, public),
        "admin import": (reverse("indicadores_admin:import"), editors),
        "admin impact": (reverse("indicadores_admin:impact", args=(proposal.pk,)), editors),
        "admin catalogue": (reverse("wagtailsnippets_indicadores_indicator:list"), editors),
        "admin values": (reverse("wagtailsnippets_indicadores_indicatorvalue:list"), editors),
        "admin impact list": (reverse("wagtailsnippets_indicadores_projectindicator:list"), editors),
        "admin add monitor": (reverse("wagtailadmin_pages:add", args=("indicadores", "monitorpage", monitor.get_parent().pk)), editors),
    }


VIEWS = [
    "catalogue", "indicator", "indicator csv", "monitor index", "monitor", "monitor xlsx", "fact sheet index",
    "fact sheet", "admin import", "admin impact", "admin catalogue", "admin values", "admin impact list", "admin add monitor",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS)
def test_view_permissions(client, site, data, user_by_role, view, role):
    url, expected_by_role = _urls(site, data)[view]
    user = user_by_role[role]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    expected = expected_by_role[role]
    if expected == "login":
        assert response.status_code == 302, (view, role)
        assert "/login/" in response["Location"], response["Location"]
    else:
        assert response.status_code == expected, (view, role, response.status_code)


def test_moderator_cannot_import(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("indicadores_admin:import")).status_code == 302


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_indicators_and_values(client, data):
    indicator = data["indicators"][0]
    body = client.get("/api/v1/indicadores/").json()
    assert body["total"] == 2 and body["resultados"][0]["clave"] == indicator.code
    assert client.get(f"/api/v1/indicadores/{indicator.pk}/").json()["nombre"] == indicator.name
    assert client.get("/api/v1/indicadores/categorias/").json()["total"] == 2
    values = client.get("/api/v1/indicadores/valores/", {"indicador": indicator.pk, "desde": "2016", "por_pagina": 2}).json()
    assert values["total"] == 3 * 2 and len(values["resultados"]) == 2
    assert values["resultados"][0]["periodo"] == "2016"
    assert client.get("/api/v1/indicadores/valores/", {"desde": "ayer"}).status_code == 400
    assert client.get("/api/v1/indicadores/999999/").status_code == 404


def test_api_schema_documents_the_indicators(client, db):
    schema = client.get("/api/v1/esquema/").json()
    for path in ("/api/v1/indicadores/", "/api/v1/indicadores/{id}/", "/api/v1/indicadores/categorias/", "/api/v1/indicadores/valores/"):
        assert path in schema["paths"], path
    names = {p["name"] for p in schema["paths"]["/api/v1/indicadores/valores/"]["get"]["parameters"]}
    assert {"indicador", "territorio", "desde", "hasta", "pagina", "por_pagina"} <= names
