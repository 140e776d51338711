"""The evaluation sheet (staff page and PDF) shows the project's impact indicators."""

from decimal import Decimal

import pytest

from indicadores.models import ProjectIndicator
from tests.evaluacion.test_evaluation_admin import (  # noqa: F401  (fixtures)
    assignment,
    call,
    coordinator,
    criteria,
    decided,
    other_evaluator,
    proposal,
    u,
)
from tests.indicadores.factories import IndicatorFactory, add_values

pytestmark = pytest.mark.django_db


def test_sheet_includes_impact_indicators(client, decided, coordinator, settings):
    indicator = IndicatorFactory(name="Viajes en bicicleta", unit="viajes al día")
    add_values([indicator], [decided.territory], ["2020", "2022"])
    ProjectIndicator.objects.create(
        proposal=decided, indicator=indicator, baseline_value=Decimal("100"), baseline_period="2020",
        target_value=Decimal("150"), target_period="2024",
    )
    client.force_login(coordinator)
    page = client.get(u("sheet", decided.pk)).content.decode()
    assert "Indicadores de impacto" in page and "Viajes en bicicleta" in page and "2022" in page
    settings.EVALUATION_PDF_COMPRESS = False
    pdf = client.get(u("sheet_pdf", decided.pk)).content
    assert b"Viajes en bicicleta" in pdf
