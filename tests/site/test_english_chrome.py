"""With English chosen, the site's own words are English everywhere: navigation (the editors' links
carry an English label), breadcrumbs, headings of the standard pages, and numbers grouped with
commas. What people and editors wrote (titles, summaries) stays as written.

The Spanish chrome is every msgid of the English catalog that has a different English
translation: no line of text of an English page may be one of them.
"""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Site

from convocatorias.money import format_money
from portal.models import SiteSettings
from tests.home.factories import make_site
from tests.votaciones.factories import make_voting_call

PO_PATH = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)+)"$', re.M)


def spanish_chrome():
    text = PO_PATH.read_text()
    return {
        msgid
        for msgid, msgstr in ENTRY.findall(text)
        if msgid and msgid != msgstr and "%" not in msgid and "{" not in msgid and len(msgid) > 3
    }


def text_lines(content):
    """The lines of text people read (identifiers shown as <code>, such as the API's parameter
    names, are not words of a language)."""
    content = re.sub(r"(?s)<(script|style|code)\b.*?</\1>", "", content)
    return {line.strip() for line in html.unescape(re.sub(r"<[^>]+>", "\n", content)).splitlines() if line.strip()}


@pytest.fixture
def english_site(site):
    pages = make_site()
    call, box, proposals = make_voting_call(
        title="Presupuesto Participativo Medellín", currency="COP", ceiling=251_265_148_208, ballot_type="knapsack",
        vote_in_several_territories=True,
    )
    settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.navigation = [
        {"type": "link", "value": {"label": "Convocatorias", "label_en": "Calls", "page": pages["calls"].pk, "url": ""}},
        {"type": "link", "value": {"label": "Banco de proyectos", "label_en": "Project bank", "page": None, "url": "/banco/"}},
        {"type": "link", "value": {"label": "Estadísticas", "label_en": "Statistics", "page": None, "url": "/banco/estadisticas/"}},
        {"type": "link", "value": {"label": "Aprende", "label_en": "Learn", "page": pages["guides"].pk, "url": ""}},
        {"type": "link", "value": {"label": "Buscar", "label_en": "Search", "page": None, "url": "/buscar/"}},
    ]
    settings_.save()
    return {"call": call, "box": box, "proposal": proposals[0]}


def public_paths(data):
    call = data["call"]
    return [
        "/", "/convocatorias/", call.url, f"{call.url}propuestas/", f"/propuestas/{data['proposal'].pk}/",
        "/banco/", "/banco/estadisticas/", "/buscar/?q=parque", "/aprende/", "/cuentas/login/", "/cuentas/signup/",
        "/api/v1/", "/votar/comprobar/", "/votar/codigo/", f"/votar/convocatoria/{call.pk}/",
    ]


def signed_in_paths(data):
    return ["/cuenta/", "/propuestas/mi-participacion/", f"/votar/urna/{data['box'].pk}/"]


def english_page(client, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    content = response.content.decode()
    assert '<html lang="en">' in content, path
    return content


def test_no_spanish_chrome_on_english_pages(client, english_site, citizen):
    chrome = spanish_chrome()
    found = {}
    for path in public_paths(english_site):
        if hits := sorted(text_lines(english_page(client, path)) & chrome):
            found[path] = hits
    client.force_login(citizen)
    for path in signed_in_paths(english_site):
        if hits := sorted(text_lines(english_page(client, path)) & chrome):
            found[f"(signed in) {path}"] = hits
    assert not found, found


def test_navigation_breadcrumbs_and_money_in_english(client, english_site, citizen):
    call = english_site["call"]
    home = english_page(client, "/")
    for label in ("Calls", "Project bank", "Statistics", "Learn", "Search"):
        assert f">{label}</a>" in home
    page = english_page(client, call.url)
    assert re.search(r'class="breadcrumb"><a href="[^"]+">Calls</a>', page)
    client.force_login(citizen)
    ballot = english_page(client, f"/votar/urna/{english_site['box'].pk}/")
    assert "$ 251,265,148,208 COP" in ballot and "251.265.148.208" not in ballot
    assert 'data-separator=","' in ballot


def test_spanish_keeps_the_country_grouping(client, english_site, citizen):
    client.force_login(citizen)
    ballot = client.get(f"/votar/urna/{english_site['box'].pk}/").content.decode()
    assert "$ 251.265.148.208 COP" in ballot and 'data-separator="."' in ballot
    assert format_money(1_250_000, "COP", "es") == "$ 1.250.000 COP"
    assert format_money(1_250_000, "COP", "en") == "$ 1,250,000 COP"
    assert format_money(1_250_000, "MXN", "es") == "$ 1,250,000 MXN"
