"""Call pages: phase computation through the model, rules validation, editing in the admin."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from convocatorias import phases
from convocatorias.models import CallIndexPage, CallPage, CallPhase, Territory
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory, make_call, schedule_around

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.timezone.utc)


def test_phase_choices_match_the_registry():
    assert [value for value, _ in CallPhase.Kind.choices] == [p.value for p in phases.Phase]


def test_current_phase_follows_the_clock_at_boundaries(site):
    call = make_call(
        phases=[
            ("intake", START, START + dt.timedelta(days=30)),
            ("voting", START + dt.timedelta(days=40), START + dt.timedelta(days=45)),
        ]
    )
    before_end = START + dt.timedelta(days=30) - dt.timedelta(seconds=1)
    checks = [
        (START - dt.timedelta(seconds=1), None, False, False),
        (START, "intake", True, False),
        (before_end, "intake", True, False),
        (START + dt.timedelta(days=30), None, False, False),
        (START + dt.timedelta(days=40), "voting", False, True),
        (START + dt.timedelta(days=45), None, False, False),
    ]
    for instant, kind, may_submit, may_vote in checks:
        with time_machine.travel(instant, tick=False):
            fresh = CallPage.objects.get(pk=call.pk)
            current = fresh.current_phase()
            assert (current.kind if current else None) == kind, instant
            assert fresh.may(phases.Action.SUBMIT_PROPOSAL) is may_submit
            assert fresh.may(phases.Action.VOTE) is may_vote


def test_status_of_a_call(site):
    call = make_call(phases=schedule_around(current="supports"))
    assert call.current_phase().kind == "supports"
    assert call.status() == phases.Status.ACTIVE
    assert call.may("support_proposal")
    assert not call.may("submit_proposal")
    assert call.next_phase().kind == "technical_evaluation"


def test_database_refuses_a_repeated_phase_or_a_phase_ending_before_it_starts(site):
    call = make_call(phases=[("intake", START, START + dt.timedelta(days=1))])
    with pytest.raises(IntegrityError), transaction.atomic():
        CallPhase.objects.create(call=call, kind="intake", starts_at=START, ends_at=START + dt.timedelta(days=2))
    with pytest.raises(IntegrityError), transaction.atomic():
        CallPhase.objects.create(call=call, kind="review", starts_at=START, ends_at=START)


def test_ballot_rules_are_validated(site):
    call = make_call()
    call.ballot_min_selections = 3
    call.ballot_max_selections = 2
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "ballot_min_selections" in error.value.message_dict
    call.ballot_min_selections = 1
    call.ballot_type = CallPage.BallotType.CUMULATIVE
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "ballot_points" in error.value.message_dict


def test_territories_keep_integer_ceilings(site):
    big = TerritoryFactory(name="Comuna grande")
    call = make_call(territories=[(big, 25_126_514_820)], currency="COP")
    item = call.territories.get()
    assert item.budget_ceiling == 25_126_514_820
    response_text = str(item)
    assert "Comuna grande" in response_text


def _call_form(title, phase_rows, **extra):
    data = {
        "title": title,
        "slug": extra.pop("slug", "nueva-convocatoria"),
        "summary": "Una convocatoria abierta a toda la ciudadanía.",
        "organizer": "IMPLAN",
        "intro": streamfield([("paragraph", rich_text("<p>Presentación de la convocatoria.</p>"))]),
        "bases": streamfield(
            [("faq", {"title": "Dudas", "questions": {"count": 1, "0": {"deleted": "", "order": "0", "id": "", "value": {"question": "¿Quién participa?", "answer": rich_text("<p>Cualquier persona.</p>")}}}})]
        ),
        "currency": "MXN",
        "ballot_type": "approval",
        "vote_requirement": "email",
        "propose_requirement": "email",
        "support_requirement": "email",
        "comment_requirement": "email",
        "ballot_min_selections": "1",
        "results_rule": "greedy",
        "phases": inline_formset(phase_rows),
        "events": inline_formset(
            [{"title": "Taller 1", "starts_at": "2026-10-02 10:00", "place": "IMPLAN", "description": ""}]
        ),
        "territories": inline_formset([]),
        "theme_caps": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(extra)
    return nested_form_data(data)


def test_editor_creates_and_publishes_a_call_in_the_admin(client, site, editor):
    from wagtail.models import GroupPagePermission
    from django.contrib.auth.models import Permission

    group = editor.groups.get()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=site["home"], permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore")
        )
    client.force_login(editor)
    index = site["calls"]
    url = reverse("wagtailadmin_pages:add", args=("convocatorias", "callpage", index.pk))
    assert client.get(url).status_code == 200

    rows = [
        {"kind": "intake", "starts_at": "2026-11-01 09:00", "ends_at": "2026-12-01 18:00", "description": ""},
        {"kind": "voting", "starts_at": "2027-01-10 09:00", "ends_at": "2027-01-20 18:00", "description": ""},
    ]
    response = client.post(url, _call_form("Nueva convocatoria", rows))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    call = CallPage.objects.get(slug="nueva-convocatoria")
    assert call.live
    assert [p.kind for p in call.schedule] == ["intake", "voting"]
    assert call.events.get().title == "Taller 1"


def test_admin_rejects_an_overlapping_schedule_with_a_clear_message(client, site, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=("convocatorias", "callpage", site["calls"].pk))
    rows = [
        {"kind": "intake", "starts_at": "2026-11-01 09:00", "ends_at": "2026-12-01 18:00", "description": ""},
        {"kind": "review", "starts_at": "2026-11-20 09:00", "ends_at": "2026-12-20 18:00", "description": ""},
    ]
    response = client.post(url, _call_form("Traslape", rows, slug="traslape"))
    assert response.status_code == 200
    assert "se traslapa con la fase anterior" in response.content.decode()
    assert not CallPage.objects.filter(slug="traslape").exists()


def test_admin_rejects_a_phase_that_ends_before_it_starts(client, site, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=("convocatorias", "callpage", site["calls"].pk))
    rows = [{"kind": "intake", "starts_at": "2026-11-01 09:00", "ends_at": "2026-10-01 18:00", "description": ""}]
    response = client.post(url, _call_form("Al revés", rows, slug="al-reves"))
    assert response.status_code == 200
    assert "La fase debe terminar después de empezar." in response.content.decode()
    assert not CallPage.objects.filter(slug="al-reves").exists()


def test_themes_are_shared_and_searchable(site):
    theme = ThemeFactory(name="Movilidad y transporte", slug="movilidad")
    call = make_call(title="Calles completas", themes=[theme])
    assert list(call.themes.all()) == [theme]
    assert CallIndexPage.objects.get().get_children().live().count() == 1
    assert Territory.objects.count() == 0
    assert timezone.now()


def test_open_calls_are_sorted_by_nearest_deadline_and_exclude_finished(site):
    from convocatorias.selectors import open_calls

    now = timezone.now()
    day = dt.timedelta(days=1)
    late = make_call(title="Cierra tarde", phases=[("intake", now - day, now + 30 * day)])
    soon = make_call(title="Cierra pronto", phases=[("intake", now - day, now + 2 * day), ("voting", now + 10 * day, now + 40 * day)])
    upcoming = make_call(title="Empieza luego", phases=[("announced", now + 5 * day, now + 6 * day)])
    between = make_call(title="Entre fases", phases=[("intake", now - 9 * day, now - day), ("voting", now + 3 * day, now + 4 * day)])
    make_call(title="Concluida", phases=[("intake", now - 9 * day, now - day)])
    make_call(title="Sin fechas")
    assert [c.title for c in open_calls(now)] == [soon.title, between.title, upcoming.title, late.title]


def test_admin_rejects_a_repeated_phase_and_phases_out_of_order(client, site, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=("convocatorias", "callpage", site["calls"].pk))
    repeated = [
        {"kind": "intake", "starts_at": "2026-11-01 09:00", "ends_at": "2026-11-05 18:00", "description": ""},
        {"kind": "intake", "starts_at": "2026-12-01 09:00", "ends_at": "2026-12-05 18:00", "description": ""},
    ]
    response = client.post(url, _call_form("Repetida", repeated, slug="repetida"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "una sola vez" in html
    out_of_order = [
        {"kind": "voting", "starts_at": "2026-11-01 09:00", "ends_at": "2026-11-05 18:00", "description": ""},
        {"kind": "intake", "starts_at": "2026-12-01 09:00", "ends_at": "2026-12-05 18:00", "description": ""},
    ]
    response = client.post(url, _call_form("Desordenada", out_of_order, slug="desordenada"))
    assert "empieza antes que una fase anterior del proceso" in response.content.decode()
    assert not CallPage.objects.filter(slug__in=["repetida", "desordenada"]).exists()


def test_call_calendar_downloads_as_icalendar(client, site):
    from icalendar import Calendar

    from convocatorias.models import CallEvent

    call = make_call(title="Plan Estratégico", phases=[("intake", START, START + dt.timedelta(days=30))])
    CallEvent.objects.create(call=call, title="Taller 1: diagnóstico", starts_at=START + dt.timedelta(days=3), place="IMPLAN Torreón")
    page_html = client.get(call.url).content.decode()
    assert f'href="{call.url}calendario/"' in page_html
    response = client.get(call.url + "calendario/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    entries = Calendar.from_ical(response.content).walk("VEVENT")
    summaries = sorted(str(entry["summary"]) for entry in entries)
    assert summaries == ["Recepción de propuestas · Plan Estratégico", "Taller 1: diagnóstico · Plan Estratégico"]
    intake = next(e for e in entries if "Recepción" in str(e["summary"]))
    assert intake.decoded("dtstart") == START
    assert client.get(call.url + "otra-cosa/").status_code == 404
