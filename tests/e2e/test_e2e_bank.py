"""The project bank journey in the system Chromium (marker `e2e`), see tests/e2e/conftest.py.

A citizen searches the bank at /banco/, filters by two facets (theme and status), opens a project
in execution, sees its timeline with the progress of the works, follows it, and finds it among
the projects she follows.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from banco import execution
from banco.models import ProjectFollow
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory, make_call
from tests.home.factories import make_site
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory
from tests.e2e.test_e2e_proposals import expect, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def bank(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_site()
    now = timezone.now()
    day = dt.timedelta(days=1)
    mobility = ThemeFactory(name="Movilidad", slug="movilidad")
    green = ThemeFactory(name="Medio ambiente", slug="medio-ambiente")
    centre = TerritoryFactory(name="Centro Histórico")
    call = make_call(
        title="Presupuesto por colonia 2026",
        code="PPC",
        phases=[("voting", now - 60 * day, now - 30 * day), ("monitoring", now - 20 * day, now + 300 * day)],
        territories=[(centre, 30_000_000)],
        themes=[mobility, green],
        max_proposal_cost=5_000_000,
    )
    staff = UserFactory(email="editora@example.org", display_name="Editora", is_staff=True, is_superuser=True)
    built = ProposalFactory(call=call, theme=mobility, status="selected", title="Ciclovía de la avenida Morelos")
    execution.post_update(
        proposal=built, actor=staff, status="execution", progress=35, committed_amount=900_000,
        spent_amount=300_000, text="Se pintaron los primeros 800 metros de ciclovía.",
    )
    # Same text, other facets: they must be filtered out.
    ProposalFactory(call=call, theme=mobility, status="admitted", title="Ciclovía hacia el parque")
    ProposalFactory(call=call, theme=green, status="selected", title="Ciclovía arbolada del bulevar")
    return {"built": built, "citizen": UserFactory(email="vecina@example.org", display_name="Vecina")}


def test_search_filter_open_a_project_in_execution_and_follow_it(bank, live_server, page):  # noqa: F811
    base = live_server.url
    log_in(page, base, "vecina@example.org")

    page.goto(base + "/banco/")
    main = page.get_by_role("main")
    main.get_by_label("Buscar en el banco de proyectos").fill("ciclovia")
    main.get_by_role("button", name="Buscar", exact=True).click()
    expect(main.get_by_role("status")).to_contain_text("3 propuestas")

    # Two facets: theme Movilidad and status En ejecución.
    main.get_by_role("group", name="Eje temático").get_by_label(re.compile(r"^Movilidad")).check()
    main.get_by_role("group", name="Estado").get_by_label(re.compile(r"^En ejecución")).check()
    main.get_by_role("button", name="Aplicar filtros").click()
    expect(main.get_by_role("status")).to_contain_text("1 propuesta")
    expect(main.get_by_role("link", name="Ciclovía hacia el parque")).to_have_count(0)
    expect(main.get_by_role("link", name="Ciclovía arbolada del bulevar")).to_have_count(0)

    main.get_by_role("link", name="Ciclovía de la avenida Morelos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ciclovía de la avenida Morelos")
    timeline = page.get_by_role("region", name="Historial del proyecto")
    expect(timeline).to_contain_text("Se pintaron los primeros 800 metros de ciclovía.")
    expect(timeline.get_by_role("progressbar").first).to_have_attribute("value", "35")
    expect(timeline).not_to_contain_text("Editora")

    timeline.get_by_role("button", name="Seguir este proyecto").click()
    expect(page.get_by_text("Ahora sigue este proyecto")).to_be_visible()
    timeline = page.get_by_role("region", name="Historial del proyecto")
    expect(timeline.get_by_role("button", name="Dejar de seguir")).to_be_visible()
    expect(timeline).to_contain_text("1 persona sigue este proyecto.")
    assert ProjectFollow.objects.filter(user=bank["citizen"], proposal=bank["built"]).exists()
