"""Public pages as a visitor meets them: home, calls, pedagogy, search, language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convocatorias.models import CallEvent
from portal.models import SiteSettings
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory, make_call, schedule_around
from tests.portal.factories import CapsuleFactory, UserFactory, make_guide

pytestmark = pytest.mark.django_db


def test_home_lists_open_calls_with_phase_and_time_left(client, site):
    make_call(title="Proyectos Ciudadanos", phases=schedule_around(current="intake"))
    finished = make_call(title="Plan Estratégico 2014", phases=[("intake", *_past())])
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Proyectos Ciudadanos" in html
    assert "Recepción de propuestas" in html
    assert "Quedan" in html
    assert finished.title not in html


def _past():
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    return now - dt.timedelta(days=400), now - dt.timedelta(days=300)


def test_home_shows_capsules_guides_and_participation_figures(client, site):
    theme = ThemeFactory(name="Desarrollo social", slug="desarrollo-social")
    capsule = CapsuleFactory(title="¿Qué es un techo presupuestal?", kind="question")
    capsule.themes.add(theme)
    CapsuleFactory(title="Oculta", show_on_home=False)
    make_guide(title="La ruta de planeación")
    UserFactory.create_batch(3)
    response = client.get("/")
    html = response.content.decode()
    assert "¿Qué es un techo presupuestal?" in html
    assert "Desarrollo social" in html
    assert "Oculta" not in html
    assert "La ruta de planeación" in html
    assert response.context["participation"]["citizens"] == 3


def test_call_page_shows_phases_territories_events_and_rules(client, site):
    comuna = TerritoryFactory(name="Villa Hermosa", code="08")
    call = make_call(
        title="Presupuesto Participativo",
        phases=schedule_around(current="voting"),
        territories=[(comuna, 12_000_000_000)],
        currency="COP",
        ballot_type="knapsack",
        results_rule="equal_shares",
        max_proposal_cost=500_000_000,
    )
    CallEvent.objects.create(call=call, title="Taller de socialización", starts_at=call.schedule[0].starts_at, place="Casa de gobierno")
    response = client.get(call.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Villa Hermosa" in html
    assert "12.000.000.000" in html  # Colombian grouping for COP
    assert "<tfoot>" in html and 'class="bar-svg"' in html
    assert "Taller de socialización" in html
    assert "Método de Partes Iguales" in html
    assert 'aria-current="step"' in html


def test_call_index_separates_open_and_finished_calls(client, site):
    make_call(title="Abierta", phases=schedule_around())
    make_call(title="Concluida", phases=[("intake", *_past())])
    response = client.get(site["calls"].url)
    groups = response.context["groups"]
    assert [c.title for c in groups["open"]] == ["Abierta"]
    assert [c.title for c in groups["finished"]] == ["Concluida"]


def test_pedagogy_index_filters_capsules_by_theme(client, site):
    theme = ThemeFactory(name="Movilidad", slug="movilidad")
    tagged = CapsuleFactory(title="Calle completa")
    tagged.themes.add(theme)
    CapsuleFactory(title="Sin eje")
    make_guide(title="El BMPI")
    html = client.get(site["guides"].url + "?eje=movilidad").content.decode()
    assert "Calle completa" in html and "Sin eje" not in html
    assert "El BMPI" in html


def test_guide_page_renders_structured_content(client, site):
    guide = make_guide(
        title="El SESP",
        body=[
            ("heading", {"text": "¿Qué hace?", "level": "h2"}),
            ("paragraph", "<p>Evalúa la viabilidad de los proyectos.</p>"),
            ("faq", {"title": "Dudas", "questions": [{"question": "¿Quién evalúa?", "answer": "<p>El IMPLAN.</p>"}]}),
            ("calendar", {"title": "Calendario", "rows": [{"event": "Taller 1", "topic": "Diagnóstico", "date": "2014-10-02", "place": ""}]}),
        ],
    )
    html = client.get(guide.url).content.decode()
    assert "<h2>¿Qué hace?</h2>" in html
    assert "¿Quién evalúa?" in html
    assert '<th scope="row">Taller 1</th>' in html


def test_footer_and_navigation_come_from_site_settings(client, site):
    settings = SiteSettings.for_site(site["home"].get_site())
    settings.institution_name = "IMPLAN Torreón"
    settings.contact_email = "contacto@implan.example"
    settings.legal_notice = "<p>Aviso legal de prueba.</p>"
    settings.navigation = [("link", {"label": "Convocatorias", "page": site["calls"], "url": ""})]
    settings.save()
    html = client.get("/").content.decode()
    assert "IMPLAN Torreón" in html
    assert "contacto@implan.example" in html
    assert "Aviso legal de prueba." in html
    assert f'href="{site["calls"].url}">Convocatorias</a>' in html
    # The footer and the menu are cached for everyone; saving the settings shows the change at once.
    settings.contact_email = "nuevo@implan.example"
    settings.navigation = [("link", {"label": "Proyectos", "page": site["calls"], "url": ""})]
    settings.save()
    html = client.get("/").content.decode()
    assert "nuevo@implan.example" in html and "contacto@implan.example" not in html
    assert ">Proyectos</a>" in html and ">Convocatorias</a>" not in html


def test_search_finds_pages(client, site):
    make_call(title="Presupuesto Participativo de Medellín", phases=schedule_around())
    make_guide(title="Ruta de planeación local")
    response = client.get(reverse("search"), {"q": "Medellín"})
    assert response.status_code == 200
    assert "Presupuesto Participativo de Medellín" in response.content.decode()
    assert "Ruta de planeación local" not in response.content.decode()


def test_search_rejects_oversized_queries_clearly(client, site):
    response = client.get(reverse("search"), {"q": "x" * 500})
    assert response.status_code == 400
    assert "demasiado larga" in response.content.decode()


def test_search_survives_odd_input(client, site):
    for query in ["", "   ", "' OR 1=1 --", "<script>alert(1)</script>", "%%%", "ñandú"]:
        response = client.get(reverse("search"), {"q": query, "pagina": "abc"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_spanish_is_default_and_english_is_available(client, site):
    make_call(title="Proyectos Ciudadanos", phases=schedule_around())
    spanish = client.get("/")
    assert '<html lang="es">' in spanish.content.decode()
    assert "Convocatorias abiertas" in spanish.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert "Open calls" in english.content.decode()


def test_language_switch_works_without_javascript(client, site):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_browser_language_does_not_override_spanish(client, site):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="es">' in html


def test_accessible_base_template(client, site):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#contenido">' in html
    assert '<main id="contenido"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert '<label for="site-search-q">' in html


@pytest.mark.parametrize("page_key", ["home", "calls", "guides", "search"])
def test_list_pages_run_a_constant_number_of_queries(
    client, site, django_assert_num_queries, django_assert_max_num_queries, page_key
):
    """Home, call index, pedagogy index and search: same query count with 3 or 30 calls/cápsulas.

    Search fetches each page type of the results page once, so it may only go down."""
    themes = [ThemeFactory() for _ in range(2)]
    territory = TerritoryFactory()

    def add_content(count):
        for i in range(count):
            make_call(title=f"Convocatoria {i}", phases=schedule_around(), themes=themes, territories=[(territory, 1000)])
            CapsuleFactory().themes.set(themes)
            make_guide(title=f"Guía de la convocatoria {i}")

    add_content(3)
    url = {"home": "/", "search": reverse("search") + "?q=convocatoria"}.get(page_key) or site[page_key].url
    assert client.get(url).status_code == 200  # warm the site and settings caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_content(27)
    assert_queries = django_assert_max_num_queries if page_key == "search" else django_assert_num_queries
    with assert_queries(len(few)):
        assert client.get(url).status_code == 200


def test_home_shows_at_most_six_open_calls_and_links_to_all(client, site):
    for i in range(8):
        make_call(title=f"Abierta {i}", phases=schedule_around())
    response = client.get("/")
    assert len(response.context["open_calls"]) == 6
    assert "Ver todas las convocatorias (2 abiertas más)" in response.content.decode()


def test_pedagogy_index_paginates_capsules(client, site):
    CapsuleFactory.create_batch(15)
    first = client.get(site["guides"].url)
    assert len(first.context["capsules"]) == 12
    second = client.get(site["guides"].url + "?pagina=2")
    assert len(second.context["capsules"]) == 3
    assert client.get(site["guides"].url + "?pagina=zzz").status_code == 200


def test_search_results_are_paginated_keeping_the_query(client, site):
    for i in range(12):
        make_guide(title=f"Guía de participación {i}")
    response = client.get(reverse("search"), {"q": "participación"})
    html = response.content.decode()
    assert len(response.context["results"]) == 10
    assert "?q=participaci%C3%B3n&amp;pagina=2" in html
    assert len(client.get(reverse("search"), {"q": "participación", "pagina": 2}).context["results"]) == 2


def test_sitemap_lists_published_pages_and_robots_points_to_it(client, site):
    call = make_call(title="Proyectos Ciudadanos", phases=schedule_around())
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert call.url in sitemap.content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_the_site_has_a_favicon(client, site):
    home = client.get("/").content.decode()
    assert 'rel="icon"' in home and "favicon.svg" in home
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert client.get(response["Location"]).status_code == 200
