"""The "Votaciones" section of the Wagtail admin: workshop sessions, printable codes, voiding,
paper ballots (one by one and as CSV, all or nothing), the count screen and who may use them."""

import re
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.roles import ensure_facilitators
from portal.errors import ActionRefused
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.votaciones.factories import make_voting_call
from votaciones import admin_views, paper, services
from votaciones.ballots import BallotRules
from votaciones.models import Ballot, BallotChoice, BoxResult, VotingCode, WorkshopSession, code_digest

pytestmark = pytest.mark.django_db

NS = "votaciones_admin"
CODE_RE = re.compile(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b")


@pytest.fixture
def facilitator(db):
    user = UserFactory(email="facilitadora@example.org", display_name="Facilitadora", is_staff=True)
    user.groups.add(ensure_facilitators())
    return user


@pytest.fixture
def roles(citizen, facilitator, evaluator, moderator, editor, admin_user):
    return {
        "anonymous": None,
        "citizen": citizen,
        "facilitator": facilitator,
        "evaluator": evaluator,
        "moderator": moderator,
        "editor": editor,
        "admin": admin_user,
    }


def voting_setup(current="voting", **fields):
    fields.setdefault("title", "Presupuesto Participativo 2026")
    call, box, proposals = make_voting_call(current=current, **fields)
    session = services.create_session(box=box, user=None, name="Taller en la biblioteca", place="Biblioteca Norte")
    return SimpleNamespace(call=call, box=box, proposals=proposals, session=session)


@pytest.fixture
def voting(site):
    return voting_setup()


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


# --- Permissions -------------------------------------------------------------------------------

ROLES = ["anonymous", "citizen", "facilitator", "evaluator", "moderator", "editor", "admin"]
WORKSHOP_VIEWS = [
    "sessions",
    "session_create",
    "session",
    "codes",
    "void_all",
    "void_code",
    "paper",
    "paper_upload",
    "paper_template",
]
RESULTS_VIEWS = ["results", "call_results"]
#: "login": redirected to the login page; "home": Wagtail's permission denied (back to its home).
WORKSHOP_ACCESS = {
    "anonymous": "login",
    "citizen": "login",
    "facilitator": 200,
    "evaluator": "home",
    "moderator": "home",
    "editor": 200,
    "admin": 200,
}
RESULTS_ACCESS = {**WORKSHOP_ACCESS, "facilitator": "home"}


def view_url(view, voting):
    if view in ("sessions", "session_create", "results"):
        return url(view)
    if view in ("call_results", "tally"):
        return url(view, voting.call.pk)
    return url(view, voting.session.pk)


def assert_outcome(response, expected, context):
    if expected == "login":
        assert response.status_code == 302, context
        assert "/login/" in response["Location"], (context, response["Location"])
    elif expected == "home":
        assert response.status_code == 302, context
        assert response["Location"] == reverse("wagtailadmin_home"), (context, response["Location"])
    else:
        assert response.status_code == expected, (context, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_every_view_by_role(client, voting, roles, role):
    user = roles[role]
    if user is not None:
        client.force_login(user)
    for view in WORKSHOP_VIEWS:
        assert_outcome(client.get(view_url(view, voting)), WORKSHOP_ACCESS[role], (view, role))
    for view in RESULTS_VIEWS:
        assert_outcome(client.get(view_url(view, voting)), RESULTS_ACCESS[role], (view, role))
    # The count is a POST only; whoever may not count is turned away before anything else.
    expected = 405 if RESULTS_ACCESS[role] == 200 else RESULTS_ACCESS[role]
    assert_outcome(client.get(view_url("tally", voting)), expected, ("tally", role))


@pytest.mark.parametrize("role", ["anonymous", "citizen", "evaluator", "moderator"])
def test_posts_by_people_without_the_permission_change_nothing(client, site, roles, role):
    voting = voting_setup(current="results")
    a = voting.proposals[0]
    user = roles[role]
    if user is not None:
        client.force_login(user)
    posts = {
        "session_create": {"call": voting.call.pk, "territory": voting.box.territory_id, "name": "Intruso"},
        "codes": {"count": 5},
        "void_all": {},
        "void_code": {"code": "ABCDE-FGHJK"},
        "paper": {"projects": [a.pk]},
        "paper_upload": {"file": SimpleUploadedFile("p.csv", f"papeleta,proyectos\n1,{a.reference}\n".encode())},
        "tally": {},
    }
    for view, data in posts.items():
        expected = RESULTS_ACCESS[role] if view == "tally" else WORKSHOP_ACCESS[role]
        assert_outcome(client.post(view_url(view, voting), data), expected, (view, role))
    assert WorkshopSession.objects.count() == 1
    assert not VotingCode.objects.exists()
    assert not Ballot.objects.exists()
    assert not BoxResult.objects.exists()


def test_facilitators_may_not_count(client, site, facilitator):
    voting = voting_setup(current="results")
    client.force_login(facilitator)
    response = client.post(url("tally", voting.call.pk))
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not BoxResult.objects.exists()


def test_menu_shows_what_each_role_may_use(client, voting, facilitator, editor, evaluator, moderator):
    home = reverse("wagtailadmin_home")
    client.force_login(facilitator)
    content = client.get(home).content.decode()
    assert url("sessions") in content and url("results") not in content
    client.force_login(editor)
    content = client.get(home).content.decode()
    assert url("sessions") in content and url("results") in content
    for user in (evaluator, moderator):
        client.force_login(user)
        content = client.get(home).content.decode()
        assert url("sessions") not in content and url("results") not in content


def test_facilitators_role_holds_only_the_workshop_permission(facilitator, editor):
    assert facilitator.has_perm("votaciones.facilitate_workshop")
    assert not facilitator.has_perm("votaciones.tally_results")
    assert editor.has_perm("votaciones.facilitate_workshop") and editor.has_perm("votaciones.tally_results")


# --- Sessions ----------------------------------------------------------------------------------


def test_sessions_list_shows_counts(client, voting, facilitator):
    a = voting.proposals[0]
    codes = services.generate_codes(session=voting.session, count=4)
    services.cast_code_ballot(text=codes[0], choices={a.pk: 1})
    services.void_code_text(session=voting.session, text=codes[1], user=facilitator)
    services.record_paper_ballots(session=voting.session, ballots=[{a.pk: 1}, {a.pk: 1}, {a.pk: 1}])
    client.force_login(facilitator)
    response = client.get(url("sessions"))
    assert response.status_code == 200
    row = response.context["sessions"][0]
    assert (row.codes_count, row.spent_count, row.voided_count, row.paper_count) == (4, 1, 1, 3)
    assert services.session_summary(voting.session) == {"codes": 4, "spent": 1, "voided": 1, "paper": 3}
    content = response.content.decode()
    for text in ("Taller en la biblioteca", "Presupuesto Participativo 2026", voting.box.territory.name, "Biblioteca Norte"):
        assert text in content


def test_sessions_list_filters_by_call(client, voting, facilitator):
    other = voting_setup(title="Otra convocatoria", code="OTR")
    other.session.name = "Taller del otro"
    other.session.save()
    client.force_login(facilitator)
    content = client.get(url("sessions"), {"convocatoria": voting.call.pk}).content.decode()
    assert "Taller en la biblioteca" in content and "Taller del otro" not in content
    assert client.get(url("sessions"), {"convocatoria": "x"}).status_code == 200


def _add_sessions(voting, count, codes_each):
    """`count` more sessions in the box, each with codes (one spent) and a paper ballot."""
    a = voting.proposals[0]
    for index in range(count):
        session = services.create_session(box=voting.box, user=None, name=f"Taller {index}", place="Aula")
        codes = services.generate_codes(session=session, count=codes_each)
        services.cast_code_ballot(text=codes[0], choices={a.pk: 1})
        services.record_paper_ballots(session=session, ballots=[{a.pk: 1}])


def test_sessions_list_queries_do_not_grow(client, site, facilitator, django_assert_num_queries):
    small = voting_setup()  # one session
    _add_sessions(small, 1, codes_each=2)
    client.force_login(facilitator)
    client.get(url("sessions"))  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(url("sessions")).status_code == 200
    _add_sessions(small, 18, codes_each=6)
    assert WorkshopSession.objects.count() == 20
    with django_assert_num_queries(len(baseline)):
        response = client.get(url("sessions"))
    assert len(response.context["sessions"]) == 20


def test_create_session_for_a_territory_of_the_call(client, voting, facilitator):
    client.force_login(facilitator)
    form = client.get(url("session_create"), {"convocatoria": voting.call.pk})
    assert form.status_code == 200 and voting.box.territory.name in form.content.decode()
    second = voting.call.territories.all()[1].territory
    response = client.post(
        url("session_create"),
        {"call": voting.call.pk, "territory": second.pk, "name": "  Taller en la escuela ", "place": "Escuela", "held_on": "2026-05-04"},
    )
    session = WorkshopSession.objects.get(name="Taller en la escuela")
    assert response.status_code == 302 and response["Location"] == url("session", session.pk)
    assert (session.box.call_id, session.box.territory_id, session.created_by) == (voting.call.pk, second.pk, facilitator)
    assert str(session.held_on) == "2026-05-04"


def test_create_session_refuses_a_territory_outside_the_call(client, voting, facilitator):
    other = voting_setup(title="Otra", code="OTR", territories=[TerritoryFactory(name="Fuera de la convocatoria")])
    client.force_login(facilitator)
    outside = other.box.territory
    response = client.post(url("session_create"), {"call": voting.call.pk, "territory": outside.pk, "name": "X"})
    assert response.status_code == 400
    assert "Ese territorio no participa en la convocatoria elegida." in response.content.decode()
    for data in (
        {"call": "", "territory": voting.box.territory_id, "name": "X"},
        {"call": 999999, "territory": voting.box.territory_id, "name": "X"},
        {"call": voting.call.pk, "territory": "abc", "name": "X"},
        {"call": voting.call.pk, "territory": voting.box.territory_id, "name": ""},
        {"call": voting.call.pk, "territory": voting.box.territory_id, "name": "X" * 151},
        {"call": voting.call.pk, "territory": voting.box.territory_id, "name": "X", "held_on": "mañana"},
    ):
        assert client.post(url("session_create"), data).status_code == 400, data
    assert WorkshopSession.objects.count() == 2


def test_session_detail_shows_counts_and_actions(client, voting, facilitator):
    client.force_login(facilitator)
    content = client.get(url("session", voting.session.pk)).content.decode()
    for name in ("codes", "void_code", "paper", "paper_upload", "paper_template"):
        assert url(name, voting.session.pk) in content
    assert "Votación abierta" in content
    assert 'href="/votar/codigo/?kiosk=1"' in content, "the kiosk is reachable from the workshop's page"
    assert client.get(url("session", 999999)).status_code == 404


# --- Codes -------------------------------------------------------------------------------------


def test_generate_codes_prints_slips_with_qr_codes_and_stores_only_digests(client, voting, facilitator):
    client.force_login(facilitator)
    response = client.post(url("codes", voting.session.pk), {"count": 5})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    codes = list(dict.fromkeys(CODE_RE.findall(content)))
    assert len(codes) == 5
    assert content.count("<svg") == 5
    assert "Imprimir" in content and "no se podrán volver a ver" in content
    # Print styles in a static stylesheet (the Content-Security-Policy allows no <style>).
    assert "votaciones/slips.css" in content
    slips_css = open(finders.find("votaciones/slips.css"), encoding="utf-8").read()
    assert "@page" in slips_css and "A4" in slips_css
    entry = "http://testserver" + reverse("votaciones:code")
    assert entry in content
    for code in codes:
        assert admin_views.qr_svg(f"{entry}?codigo={code}") in content
    # Only digests are stored.
    stored = set(VotingCode.objects.filter(session=voting.session).values_list("digest", flat=True))
    assert stored == {code_digest(code) for code in codes}
    assert not any(code.replace("-", "") in digest for code in codes for digest in stored)
    # The CSV of the same batch travels inside the page.
    match = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)" download="([^"]+)"', content)
    csv_text = unquote(match.group(1)).lstrip("\ufeff")
    assert match.group(2).endswith(".csv")
    lines = csv_text.strip().splitlines()
    assert lines[0] == "codigo,direccion"
    assert [line.split(",")[0] for line in lines[1:]] == codes
    # And the codes vote.
    a = voting.proposals[0]
    ballot, receipt = services.cast_code_ballot(text=codes[0], choices={a.pk: 1})
    assert ballot.session == voting.session and ballot.channel == Ballot.Channel.CODE and receipt


@pytest.mark.parametrize("count", ["0", "501", "abc", "", "-3", "2.5"])
def test_generate_codes_refuses_bad_counts(client, voting, facilitator, count):
    client.force_login(facilitator)
    response = client.post(url("codes", voting.session.pk), {"count": count})
    assert response.status_code == 400
    assert not VotingCode.objects.exists()


def test_generate_codes_refused_after_the_close(client, site, facilitator):
    voting = voting_setup(current="results")
    client.force_login(facilitator)
    detail = client.get(url("session", voting.session.pk)).content.decode()
    assert "no se pueden generar más códigos" in detail
    response = client.post(url("codes", voting.session.pk), {"count": 3})
    assert response.status_code == 409
    assert "La votación ya cerró: no se pueden generar más códigos." in response.content.decode()
    assert not VotingCode.objects.exists()


def test_void_all_unspent_codes_after_confirmation(client, voting, facilitator):
    a = voting.proposals[0]
    codes = services.generate_codes(session=voting.session, count=3)
    services.cast_code_ballot(text=codes[0], choices={a.pk: 1})
    client.force_login(facilitator)
    confirm = client.get(url("void_all", voting.session.pk))
    assert confirm.status_code == 200 and "Se anularán 2 códigos" in confirm.content.decode()
    assert not VotingCode.objects.filter(voided_at__isnull=False).exists()
    response = client.post(url("void_all", voting.session.pk), follow=True)
    assert "Se anularon 2 códigos sin usar." in response.content.decode()
    assert VotingCode.objects.filter(voided_at__isnull=False, voided_by=facilitator).count() == 2
    assert VotingCode.objects.filter(spent_at__isnull=False, voided_at__isnull=True).count() == 1
    with pytest.raises(ActionRefused):
        services.cast_code_ballot(text=codes[1], choices={a.pk: 1})
    again = client.post(url("void_all", voting.session.pk), follow=True)
    assert "No había códigos sin usar" in again.content.decode()


def test_void_one_typed_code(client, voting, facilitator):
    a = voting.proposals[0]
    codes = services.generate_codes(session=voting.session, count=3)
    services.cast_code_ballot(text=codes[0], choices={a.pk: 1})
    client.force_login(facilitator)
    typed = codes[1].replace("-", "").lower()
    response = client.post(url("void_code", voting.session.pk), {"code": typed}, follow=True)
    assert "Código anulado" in response.content.decode()
    assert VotingCode.objects.get(digest=code_digest(codes[1])).voided_at is not None
    assert VotingCode.objects.get(digest=code_digest(codes[2])).voided_at is None
    refusals = {
        codes[0]: "Ese código ya se usó: su papeleta cuenta.",
        codes[1]: "Ese código ya estaba anulado.",
        "ZZZZZ-ZZZZZ": "Ese código no pertenece a esta sesión.",
    }
    for text, message in refusals.items():
        response = client.post(url("void_code", voting.session.pk), {"code": text})
        assert response.status_code == 409 and message in response.content.decode()
    assert client.post(url("void_code", voting.session.pk), {"code": ""}).status_code == 400
    assert client.post(url("void_code", voting.session.pk), {"code": "X" * 41}).status_code == 400
    assert VotingCode.objects.filter(voided_at__isnull=False).count() == 1


def test_void_one_code_of_another_session_is_refused(client, voting, facilitator):
    other = services.create_session(box=voting.box, user=None, name="Otro taller")
    (code,) = services.generate_codes(session=other, count=1)
    client.force_login(facilitator)
    response = client.post(url("void_code", voting.session.pk), {"code": code})
    assert response.status_code == 409
    assert VotingCode.objects.get().voided_at is None


# --- Paper ballots: the form -------------------------------------------------------------------


def test_paper_ballot_form_records_one_ballot(client, voting, facilitator):
    a, b, c = voting.proposals
    client.force_login(facilitator)
    page = client.get(url("paper", voting.session.pk)).content.decode()
    assert 'type="checkbox"' in page and a.title in page and "<legend" in page
    response = client.post(url("paper", voting.session.pk), {"projects": [a.pk, c.pk]})
    assert response.status_code == 302 and response["Location"] == url("paper", voting.session.pk)
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.session, ballot.voter) == ("paper", voting.session, None)
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {a.pk, c.pk}
    assert "lleva 1 papeleta en papel" in client.get(url("paper", voting.session.pk)).content.decode()


def test_paper_ballot_form_applies_the_ballot_rules(client, site, facilitator):
    voting = voting_setup(ballot_type="knapsack", ceiling=5_000_000, costs=[3_000_000, 4_000_000])
    a, b = voting.proposals
    client.force_login(facilitator)
    response = client.post(url("paper", voting.session.pk), {"projects": [a.pk, b.pk]})
    assert response.status_code == 400 and "techo del territorio" in response.content.decode()
    assert client.post(url("paper", voting.session.pk), {}).status_code == 400
    assert client.post(url("paper", voting.session.pk), {"projects": [999999]}).status_code == 400
    assert not Ballot.objects.exists()


def test_paper_ballot_form_choose_one_uses_radio_buttons(client, site, facilitator):
    voting = voting_setup(ballot_type="choose_one")
    a = voting.proposals[0]
    client.force_login(facilitator)
    assert 'type="radio"' in client.get(url("paper", voting.session.pk)).content.decode()
    assert client.post(url("paper", voting.session.pk), {"projects": a.pk}).status_code == 302
    assert list(BallotChoice.objects.values_list("proposal_id", "points")) == [(a.pk, 1)]


def test_paper_ballot_form_cumulative_points(client, site, facilitator):
    voting = voting_setup(ballot_type="cumulative", ballot_points=10, ballot_max_points_per_project=6)
    a, b, c = voting.proposals
    client.force_login(facilitator)
    page = client.get(url("paper", voting.session.pk)).content.decode()
    assert f'name="puntos_{a.pk}"' in page and "<legend" in page
    assert client.post(url("paper", voting.session.pk), {f"puntos_{a.pk}": 6, f"puntos_{b.pk}": 5}).status_code == 400
    assert client.post(url("paper", voting.session.pk), {f"puntos_{a.pk}": 7}).status_code == 400
    assert client.post(url("paper", voting.session.pk), {f"puntos_{a.pk}": -1}).status_code == 400
    assert not Ballot.objects.exists()
    response = client.post(url("paper", voting.session.pk), {f"puntos_{a.pk}": 6, f"puntos_{b.pk}": 4, f"puntos_{c.pk}": 0})
    assert response.status_code == 302
    assert sorted(BallotChoice.objects.values_list("proposal_id", "points")) == sorted([(a.pk, 6), (b.pk, 4)])


def test_paper_ballot_refused_before_the_vote_opens(client, site, facilitator):
    voting = voting_setup(current="technical_evaluation")
    client.force_login(facilitator)
    response = client.post(url("paper", voting.session.pk), {"projects": [voting.proposals[0].pk]})
    assert response.status_code == 409 and "aún no ha empezado" in response.content.decode()
    assert not Ballot.objects.exists()


def test_paper_ballots_may_be_entered_after_the_close(client, site, facilitator):
    voting = voting_setup(current="results")
    client.force_login(facilitator)
    assert client.post(url("paper", voting.session.pk), {"projects": [voting.proposals[0].pk]}).status_code == 302
    assert Ballot.objects.filter(channel="paper").count() == 1


# --- Paper ballots: the CSV file ---------------------------------------------------------------


def upload(client, voting, text, name="papeletas.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(url("paper_upload", voting.session.pk), {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_csv_upload_records_every_ballot(client, voting, facilitator):
    a, b, c = voting.proposals
    client.force_login(facilitator)
    text = f"papeleta,proyectos\n1,{a.reference};{b.reference}\n\n2,{c.reference.lower()}\n3,\" {b.reference} \"\n"
    response = upload(client, voting, text)
    assert response.status_code == 302 and response["Location"] == url("session", voting.session.pk)
    assert Ballot.objects.filter(channel="paper", session=voting.session).count() == 3
    assert BallotChoice.objects.count() == 4
    assert "Se registraron 3 papeletas en papel." in client.get(response["Location"]).content.decode()


def test_csv_upload_with_one_bad_line_changes_nothing_and_names_the_line(client, voting, facilitator):
    a, b, c = voting.proposals
    client.force_login(facilitator)
    text = f"papeleta,proyectos\n1,{a.reference}\n2,{b.reference}\n3,PEM-0000-9999\n4,{c.reference}\n"
    response = upload(client, voting, text)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Línea 4: La referencia «PEM-0000-9999» no está en el tarjetón de esta urna." in content
    assert "No se registró ninguna papeleta" in content
    assert not Ballot.objects.exists()


def test_csv_upload_lists_every_error(client, site, facilitator):
    voting = voting_setup(ballot_type="cumulative", ballot_points=10, ballot_max_points_per_project=6)
    a, b, c = voting.proposals
    client.force_login(facilitator)
    text = "\n".join(
        [
            "papeleta,proyectos",
            f"1,{a.reference}:6;{b.reference}:4",  # fine
            f"2,{a.reference}",  # points missing
            f"3,{a.reference}:x",  # bad points
            f"1,{b.reference}:2",  # repeated ballot number
            f"5,{a.reference}:2;{a.reference}:3",  # same project twice
            f"6,{a.reference}:6;{b.reference}:6",  # the box's rules: too many points
            "7,",  # nothing marked
            f"8,{a.reference}:2,extra",  # three columns
        ]
    )
    response = upload(client, voting, text)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [e.split(":")[0] for e in errors] == [f"Línea {n}" for n in (3, 4, 5, 6, 8, 9)]
    content = response.content.decode()
    assert "Indique los puntos" in content and "está repetida (ya aparece en la línea 2)" in content
    assert "aparece dos veces" in content and "Se esperaban 2 columnas" in content
    assert not Ballot.objects.exists()
    # With the parse errors fixed, the rules are checked per line too.
    text = f"papeleta,proyectos\n1,{a.reference}:6;{b.reference}:4\n2,{a.reference}:6;{b.reference}:6\n"
    response = upload(client, voting, text)
    assert response.context["errors"] == ["Línea 3: Ha repartido 12 puntos y el máximo es 10."]
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "El archivo está vacío."),
        (b"   \n\n", "El archivo está vacío."),
        ("\ufeff\u00a0\n".encode(), "El archivo está vacío."),
        ("papeleta,proyectos\n1,PEM\xf1".encode("latin-1"), "no está en UTF-8"),
        (b"id,votos\n1,A\n", "La primera línea debe ser «papeleta,proyectos» y es «id,votos»."),
        (b"papeleta,proyectos\n", "El archivo no tiene papeletas"),
        (b"papeleta,proyectos\n1,\"A;B\n", "no es CSV válido"),
        (b"\x00\x01binario", "no parece un CSV"),
    ],
)
def test_csv_upload_refuses_bad_files(client, voting, facilitator, data, message):
    client.force_login(facilitator)
    response = upload(client, voting, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ballot.objects.exists()


def test_csv_upload_refuses_files_over_two_megabytes(client, voting, facilitator):
    client.force_login(facilitator)
    a = voting.proposals[0]
    line = f"{{}},{a.reference}\n"
    text = "papeleta,proyectos\n" + "".join(line.format(n) for n in range(120_000))
    assert len(text.encode()) > paper.MAX_BYTES
    response = upload(client, voting, text)
    assert response.status_code == 400 and "más de 2 MB" in response.content.decode()
    assert not Ballot.objects.exists()


def test_csv_upload_accepts_semicolon_spreadsheets_with_bom(client, voting, facilitator):
    a, b, _c = voting.proposals
    client.force_login(facilitator)
    text = f"\ufeffPapeleta;Proyectos\r\n1;{a.reference};{b.reference}\r\n2;{b.reference}\r\n"
    assert upload(client, voting, text).status_code == 302
    assert Ballot.objects.count() == 2 and BallotChoice.objects.count() == 3


def test_csv_template_for_the_session_box(client, voting, facilitator):
    client.force_login(facilitator)
    response = client.get(url("paper_template", voting.session.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines() == ["papeleta,proyectos"]
    page = client.get(url("paper_upload", voting.session.pk)).content.decode()
    for proposal in voting.proposals:
        assert proposal.reference in page


class TestPaperParser:
    references = {"PEM-1": 1, "PEM-2": 2, "PEM-3": 3}

    def parse(self, text, cumulative=False):
        return paper.parse_ballots_csv(text.encode(), references=self.references, cumulative=cumulative)

    def codes(self, parsed):
        return [(error.line, error.code) for error in parsed.errors]

    def test_valid_file(self):
        parsed = self.parse("papeleta,proyectos\n1,PEM-1;pem-2\n2,PEM-3\n")
        assert parsed.ok
        assert [(b.line, b.label, b.choices) for b in parsed.ballots] == [(2, "1", {1: 1, 2: 1}), (3, "2", {3: 1})]

    def test_line_numbers_count_the_header_and_blank_lines(self):
        parsed = self.parse("\npapeleta,proyectos\n1,PEM-1\n\n2,PEM-9\n")
        assert self.codes(parsed) == [(5, "unknown_reference")]

    def test_points(self):
        assert self.parse("papeleta,proyectos\n1,PEM-1:3;PEM-2:2\n", cumulative=True).ballots[0].choices == {1: 3, 2: 2}
        bad = self.parse("papeleta,proyectos\n1,PEM-1:0\n2,PEM-1:-2\n3,PEM-1:²\n4,PEM-1\n", cumulative=True)
        assert self.codes(bad) == [(2, "bad_points"), (3, "bad_points"), (4, "bad_points"), (5, "points_missing")]
        assert self.codes(self.parse("papeleta,proyectos\n1,PEM-1:1\n")) == [(2, "points_not_used")]

    def test_duplicates_and_labels(self):
        parsed = self.parse(f"papeleta,proyectos\n1,PEM-1;PEM-1\n,PEM-2\n{'x' * 65},PEM-2\nA,PEM-1\na,PEM-2\n")
        assert self.codes(parsed) == [(2, "duplicate_reference"), (3, "no_label"), (4, "long_label"), (6, "duplicate_label")]

    def test_too_many_ballots(self, monkeypatch):
        monkeypatch.setattr(paper, "MAX_BALLOTS", 2)
        parsed = self.parse("papeleta,proyectos\n1,PEM-1\n2,PEM-1\n3,PEM-1\n")
        assert self.codes(parsed) == [(4, "too_many_ballots")]

    def test_rules_per_line(self):
        parsed = self.parse("papeleta,proyectos\n1,PEM-1\n2,PEM-1;PEM-2;PEM-3\n")
        rules = BallotRules("approval", costs={1: 10, 2: 10, 3: 10}, max_selections=2)
        errors = paper.check_rules(parsed.ballots, rules)
        assert [(e.line, [p.code for p in e.params["problems"]]) for e in errors] == [(3, ["too_many"])]


# --- Count screen ------------------------------------------------------------------------------


def test_count_screen_before_the_close_hides_project_counts(client, voting, editor):
    a = voting.proposals[0]
    voter = UserFactory(display_name="Votante Secreta")
    services.cast_online_ballot(box=voting.box, user=voter, choices={a.pk: 1})
    services.record_paper_ballots(session=voting.session, ballots=[{a.pk: 1}])
    client.force_login(editor)
    response = client.get(url("call_results", voting.call.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert not response.context["counts_visible"]
    assert "2 papeletas emitidas" in content
    assert "Votos por proyecto" not in content and a.title not in content
    assert "Votante Secreta" not in content
    assert "Podrá calcular los resultados cuando cierre la votación" in content
    assert f"{voting.call.url}resultados/" in content
    refused = client.post(url("tally", voting.call.pk))
    assert refused.status_code == 409
    assert "Los resultados se calculan cuando cierra la votación." in refused.content.decode()
    assert not BoxResult.objects.exists()


def test_count_screen_shows_running_counts_when_the_call_allows(client, site, editor):
    voting = voting_setup(hide_counts_until_close=False)
    a, b, _c = voting.proposals
    services.record_paper_ballots(session=voting.session, ballots=[{a.pk: 1}, {a.pk: 1, b.pk: 1}])
    client.force_login(editor)
    response = client.get(url("call_results", voting.call.pk))
    assert "Votos por proyecto" in response.content.decode()
    (row, _other) = response.context["rows"]
    counts = {project["proposal"].pk: project["ballots"] for project in row["projects"]}
    assert counts[a.pk] == 2 and counts[b.pk] == 1


def test_count_after_the_close(client, site, editor):
    voting = voting_setup(current="results", costs=[6_000_000, 3_000_000, 2_000_000])
    a, b, c = voting.proposals
    services.record_paper_ballots(session=voting.session, ballots=[{a.pk: 1}, {a.pk: 1, b.pk: 1}, {b.pk: 1}])
    client.force_login(editor)
    before = client.get(url("call_results", voting.call.pk)).content.decode()
    assert "Calcular resultados" in before and "Todavía no se han calculado" in before
    response = client.post(url("tally", voting.call.pk), follow=True)
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == url("call_results", voting.call.pk)
    assert "3 papeletas contadas, 2 proyectos seleccionados" in content
    assert "Último recuento" in content
    result = BoxResult.objects.get(box=voting.box)
    assert result.computed_by == editor
    assert {w["id"] for w in result.winners} == {a.pk, b.pk}
    assert a.title in content  # winners and counts are shown after the close
    # The other territory has no ceiling problem but no ballots: it still gets a result.
    assert BoxResult.objects.count() == 2
    listing = client.get(url("results")).content.decode()
    assert voting.call.title in listing and "Sin calcular" not in listing


def test_count_reports_a_box_that_cannot_be_counted(client, site, editor):
    voting = voting_setup(current="results")
    voting.call.territories.update(budget_ceiling=None)
    client.force_login(editor)
    response = client.post(url("tally", voting.call.pk), follow=True)
    assert "no tiene techo presupuestal" in response.content.decode()
    assert not BoxResult.objects.exists()


def test_count_screens_queries_do_not_grow(client, site, editor, django_assert_num_queries):
    voting = voting_setup(hide_counts_until_close=False)
    client.force_login(editor)
    client.get(url("call_results", voting.call.pk))
    with CaptureQueriesContext(connection) as detail:
        client.get(url("call_results", voting.call.pk))
    with CaptureQueriesContext(connection) as listing:
        client.get(url("results"))
    a, b, c = voting.proposals
    services.record_paper_ballots(session=voting.session, ballots=[{a.pk: 1, b.pk: 1}] * 30)
    voting_setup(title="Segunda", code="SEG")
    with django_assert_num_queries(len(detail)):
        client.get(url("call_results", voting.call.pk))
    with django_assert_num_queries(len(listing)):
        client.get(url("results"))


def test_count_screen_of_an_unknown_call(client, voting, editor):
    client.force_login(editor)
    assert client.get(url("call_results", 999999)).status_code == 404
    assert client.post(url("tally", 999999)).status_code == 404


# --- Secrecy -----------------------------------------------------------------------------------


def test_no_admin_screen_shows_who_voted_for_what(client, voting, editor, admin_user):
    from wagtail.admin.viewsets import viewsets
    from wagtail.snippets.models import get_snippet_models

    secret = (Ballot, BallotChoice)
    assert not any(getattr(viewset, "model", None) in secret for viewset in viewsets.viewsets)
    assert not any(model in secret for model in get_snippet_models())
    a = voting.proposals[0]
    voter = UserFactory(display_name="Votante Secreta", email="votante@example.org")
    services.cast_online_ballot(box=voting.box, user=voter, choices={a.pk: 1})
    client.force_login(admin_user)
    for view in WORKSHOP_VIEWS + RESULTS_VIEWS:
        content = client.get(view_url(view, voting)).content.decode()
        assert "Votante Secreta" not in content and "votante@example.org" not in content, view
