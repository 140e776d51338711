"""Open-data downloads of the bank: CSV, XLSX and JSON of every matching public proposal."""

import csv
import io
import json

import pytest
from django.http import QueryDict
from openpyxl import load_workbook

from banco.exports import COLUMNS, export_response
from banco.search import parse_bank_query
from tests.banco.factories import make_bank, make_public_proposals

pytestmark = pytest.mark.django_db
HEADERS = [header for _key, header in COLUMNS]


def q(string=""):
    return parse_bank_query(QueryDict(string))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with the BOM
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_every_match_in_order_ignoring_pagination(site):
    bank = make_bank()
    response = export_response(q("orden=cost_asc&por_pagina=1&pagina=3"), "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="banco-de-proyectos-')
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    titles = [row[1] for row in rows[1:]]
    assert titles == [bank.p[key].title for key in ("alumbrado", "ciclovia", "bicicletas", "parque", "peatonal", "huerto")]
    by_title = {row[1]: dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
    bicicletas = by_title["Bicicletas públicas en el centro"]
    assert bicicletas["estado"] == "Seleccionada"
    assert bicicletas["costo estimado"] == "5000000" and bicicletas["costo validado"] == "4000000"
    assert bicicletas["convocatoria"] == "Convocatoria A" and bicicletas["año"] == "2026"
    assert bicicletas["apoyos"] == "30" and bicicletas["latitud"] == "6.25"
    assert bicicletas["enlace"].endswith(bank.p["bicicletas"].get_absolute_url())
    assert bicicletas["autoría"] == bank.p["bicicletas"].author.public_name


def test_exports_respect_filters_and_never_include_hidden_withdrawn_drafts_or_emails(site):
    bank = make_bank()
    for fmt in ("csv", "json", "xlsx"):
        content = body(export_response(q("q=ciclovía"), fmt))
        if fmt != "xlsx":
            text = content.decode("utf-8")
            assert "@" not in text  # no emails
            assert "oculta" not in text and "retirada" not in text and "borrador" not in text
    data = json.loads(body(export_response(q(f"convocatoria={bank.call_b.pk}&orden=title"), "json")))
    assert [row["title"] for row in data] == [bank.p[key].title for key in ("alumbrado", "huerto", "peatonal")]
    assert set(data[0]) == {key for key, _header in COLUMNS}


def test_json_is_an_array_even_when_empty(site):
    make_bank()
    response = export_response(q("q=palabrainexistente"), "json")
    assert response["Content-Type"] == "application/json"
    assert json.loads(body(response)) == []


def test_xlsx_parses_back(site):
    bank = make_bank()
    response = export_response(q("orden=oldest"), "xlsx")
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [row[1] for row in rows[1:]] == [bank.p[key].title for key in ("peatonal", "huerto", "ciclovia", "alumbrado", "bicicletas", "parque")]
    assert rows[1][HEADERS.index("costo estimado")] == 150_000_000


def test_spreadsheet_formulas_in_user_text_are_neutralised(site):
    bank = make_bank()
    proposal = bank.p["huerto"]
    proposal.title = "=HYPERLINK(\"http://malo\")"
    proposal.save()
    rows = csv_rows(export_response(q("estado=completed"), "csv"))
    assert rows[1][1].startswith("'=")
    workbook = load_workbook(io.BytesIO(body(export_response(q("estado=completed"), "xlsx"))), read_only=True)
    assert list(workbook.active.iter_rows(values_only=True))[1][1].startswith("'=")


@pytest.mark.parametrize("extra", [2, 20])
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_take_one_query_whatever_the_size(site, django_assert_num_queries, extra, fmt):
    bank = make_bank()
    make_public_proposals(bank.call_a, extra)
    with django_assert_num_queries(1):
        content = body(export_response(q("q=ciclovía"), fmt))
    assert content


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response(q(), "pdf")
