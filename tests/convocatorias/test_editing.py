"""Editors build pedagogy in the Wagtail admin: guides with structured content and cápsulas."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from portal.models import Capsule, GuidePage
from tests.convocatorias.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_editor_publishes_a_guide_page(client, site, editor):
    theme = ThemeFactory(name="Buen gobierno", slug="buen-gobierno")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("portal", "guidepage", site["guides"].pk))
    data = nested_form_data(
        {
            "title": "¿Qué es el SESP?",
            "slug": "que-es-el-sesp",
            "summary": "El sistema que evalúa y da seguimiento a los proyectos.",
            "body": streamfield(
                [
                    ("heading", {"text": "¿Qué hace?", "level": "h2"}),
                    ("paragraph", rich_text("<ul><li>Evalúa la viabilidad de los proyectos.</li></ul>")),
                    ("quote", "Memoria institucional"),
                ]
            ),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["themes"] = [theme.pk]
    response = client.post(url, data)
    assert response.status_code == 302
    guide = GuidePage.objects.get(slug="que-es-el-sesp")
    assert guide.live
    html = client.get(guide.url).content.decode()
    assert "Evalúa la viabilidad de los proyectos." in html
    assert "Buen gobierno" in html


def test_editor_creates_a_capsule_shown_on_the_home_page(client, site, editor):
    theme = ThemeFactory(name="Desarrollo social", slug="desarrollo-social")
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_portal_capsule:add"),
        {
            "kind": "acronym",
            "title": "BIPL",
            "slug": "bipl",
            "body": rich_text("<p>Banco de Información de Proyectos Locales.</p>"),
            "themes": [theme.pk],
            "show_on_home": "on",
            "published_at": "2026-11-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Capsule.objects.get(slug="bipl").themes.get() == theme
    assert "Banco de Información de Proyectos Locales." in client.get("/").content.decode()


def test_capsule_body_is_limited_to_a_few_lines(client, site, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_portal_capsule:add"),
        {
            "kind": "concept",
            "title": "Demasiado larga",
            "slug": "larga",
            "body": rich_text("<p>" + "palabra " * 400 + "</p>"),
            "published_at": "2026-11-01",
        },
    )
    assert response.status_code == 200
    assert not Capsule.objects.filter(slug="larga").exists()


def test_unknown_page_gives_a_helpful_404(client, site):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_staff_sign_in_to_the_admin_through_the_site_accounts(client, site):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/cuentas/login/")
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/cuentas/login/?next=%2Fadmin%2Fpages%2F"
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/cuentas/login/?next=%2Fadmin%2F"


@pytest.mark.parametrize(
    "value, ok",
    [("/buscar/", True), ("https://implantorreon.gob.mx/", True), ("", True),
     ("//evil.example", False), ("javascript:alert(1)", False), ("buscar", False)],
)
def test_navigation_links_accept_site_paths_and_web_addresses(value, ok):
    from django.core.exceptions import ValidationError

    from portal.models import validate_link

    if ok:
        validate_link(value)
    else:
        with pytest.raises(ValidationError):
            validate_link(value)


def test_editor_saves_site_settings_with_a_relative_link(client, site, editor):
    from portal.models import SiteSettings

    client.force_login(editor)
    wagtail_site = site["home"].get_site()
    url = reverse("wagtailsettings:edit", args=("portal", "sitesettings", wagtail_site.pk))
    data = nested_form_data(
        {
            "institution_name": "IMPLAN Torreón",
            "tagline": "",
            "contact_email": "contacto@implan.example",
            "contact_phone": "",
            "address": "",
            "navigation": streamfield([("link", {"label": "Buscar", "page": "", "url": "/buscar/"})]),
            "legal_notice": rich_text("<p>Aviso.</p>"),
            "privacy_notice": rich_text(""),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    settings = SiteSettings.for_site(wagtail_site)
    assert settings.navigation[0].value["url"] == "/buscar/"
    assert 'href="/buscar/">Buscar</a>' in client.get("/").content.decode()


def test_admin_dashboard_shows_each_call_with_its_phase(client, site, editor):
    from tests.convocatorias.factories import make_call, schedule_around

    make_call(title="Proyectos Ciudadanos", phases=schedule_around(current="intake"))
    make_call(title="Sin fechas")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Convocatorias y su fase" in html
    assert "Proyectos Ciudadanos" in html and "Recepción de propuestas" in html
    assert "Sin calendario" in html


def test_the_dashboard_links_each_role_only_where_it_may_go(client, site, editor, evaluator):
    """Editors open a call's editor from the dashboard; an evaluator, who may not edit pages,
    gets the public page instead, and every link of the dashboard opens for them."""
    import re

    from wagtail.models import GroupPagePermission
    from django.contrib.auth.models import Permission

    from tests.convocatorias.factories import make_call, schedule_around

    call = make_call(title="Proyectos Ciudadanos", phases=schedule_around(current="intake"))
    group = editor.groups.get()
    GroupPagePermission.objects.get_or_create(
        group=group, page=site["home"], permission=Permission.objects.get(codename="change_page", content_type__app_label="wagtailcore")
    )
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[call.pk]) in html
    client.force_login(evaluator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Proyectos Ciudadanos" in html
    assert reverse("wagtailadmin_pages:edit", args=[call.pk]) not in html and f'href="{call.url}"' in html
    refused = []
    for href in set(re.findall(r'href="(/admin/[^"#?]*)', html)):
        response = client.get(href)
        if response.status_code != 200:
            refused.append((href, response.status_code, response.get("Location")))
    assert not refused, refused
