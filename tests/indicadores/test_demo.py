"""The demo's indicators: catalogue, generated values labelled as demonstration data, two
monitors, the five colonias' fact sheets and impact indicators; a second run changes nothing."""

import pytest

from indicadores.models import Indicator, IndicatorValue, MonitorPage, ProjectIndicator, TerritoryPage
from tests.demo.test_seed import seed

pytestmark = pytest.mark.django_db

COLONIAS = {"Centro Histórico / Primitivo Centro", "Primera de Cobián", "Moderna", "Torreón Viejo", "Torreón Jardín"}


def test_demo_indicators(client):
    seed()
    assert Indicator.objects.count() >= 8
    assert IndicatorValue.objects.count() > 1000
    assert not IndicatorValue.objects.exclude(note="datos de demostración").exists()
    assert MonitorPage.objects.live().count() == 2
    assert set(TerritoryPage.objects.live().values_list("territory__name", flat=True)) == COLONIAS
    assert ProjectIndicator.objects.count() == 2
    for page in [*MonitorPage.objects.live(), *TerritoryPage.objects.live()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert "Datos de demostración" in response.content.decode(), page.url
    moderna = TerritoryPage.objects.get(territory__name="Moderna")
    assert "Banquetas accesibles" in client.get(moderna.url).content.decode()
    values = IndicatorValue.objects.count()
    output = seed()
    line = next(line for line in output.splitlines() if "Indicadores, monitores" in line)
    assert ": 0 creados, 0 actualizados, " in line and "0 escritos" in line, line
    assert IndicatorValue.objects.count() == values
