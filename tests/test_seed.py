"""`manage.py seed_demo`: idempotent demo content from the seeds."""

import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Revision, Site

from convocatorias.models import CallEvent, CallPage, CallPhase, CallTerritory, Territory, Theme
from home.models import HomePage
from portal import demo
from portal.models import Capsule, GuidePage, SiteSettings

pytestmark = pytest.mark.django_db

PEM_SLUG = "plan-estrategico-metropolitano"
CITIZEN_SLUG = "proyectos-ciudadanos"
MEDELLIN_SLUG = "presupuesto-participativo-medellin"


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "themes": Theme.objects.count(),
        "territories": Territory.objects.count(),
        "capsules": Capsule.objects.count(),
        "capsule_themes": Capsule.themes.through.objects.count(),
        "users": get_user_model().objects.count(),
        "email_addresses": EmailAddress.objects.count(),
        "groups": Group.objects.count(),
        "group_page_permissions": GroupPagePermission.objects.count(),
        "phases": CallPhase.objects.count(),
        "call_territories": CallTerritory.objects.count(),
        "events": CallEvent.objects.count(),
        "sites": Site.objects.count(),
        "site_settings": SiteSettings.objects.count(),
    }


@pytest.fixture
def seeded():
    return seed()


def call(slug):
    return CallPage.objects.get(slug=slug)


def test_second_run_changes_nothing(seeded):
    before = counts()
    phases_before = list(CallPhase.objects.order_by("pk").values_list("pk", "kind", "starts_at", "ends_at"))
    output = seed()
    assert counts() == before
    assert list(CallPhase.objects.order_by("pk").values_list("pk", "kind", "starts_at", "ends_at")) == phases_before
    assert "0 creados, 0 actualizados" in output
    assert " actualizados, 0 sin cambios" not in output.split("Cuentas")[0]


def test_every_step_reports_one_line(seeded):
    steps = [line for line in seeded.splitlines() if line.startswith("[")]
    assert len(steps) == 9
    assert steps[0].startswith("[1/9] ")


def test_home_page_is_the_site_root_and_welcome_page_is_gone(seeded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    home = site.root_page.specific
    assert len(home.figures) >= 4
    assert all(block.value["source"] for block in home.figures)
    assert any("1.302" in block.value["value"] for block in home.figures)


def test_site_settings(seeded):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert "IMPLAN Torreón" in settings.institution_name
    assert "Torreón" in settings.address
    assert settings.legal_notice and settings.privacy_notice
    links = {block.value["label"]: block.value for block in settings.navigation}
    assert links["Convocatorias"]["page"].specific.__class__.__name__ == "CallIndexPage"
    assert links["Aprende"]["page"].specific.__class__.__name__ == "GuideIndexPage"
    assert links["Buscar"]["url"] == "/buscar/"


def test_themes_and_territories(seeded):
    slugs = set(Theme.objects.values_list("slug", flat=True))
    assert set(demo.PEM_THEMES) <= slugs and len(demo.PEM_THEMES) == 6
    medellin = Territory.objects.filter(municipality="Medellín")
    assert medellin.filter(kind="comuna").count() == 16
    assert medellin.filter(kind="corregimiento").count() == 5
    assert medellin.get(code="08").name == "Villa Hermosa"
    assert medellin.get(code="90").name == "Santa Elena"
    assert Territory.objects.filter(municipality="Torreón", kind="colonia").count() == 5


def test_three_calls(seeded):
    assert set(CallPage.objects.live().values_list("slug", flat=True)) == {PEM_SLUG, CITIZEN_SLUG, MEDELLIN_SLUG}


def test_medellin_ceilings_add_up_exactly(seeded):
    medellin = call(MEDELLIN_SLUG)
    rows = list(medellin.territories.select_related("territory"))
    assert len(rows) == 21
    assert {row.territory.municipality for row in rows} == {"Medellín"}
    assert sum(row.budget_ceiling for row in rows) == 251_265_148_208
    by_kind = {row.territory.kind: row.budget_ceiling for row in rows[:-1]}
    assert by_kind["corregimiento"] > by_kind["comuna"]
    assert medellin.currency == "COP"
    assert medellin.ballot_type == "knapsack"
    assert medellin.results_rule == "equal_shares"
    assert medellin.current_phase().kind == "technical_evaluation"
    assert medellin.next_phase().kind == "voting"


def test_citizen_projects_intake_is_open_now(seeded):
    citizen = call(CITIZEN_SLUG)
    assert citizen.current_phase().kind == "intake"
    assert citizen.may("submit_proposal")
    assert citizen.currency == "MXN"
    assert citizen.max_proposal_cost == 2_000_000
    assert citizen.supports_threshold
    assert citizen.ballot_type == "approval"
    kinds = [phase.kind for phase in citizen.schedule]
    assert kinds[kinds.index("intake") :] == [
        "intake", "review", "supports", "technical_evaluation", "voting", "results", "monitoring",
    ]
    assert {row.territory.municipality for row in citizen.territories.all()} == {"Torreón"}


def test_pem_call_has_the_real_calendar(seeded):
    pem = call(PEM_SLUG)
    local = [timezone.localtime(event.starts_at, demo.TORREON_TZ).date() for event in pem.events.all()]
    assert local == [dt.date(2014, 10, 2), dt.date(2014, 10, 23), dt.date(2014, 11, 20), dt.date(2015, 2, 19)]
    calendar = [block for block in pem.bases if block.block_type == "calendar"]
    assert [row["date"] for row in calendar[0].value["rows"]] == local
    assert pem.themes.count() == 6
    assert pem.status() == "finished"
    assert max(phase.ends_at for phase in pem.phases.all()) <= dt.datetime(2015, 3, 1, tzinfo=dt.UTC)
    assert min(phase.starts_at for phase in pem.phases.all()).astimezone(demo.TORREON_TZ).date() == dt.date(2014, 9, 11)
    assert "Consulta ciudadana vía internet" in str(pem.bases)


def test_guides_and_capsules(seeded):
    guides = GuidePage.objects.live()
    assert guides.count() == 3
    for guide in guides:
        types = {block.block_type for block in guide.body}
        assert {"heading", "paragraph", "faq"} <= types
    assert Capsule.objects.count() >= 8
    kinds = set(Capsule.objects.values_list("kind", flat=True))
    assert {"question", "acronym", "concept", "norm", "statement"} <= kinds
    assert Capsule.objects.filter(show_on_home=True).count() >= 6
    assert not Capsule.objects.filter(themes__isnull=True).exists()


def test_demo_accounts_and_roles(seeded):
    User = get_user_model()
    citizen = User.objects.get(email="ciudadana@participa.test")
    editor = User.objects.get(email="editor@participa.test")
    evaluator = User.objects.get(email="evaluador@participa.test")
    admin = User.objects.get(email="admin@participa.test")
    for user in (citizen, editor, evaluator, admin):
        assert user.check_password(demo.DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    assert not citizen.is_staff and citizen.display_name and citizen.territory.name == "Moderna"
    assert editor.is_staff and not editor.is_superuser
    assert editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("convocatorias.change_theme")
    assert editor.has_perm("convocatorias.add_territory")
    assert editor.has_perm("portal.change_capsule")
    assert editor.has_perm("portal.change_sitesettings")
    home = HomePage.objects.get()
    permissions = home.permissions_for_user(editor)
    assert permissions.can_edit() and permissions.can_publish()
    assert call(CITIZEN_SLUG).get_parent().permissions_for_user(editor).can_add_subpage()
    assert call(CITIZEN_SLUG).permissions_for_user(editor).can_publish()
    assert evaluator.is_staff and evaluator.groups.filter(name="Evaluadores").exists()
    assert evaluator.has_perm("wagtailadmin.access_admin")
    assert not evaluator.has_perm("portal.change_capsule")
    assert admin.is_superuser and admin.is_staff


def test_passwords_are_only_reset_on_request(seeded):
    user = get_user_model().objects.get(email="ciudadana@participa.test")
    user.set_password("otra-contraseña-propia")
    user.save()
    output = seed()
    user.refresh_from_db()
    assert user.check_password("otra-contraseña-propia")
    assert "contraseña sin cambios" in output
    seed("--reset-passwords")
    user.refresh_from_db()
    assert user.check_password(demo.DEMO_PASSWORD)


def test_output_lists_the_demo_accounts(seeded):
    table = seeded.split("Cuentas de demostración\n")[-1]
    for email in ("ciudadana@participa.test", "editor@participa.test", "evaluador@participa.test", "admin@participa.test"):
        line = next(line for line in table.splitlines() if line.startswith(email))
        assert demo.DEMO_PASSWORD in line
    assert "Correo" in table and "Rol" in table


def test_changed_content_is_updated_with_one_revision(seeded):
    guide = GuidePage.objects.get(slug=demo.GUIDES[0]["slug"])
    guide.summary = "Resumen editado"
    guide.save_revision().publish()
    revisions = Revision.objects.count()
    seed()
    guide.refresh_from_db()
    assert guide.summary == demo.GUIDES[0]["summary"]
    assert Revision.objects.count() == revisions + 1


def test_refresh_schedules_recomputes_open_calls(seeded):
    citizen = call(CITIZEN_SLUG)
    CallPhase.objects.filter(call=citizen).update(
        starts_at=timezone.now() - dt.timedelta(days=900), ends_at=timezone.now() - dt.timedelta(days=800)
    )
    seed()
    assert call(CITIZEN_SLUG).current_phase() is None
    seed("--refresh-schedules")
    assert call(CITIZEN_SLUG).current_phase().kind == "intake"


def test_pages_render(seeded, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Proyectos Ciudadanos" in html
    assert "Presupuesto Participativo – Medellín" in html
    assert "Cápsulas del saber" in html
    assert "IMPLAN Torreón" in html
    for page in Page.objects.live().filter(depth__gt=2):
        assert client.get(page.url).status_code == 200, page.url
    assert client.get("/buscar/?q=presupuesto").status_code == 200
