"""Indicators, their values, monitors and fact sheets for the tests."""

import csv
import io
import itertools
from decimal import Decimal

import factory

from indicadores.models import (
    Indicator,
    IndicatorCategory,
    IndicatorValue,
    MonitorIndexPage,
    MonitorPage,
    TerritoryIndexPage,
    TerritoryPage,
)
from tests.convocatorias.factories import TerritoryFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorCategory

    name = factory.Sequence(lambda n: f"Categoría {n}")
    slug = factory.Sequence(lambda n: f"categoria-{n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"IND-{n:04d}")
    name = factory.Sequence(lambda n: f"Indicador {n}")
    unit = "personas"
    definition = "Número de personas que viven en el territorio."
    source = "INEGI"
    level = Indicator.Level.LOCAL
    featured = True


def add_values(indicators, territories, periods, *, start=100):
    """A value for every indicator × territory × period (bulk)."""
    counter = itertools.count(start)
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=i, territory=t, period=p, value=Decimal(next(counter)), source="INEGI")
            for i in indicators
            for t in territories
            for p in periods
        ]
    )


def csv_file(rows, header="indicador,territorio,municipio,periodo,valor,fuente,nota", encoding="utf-8"):
    buffer = io.StringIO()
    buffer.write(header + "\n")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return io.BytesIO(buffer.getvalue().encode(encoding))


def xlsx_file(rows, header=("indicador", "territorio", "municipio", "periodo", "valor", "fuente", "nota")):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def monitor_index(site):
    index = MonitorIndexPage.objects.first()
    if index is None:
        index = MonitorIndexPage(title="Monitores", slug="monitores")
        site["home"].add_child(instance=index)
    return index


def make_monitor(site, *, indicators, territories, title="Monitor de población"):
    ids = [t.pk for t in territories]
    body = [
        {"type": "text", "value": "<p>Un monitor de prueba.</p>"},
        {
            "type": "chart",
            "value": {"title": "", "indicator": indicators[0].pk, "territories": ids, "kind": "line", "period_from": "", "period_to": ""},
        },
        {
            "type": "chart",
            "value": {"title": "Barras", "indicator": indicators[-1].pk, "territories": ids[:2], "kind": "bar", "period_from": "2016", "period_to": ""},
        },
        {
            "type": "table",
            "value": {"title": "Tabla", "indicators": [i.pk for i in indicators], "territories": ids, "period_from": "", "period_to": ""},
        },
    ]
    page = MonitorPage(title=title, slug=f"monitor-{MonitorPage.objects.count() + 1}", summary="Resumen", body=body)
    monitor_index(site).add_child(instance=page)
    return page


def make_fact_sheet(site, territory, **fields):
    index = TerritoryIndexPage.objects.first()
    if index is None:
        index = TerritoryIndexPage(title="Fichas por territorio", slug="territorios")
        site["home"].add_child(instance=index)
    page = TerritoryPage(
        title=territory.name,
        slug=f"ficha-{territory.pk}",
        territory=territory,
        history="<p>Fundada en 1907.</p>",
        **fields,
    )
    index.add_child(instance=page)
    return page


__all__ = ["TerritoryFactory"]
