"""Importing values: good files, every kind of bad line (rejected whole with line numbers),
idempotence, XLSX, encodings, the admin screen and the command."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from convocatorias.models import Territory
from indicadores import importing, periods
from indicadores.models import Indicator, IndicatorValue
from indicadores.services import import_values
from tests.indicadores.factories import IndicatorFactory, TerritoryFactory, csv_file, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    moderna = TerritoryFactory(name="Moderna", code="", kind=Territory.Kind.COLONIA, municipality="Torreón")
    centro = TerritoryFactory(name="Centro", code="", kind=Territory.Kind.COLONIA, municipality="Torreón")
    centro_gp = TerritoryFactory(name="Centro", code="", kind=Territory.Kind.COLONIA, municipality="Gómez Palacio")
    comuna = TerritoryFactory(name="Popular", code="01", kind=Territory.Kind.COMUNA, municipality="Medellín")
    town = TerritoryFactory(name="Torreón", code="", kind=Territory.Kind.MUNICIPIO, municipality="Torreón")
    pop = IndicatorFactory(code="POB-001", name="Población total")
    rate = IndicatorFactory(code="MUN-001", name="Ingresos propios", level=Indicator.Level.MUNICIPALITY)
    return {"moderna": moderna, "centro": centro, "centro_gp": centro_gp, "comuna": comuna, "town": town, "pop": pop, "rate": rate}


GOOD = [
    ("POB-001", "Moderna", "", "2020", "5321", "INEGI Censo 2020", ""),
    ("pob-001", "moderna", "", "2021", "5,400.5", "", "estimación"),
    ("POB-001", "01", "", "2020-t3", "1234,5", "", ""),
    ("POB-001", "Centro", "Torreón", "2020", "10", "", ""),
    ("MUN-001", "Torreón", "", "2020", "-3.25", "", ""),
]


def test_good_file_is_imported(world):
    report = import_values(csv_file(GOOD))
    assert report.ok, report.errors
    assert (report.rows, report.indicators, report.territories) == (5, 2, 4)
    values = {(v.indicator.code, v.territory.name, v.period): v for v in IndicatorValue.objects.select_related("indicator", "territory")}
    assert values[("POB-001", "Moderna", "2021")].value == Decimal("5400.5")
    assert values[("POB-001", "Moderna", "2021")].note == "estimación"
    assert values[("POB-001", "Moderna", "2020")].source == "INEGI Censo 2020"
    assert values[("POB-001", "Popular", "2020-T3")].value == Decimal("1234.5")
    assert values[("POB-001", "Centro", "2020")].territory == world["centro"]
    assert values[("MUN-001", "Torreón", "2020")].value == Decimal("-3.25")


def test_reimport_is_idempotent_and_updates(world):
    assert import_values(csv_file(GOOD)).ok
    assert import_values(csv_file(GOOD)).ok
    assert IndicatorValue.objects.count() == 5
    changed = [("POB-001", "Moderna", "", "2020", "6000", "Conteo 2020", "corregido")]
    assert import_values(csv_file(changed)).ok
    value = IndicatorValue.objects.get(territory=world["moderna"], period="2020")
    assert (value.value, value.source, value.note) == (Decimal("6000"), "Conteo 2020", "corregido")
    assert IndicatorValue.objects.count() == 5


def test_bad_lines_reject_the_whole_file_with_line_numbers(world):
    rows = GOOD[:1] + [
        ("NOPE-1", "Moderna", "", "2020", "1", "", ""),  # line 3
        ("POB-001", "Atlántida", "", "2020", "1", "", ""),  # line 4
        ("POB-001", "Centro", "", "2020", "1", "", ""),  # line 5: ambiguous
        ("POB-001", "Moderna", "", "20x0", "1", "", ""),  # line 6
        ("POB-001", "Moderna", "", "2019", "mucho", "", ""),  # line 7
        ("POB-001", "Moderna", "", "2020", "7", "", ""),  # line 8: duplicate of line 2
        ("MUN-001", "Moderna", "", "2020", "7", "", ""),  # line 9: wrong level
    ]
    report = import_values(csv_file(rows))
    assert not report.ok
    text = "\n".join(report.errors)
    assert "Línea 3: no existe un indicador con la clave «NOPE-1»" in text
    assert "Línea 4: no existe el territorio «Atlántida»" in text
    assert "Línea 5: hay varios territorios «Centro»" in text
    assert "Línea 6: el periodo «20x0»" in text
    assert "Línea 7: el valor «mucho» no es un número" in text
    assert "Línea 8: repite el indicador, el territorio y el periodo de la línea 2" in text
    assert "Línea 9: el indicador «MUN-001»" in text
    assert IndicatorValue.objects.count() == 0


def test_rejection_leaves_earlier_values_untouched(world):
    assert import_values(csv_file(GOOD)).ok
    bad = [("POB-001", "Moderna", "", "2020", "999", "", ""), ("POB-001", "Moderna", "", "2020", "x", "", "")]
    assert not import_values(csv_file(bad)).ok
    assert IndicatorValue.objects.get(territory=world["moderna"], period="2020").value == Decimal("5321")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "vacío"),
        ("indicador,territorio\nPOB-001,Moderna\n".encode(), "La primera línea debe nombrar las columnas"),
        ("indicador,territorio,periodo,valor\n".encode(), "no tiene valores"),
        ("indicador,territorio,periodo,valor\nPOB-001,Torreón Jardín,2020,1\n".encode("latin-1"), "UTF-8"),
        (b"PK\x03\x04not really a workbook", "XLSX"),
    ],
)
def test_unreadable_files_are_refused(world, content, message):
    report = import_values(io.BytesIO(content))
    assert not report.ok
    assert message in report.errors[0]


def test_semicolons_and_bom(world):
    data = "\ufeffindicador;territorio;periodo;valor\nPOB-001;Moderna;2020;12,5\n".encode("utf-8")
    report = import_values(io.BytesIO(data))
    assert report.ok, report.errors
    assert IndicatorValue.objects.get().value == Decimal("12.5")


def test_xlsx_file(world):
    rows = [("POB-001", "Moderna", None, 2020, 5321, "INEGI", None), ("POB-001", "01", None, "2021", 12.75, None, None)]
    report = import_values(xlsx_file(rows))
    assert report.ok, report.errors
    assert IndicatorValue.objects.get(territory=world["comuna"]).value == Decimal("12.75")


def test_xlsx_bad_line(world):
    report = import_values(xlsx_file([("POB-001", "Moderna", None, 2020, "n/d", None, None)]))
    assert report.errors == ["Línea 2: el valor «n/d» no es un número."]


def test_periods_and_values_parse():
    assert periods.normalise("2020") == "2020"
    assert periods.normalise(2020) == "2020"
    assert periods.normalise(2020.0) == "2020"
    assert periods.normalise("2020-s2") == "2020-S2"
    assert periods.normalise("2020 Q4") == "2020-T4"
    assert periods.normalise("2020/7") == "2020-07"
    assert periods.normalise("1800") is None
    assert periods.normalise("2020-13") is None
    assert importing.parse_value("1,234") == Decimal("1234")
    assert importing.parse_value("1.234,5") == Decimal("1234.5")
    assert importing.parse_value("1,234.5") == Decimal("1234.5")
    assert importing.parse_value("nan") is None
    assert importing.parse_value("1e30") is None


def test_command_imports_with_progress(world, tmp_path):
    path = tmp_path / "valores.csv"
    path.write_bytes(csv_file(GOOD).getvalue())
    out = io.StringIO()
    call_command("import_indicators", str(path), stdout=out)
    assert "5 valores de 2 indicadores" in out.getvalue()
    assert IndicatorValue.objects.count() == 5


def test_command_refuses_a_bad_file(world, tmp_path):
    path = tmp_path / "valores.csv"
    path.write_bytes(csv_file([("XX", "Moderna", "", "2020", "1", "", "")]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), stdout=io.StringIO(), stderr=err)
    assert "Línea 2" in err.getvalue()


def test_admin_upload(client, editor, world):
    client.force_login(editor)
    url = reverse("indicadores_admin:import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("valores.csv", csv_file(GOOD).getvalue(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 5
    bad = SimpleUploadedFile("valores.csv", csv_file([("XX", "Moderna", "", "2020", "1", "", "")]).getvalue())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Línea 2: no existe un indicador" in response.content.decode()
    assert client.post(url, {}).status_code == 400


def test_a_download_imports_back_with_its_sources_and_notes(client, world):
    assert import_values(csv_file(GOOD)).ok
    response = client.get(reverse("indicadores:download", args=("POB-001", "csv")))
    text = response.content.decode("utf-8-sig")
    assert "INEGI Censo 2020" in text and "estimación" in text
    before = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "source", "note"))
    report = import_values(io.BytesIO(response.content))
    assert report.ok, report.errors
    assert report.rows == 4
    assert list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "source", "note")) == before
