"""Verification of residents (verificacion): census import, verification once, the desk, and
one person one ballot per box across online, workshop code and paper."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from convocatorias.models import CallPage
from portal.roles import VERIFIERS, ensure_facilitators, ensure_roles
from portal.errors import ActionRefused
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.votaciones.factories import make_voting_call
from verificacion import documents, services
from verificacion.checks import verification_key
from verificacion.models import CensusEntry, CensusImport, DeskAction, InPersonRequest, Verification
from votaciones import electorate
from votaciones import services as voting
from votaciones.models import Ballot, VoterMark

pytestmark = pytest.mark.django_db

HEADER = "tipo_documento,numero_documento,fecha_nacimiento,territorio\n"
CODE_RE = re.compile(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b")
NUMBER = "1023456789"


def csv_file(*lines, header=HEADER):
    return io.BytesIO((header + "".join(line + "\n" for line in lines)).encode())


def do_import(*lines, scope="Padrón 2026", **kwargs):
    return services.import_census(csv_file(*lines), scope=scope, **kwargs)


@pytest.fixture
def places(db):
    return TerritoryFactory(name="Villa Hermosa", code="08"), TerritoryFactory(name="Belén", code="16")


def all_text_columns():
    """Every value of every table (to look for a document number in clear). Raw SQL on purpose: the
    scan must also read tables no model maps (the bank's full-text tables, Wagtail's search index)."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            values.extend(str(cell) for row in cursor.fetchall() for cell in row if cell is not None)
    return values


# --- Documents (pure) ----------------------------------------------------------------------------


def test_numbers_are_normalised_before_hashing():
    assert documents.normalise_number(" 0001.023-456 789 ") == "1023456789"
    assert documents.digest("k", "CC", "1.023.456.789") == documents.digest("k", "CC", "001023456789")
    assert documents.digest("k", "CC", NUMBER) != documents.digest("k", "TI", NUMBER)
    assert documents.digest("k", "CC", NUMBER) != documents.digest("other", "CC", NUMBER)
    assert not documents.well_formed("12") and not documents.well_formed("12#45") and documents.well_formed("AB123")


def test_age_on_counts_birthdays():
    assert electorate.age_on(datetime.date(2012, 6, 10), datetime.date(2026, 6, 9)) == 13
    assert electorate.age_on(datetime.date(2012, 6, 10), datetime.date(2026, 6, 10)) == 14


# --- Census import -------------------------------------------------------------------------------


def test_import_counts_per_territory_and_stores_no_number(places):
    villa, belen = places
    report = do_import(f"CC,{NUMBER},1984-03-21,08", "TI,98765,21/03/2010,belén", "CC,55.555.555,1970-01-01,Villa hermosa")
    assert report.ok, report.errors
    record = report.census_import
    assert record.rows == 3 and record.per_territory == {"Belén": 1, "Villa Hermosa": 2}
    assert CensusEntry.objects.filter(territory=villa).count() == 2
    assert record.retain_until > datetime.date.today()
    text = all_text_columns()
    assert not any(NUMBER in value or "55555555" in value or "98765" in value for value in text)


def test_a_new_import_replaces_the_scope_and_keeps_history(places):
    first = do_import(f"CC,{NUMBER},1984-03-21,08").census_import
    second = do_import(f"CC,{NUMBER},1984-03-21,08", "CC,222333,1990-01-01,16").census_import
    again = do_import(f"CC,{NUMBER},1984-03-21,08", "CC,222333,1990-01-01,16").census_import  # idempotent
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == CensusImport.Status.REPLACED
    assert again.status == CensusImport.Status.ACTIVE and CensusEntry.objects.count() == 2
    assert CensusImport.objects.count() == 3
    other = do_import("CC,777888,1990-01-01,16", scope="Comuna 16")
    assert other.ok and CensusEntry.objects.count() == 3


def test_every_error_is_listed_with_its_line_and_nothing_changes(places):
    do_import(f"CC,{NUMBER},1984-03-21,08")
    before = list(CensusEntry.objects.values_list("digest", flat=True))
    report = do_import(
        "CC,123456,1984-03-21,08",
        "CC,123456,1984-03-21,08",
        "CC,12,1984-03-21,08",
        "CC,654321,1984-13-40,08",
        "CC,654322,1984-03-21,Narnia",
        "XX,654323,1984-03-21,08",
        "CC,654324,2999-01-01,08",
        "CC,654325",
    )
    assert not report.ok
    joined = "\n".join(report.errors)
    for expected in (
        "Línea 3: documento repetido",
        "Línea 4: número de documento mal formado",
        "Línea 5: fecha de nacimiento no válida",
        "Línea 6: territorio desconocido «Narnia»",
        "Línea 7: tipo de documento desconocido",
        "Línea 8: fecha de nacimiento imposible",
        "Línea 9: faltan columnas",
    ):
        assert expected in joined, joined
    assert "123456" not in joined.replace("Línea", "")
    assert list(CensusEntry.objects.values_list("digest", flat=True)) == before
    assert CensusImport.objects.filter(status=CensusImport.Status.ACTIVE).count() == 1


def test_a_document_of_another_scope_is_an_error(places):
    do_import(f"CC,{NUMBER},1984-03-21,08", scope="A")
    report = do_import(f"CC,{NUMBER},1984-03-21,08", scope="B")
    assert report.errors == ["Línea 2: ese documento ya está en el padrón «A»."]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "vac"),
        ("tipo,numero\nCC,1\n".encode(), "La primera línea"),
        ((HEADER + "CC,123456,1984-03-21,Belén\n").encode("latin-1"), "UTF-8"),
        (b"\xff\xfe" + HEADER.encode("utf-16-le"), "UTF-8"),
        (b"PK\x03\x04garbage", "hoja de cálculo"),
        (HEADER.encode(), "ninguna persona"),
    ],
)
def test_unreadable_files_get_a_clear_message(places, data, message):
    report = services.import_census(io.BytesIO(data), scope="X")
    assert not report.ok and message in " ".join(report.errors)
    assert not CensusImport.objects.exists()


def test_ambiguous_territory_names_are_refused(places):
    TerritoryFactory(name="Belén", code="99", municipality="Otra")
    report = do_import("CC,123456,1984-03-21,Belén")
    assert "nombra varios territorios" in report.errors[0]


def test_xlsx_import(places):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tipo documento", "Número documento", "Fecha nacimiento", "Territorio"])
    sheet.append(["CC", 1023456789, datetime.datetime(1984, 3, 21), "08"])
    sheet.append(["TI", "98765", "2010-03-21", "Belén"])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    report = services.import_census(data, scope="XLSX")
    assert report.ok, report.errors
    assert report.census_import.rows == 2
    assert CensusEntry.objects.filter(digest=services.document_digest("CC", NUMBER), birth_date=datetime.date(1984, 3, 21)).exists()


def test_import_command_shows_progress_and_refuses_bad_files(places, tmp_path, capsys):
    good = tmp_path / "padron.csv"
    good.write_text(HEADER + f"CC,{NUMBER},1984-03-21,08\n", encoding="utf-8")
    call_command("import_census", str(good), scope="Padrón 2026")
    out = capsys.readouterr().out
    assert "líneas leídas" in out and "1 personas" in out and "Villa Hermosa: 1" in out
    bad = tmp_path / "malo.csv"
    bad.write_text(HEADER + "CC,1,1984-03-21,08\n", encoding="utf-8")
    with pytest.raises(CommandError, match="rechazado"):
        call_command("import_census", str(bad), scope="Padrón 2026")
    assert CensusEntry.objects.count() == 1


def test_purge_deletes_rows_after_retention_and_keeps_verifications(places):
    record = do_import(f"CC,{NUMBER},1984-03-21,08", retain_until=datetime.date.today() + datetime.timedelta(days=1)).census_import
    user = UserFactory()
    services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=datetime.date(1984, 3, 21))
    assert services.purge_census() == (0, 0)
    assert services.purge_census(today=datetime.date.today() + datetime.timedelta(days=2)) == (1, 1)
    CensusImport.objects.filter(pk=record.pk).update(retain_until=datetime.date.today() - datetime.timedelta(days=1))
    call_command("purge_census")
    record.refresh_from_db()
    assert record.status == CensusImport.Status.PURGED and not CensusEntry.objects.exists()
    assert Verification.objects.filter(user=user).exists()


def test_system_check_requires_a_real_key():
    with override_settings(VERIFICATION_HMAC_KEY="dev-only-verification-key-not-for-production"):
        assert [error.id for error in verification_key(None)] == ["participa.E002"]
    with override_settings(VERIFICATION_HMAC_KEY="short"):
        assert verification_key(None)
    with override_settings(VERIFICATION_HMAC_KEY="x" * 40):
        assert verification_key(None) == []
    assert "participa.E002" in {message.id for message in checks.run_checks(include_deployment_checks=True)}


# --- Citizen verification -----------------------------------------------------------------------


BIRTH = datetime.date(1984, 3, 21)


@pytest.fixture
def census(places):
    do_import(f"CC,{NUMBER},1984-03-21,08", "CC,222333,2013-01-01,08", "CC,444555,1990-01-01,16")
    return places


def test_verification_replaces_the_declared_territory(census):
    villa, belen = census
    user = UserFactory(territory=belen)
    verification = services.verify_online(user=user, document_type="CC", number="1.023.456.789", birth_date=BIRTH)
    user.refresh_from_db()
    assert user.territory == villa and verification.territory == villa and verification.method == "online"
    assert electorate.resident(user) == electorate.Resident(person=verification.digest, territory_id=villa.pk, birth_date=BIRTH)


def test_refusals_never_reveal_whether_a_document_exists(census):
    first, second = UserFactory(), UserFactory()
    services.verify_online(user=first, document_type="CC", number=NUMBER, birth_date=BIRTH)
    messages = set()
    for number, birth in ((NUMBER, BIRTH), ("999999", BIRTH), ("444555", BIRTH)):
        with pytest.raises(ActionRefused) as refusal:
            services.verify_online(user=second, document_type="CC", number=number, birth_date=birth)
        messages.add(refusal.value.message)
    assert len(messages) == 1
    assert not Verification.objects.filter(user=second).exists()


def test_one_document_verifies_one_account_in_the_database(census):
    services.verify_online(user=UserFactory(), document_type="CC", number=NUMBER, birth_date=BIRTH)
    villa, _belen = census
    with pytest.raises(IntegrityError), transaction.atomic():
        Verification.objects.create(
            user=UserFactory(), document_type="CC", digest=services.document_digest("CC", NUMBER), territory=villa, method="desk"
        )


def test_wrong_attempts_are_limited(census):
    user = UserFactory()
    for _attempt in range(5):
        with pytest.raises(ActionRefused):
            services.verify_online(user=user, document_type="CC", number="999999", birth_date=BIRTH)
    with pytest.raises(ActionRefused) as refusal:
        services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=BIRTH)
    assert refusal.value.code == "rate_limited"


def test_verify_page(client, census):
    url = reverse("verificacion:verify")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    user = UserFactory()
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200 and "Verificar mi residencia" in page.content.decode()
    bad = client.post(url, {"document_type": "CC", "number": "999999", "birth_date": "1984-03-21"})
    assert bad.status_code == 400 and "no coinciden con el padrón" in bad.content.decode()
    assert "999999" not in bad.content.decode()
    for data in ({}, {"document_type": "ZZ", "number": "x" * 500, "birth_date": "ayer"}, {"document_type": "CC", "number": "1", "birth_date": "1800-01-01"}):
        response = client.post(url, data)
        assert response.status_code == 400
    ok = client.post(url, {"document_type": "CC", "number": NUMBER, "birth_date": "1984-03-21"}, follow=True)
    assert "Su cuenta está verificada como residente de Villa Hermosa" in ok.content.decode()


def test_in_person_request(client, census):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("verificacion:request_in_person"), {"message": "Me mudé hace poco"}, follow=True)
    assert "Recibimos su solicitud" in response.content.decode()
    client.post(reverse("verificacion:request_in_person"), {"message": "otra vez"})
    assert InPersonRequest.objects.filter(user=user).count() == 1
    response = client.post(reverse("verificacion:request_in_person"), {"message": "x" * 2000}, follow=True)
    assert "como máximo 1000" in response.content.decode()
    assert client.get(reverse("verificacion:request_in_person")).status_code == 405


def test_personal_data_download_covers_verification(client, census):
    user = UserFactory()
    services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=BIRTH)
    client.force_login(user)
    content = client.get(reverse("profile_export")).content.decode()
    assert '"verified": true' in content and NUMBER not in content
    assert services.document_digest("CC", NUMBER) not in content


# --- One person, one ballot ---------------------------------------------------------------------


def verified_call(territory, **fields):
    call, box, proposals = make_voting_call(
        territories=[territory, TerritoryFactory()], vote_requirement=CallPage.VoteRequirement.VERIFIED_TERRITORY, **fields
    )
    return call, box, proposals


def test_voting_requires_a_verified_resident_of_the_box(census):
    villa, belen = census
    call, box, proposals = verified_call(villa)
    user = UserFactory()
    choice = {proposals[0].pk: 1}
    problem = voting.eligibility_problem(box=box, user=user)
    assert "residentes verificados" in problem
    other = UserFactory()
    services.verify_online(user=other, document_type="CC", number="444555", birth_date=datetime.date(1990, 1, 1))
    assert "otro territorio" in voting.eligibility_problem(box=box, user=other)
    services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=BIRTH)
    voting.cast_online_ballot(box=box, user=user, choices=choice)
    voting.cast_online_ballot(box=box, user=user, choices={proposals[1].pk: 1})  # changed until the close
    mark = VoterMark.objects.get()
    assert mark.channel == "online" and mark.ballot.voter == user and Ballot.objects.count() == 1


def test_minimum_age(census):
    villa, _belen = census
    call, box, proposals = verified_call(villa, vote_min_age=16)
    young = UserFactory()
    services.verify_online(user=young, document_type="CC", number="222333", birth_date=datetime.date(2013, 1, 1))
    assert "16 años o más" in voting.eligibility_problem(box=box, user=young)


def test_a_person_who_voted_online_gets_no_code_or_paper_ballot(census):
    villa, _belen = census
    call, box, proposals = verified_call(villa)
    user = UserFactory()
    services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=BIRTH)
    voting.cast_online_ballot(box=box, user=user, choices={proposals[0].pk: 1})
    session = voting.create_session(box=box, user=None, name="Taller", place="Biblioteca")
    staff = UserFactory(is_staff=True)
    person = services.desk_lookup(staff=staff, place="Biblioteca", document_type="CC", number=NUMBER, box=box)
    assert person.channel == "online" and person.verified_account == user
    for record in (services.desk_issue_code, services.desk_mark_paper):
        with pytest.raises(ActionRefused, match="ya votó en esta urna"):
            record(staff=staff, session=session, document_type="CC", number=NUMBER)
    assert VoterMark.objects.count() == 1


def test_a_person_who_voted_at_a_desk_cannot_vote_online(census):
    villa, _belen = census
    call, box, proposals = verified_call(villa)
    session = voting.create_session(box=box, user=None, name="Taller", place="Biblioteca")
    staff = UserFactory(is_staff=True)
    code = services.desk_issue_code(staff=staff, session=session, document_type="CC", number=NUMBER)
    assert CODE_RE.fullmatch(code)
    with pytest.raises(ActionRefused, match="ya votó"):
        services.desk_mark_paper(staff=staff, session=session, document_type="CC", number=NUMBER)
    user = UserFactory()
    services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=BIRTH)
    with pytest.raises(ActionRefused, match="Ya consta un voto suyo"):
        voting.cast_online_ballot(box=box, user=user, choices={proposals[0].pk: 1})
    voting.cast_code_ballot(text=code, choices={proposals[0].pk: 1})
    assert Ballot.objects.filter(channel="code").count() == 1 and not Ballot.objects.filter(voter=user).exists()
    assert set(DeskAction.objects.values_list("kind", flat=True)) == {"code"}
    assert DeskAction.objects.get().staff == staff and DeskAction.objects.get().place == "Biblioteca"


def test_voiding_an_unused_desk_code_frees_the_person(census):
    villa, _belen = census
    call, box, proposals = verified_call(villa)
    session = voting.create_session(box=box, user=None, name="Taller", place="Biblioteca")
    staff = UserFactory(is_staff=True)
    services.desk_issue_code(staff=staff, session=session, document_type="CC", number=NUMBER)
    voting.void_codes(session=session, user=staff)
    assert not VoterMark.objects.exists()
    services.desk_mark_paper(staff=staff, session=session, document_type="CC", number=NUMBER)
    assert VoterMark.objects.get().channel == "paper"


def test_the_database_holds_one_mark_per_person_and_box(census):
    villa, _belen = census
    call, box, proposals = verified_call(villa)
    VoterMark.objects.create(box=box, person="p" * 64, channel="paper")
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterMark.objects.create(box=box, person="p" * 64, channel="online")


def test_desk_verifies_people_outside_the_census(census):
    villa, belen = census
    staff, account = UserFactory(is_staff=True), UserFactory()
    with pytest.raises(ActionRefused, match="no está en el padrón"):
        services.desk_verify_account(staff=staff, place="Oficina", account=account, document_type="CC", number="313131")
    verification = services.desk_verify_account(
        staff=staff, place="Oficina", account=account, document_type="CC", number="313131", territory=belen, birth_date=BIRTH
    )
    assert verification.method == "desk" and verification.verified_by == staff and verification.place == "Oficina"
    with pytest.raises(ActionRefused, match="otra cuenta"):
        services.desk_verify_account(staff=staff, place="Oficina", account=UserFactory(), document_type="CC", number="313131", territory=belen, birth_date=BIRTH)
    assert DeskAction.objects.filter(kind="verify", account=account, staff=staff).exists()


# --- Staff screens: permissions ------------------------------------------------------------------


@pytest.fixture
def staff_roles(citizen, editor, evaluator, admin_user):
    verifier = UserFactory(email="verificadora@example.org", is_staff=True)
    ensure_roles()
    verifier.groups.add(Group.objects.get(name=VERIFIERS))
    facilitator = UserFactory(email="facilitador@example.org", is_staff=True)
    facilitator.groups.add(ensure_facilitators())
    return {
        "anonymous": None,
        "citizen": citizen,
        "evaluator": evaluator,
        "editor": editor,
        "facilitator": facilitator,
        "verifier": verifier,
        "admin": admin_user,
    }


ACCESS = {
    "census": {"anonymous": "login", "citizen": "login", "evaluator": "home", "editor": "home", "facilitator": "home", "verifier": 200, "admin": 200},
    "desk": {"anonymous": "login", "citizen": "login", "evaluator": "home", "editor": "home", "facilitator": 200, "verifier": 200, "admin": 200},
    "requests": {"anonymous": "login", "citizen": "login", "evaluator": "home", "editor": "home", "facilitator": 200, "verifier": 200, "admin": 200},
}


@pytest.mark.parametrize("role", ["anonymous", "citizen", "evaluator", "editor", "facilitator", "verifier", "admin"])
@pytest.mark.parametrize("view", sorted(ACCESS))
def test_staff_views_by_role(client, site, staff_roles, role, view):
    user = staff_roles[role]
    if user is not None:
        client.force_login(user)
    url = reverse(f"verificacion_admin:{view}")
    for response in (client.get(url), client.post(url, {})):
        expected = ACCESS[view][role]
        if expected == "login":
            assert response.status_code == 302 and "/login/" in response["Location"]
        elif expected == "home":
            assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        else:
            assert response.status_code in (200, 400, 405)
    assert not CensusImport.objects.exists() and not DeskAction.objects.exists()


def test_census_upload_in_the_admin(client, site, census, staff_roles, django_assert_max_num_queries):
    client.force_login(staff_roles["verifier"])
    url = reverse("verificacion_admin:census")
    upload = io.BytesIO((HEADER + "CC,121212,1984-03-21,08\nCC,343434,1984-03-21,Belén\n").encode())
    upload.name = "padron.csv"
    response = client.post(url, {"scope": "Padrón 2027", "file": upload})
    content = response.content.decode()
    assert response.status_code == 200 and "Villa Hermosa: 1" in content and "Belén: 1" in content
    bad = io.BytesIO((HEADER + "CC,1,1984-03-21,Narnia\n").encode())
    bad.name = "malo.csv"
    response = client.post(url, {"scope": "Padrón 2027", "file": bad})
    content = response.content.decode()
    assert response.status_code == 400 and "Línea 2" in content and "no se importó" in content
    assert client.post(url, {"scope": "", "file": ""}).status_code == 400
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_desk_screen_never_echoes_the_number(client, site, census, staff_roles):
    villa, _belen = census
    call, box, proposals = verified_call(villa)
    session = voting.create_session(box=box, user=None, name="Taller", place="Biblioteca")
    client.force_login(staff_roles["verifier"])
    url = reverse("verificacion_admin:desk")
    response = client.post(url, {"desk_action": "lookup", "session": session.pk, "lookup-document_type": "CC", "lookup-number": NUMBER})
    content = response.content.decode()
    assert "Está en el padrón" in content and "Todavía no ha votado" in content and NUMBER not in content
    response = client.post(url, {"desk_action": "record", "session": session.pk, "record-document_type": "CC", "record-number": NUMBER, "record-action": "code"})
    assert CODE_RE.search(response.content.decode())
    response = client.post(url, {"desk_action": "record", "session": session.pk, "record-document_type": "CC", "record-number": NUMBER, "record-action": "paper"})
    assert response.status_code == 400 and "ya votó" in response.content.decode() and NUMBER not in response.content.decode()
    for data in ({"desk_action": "nada"}, {"desk_action": "verify", "verify-email": "no"}, {"desk_action": "record", "session": "x"}):
        assert client.post(url, data).status_code == 400


# --- Journey --------------------------------------------------------------------------------------


def test_journey_import_verify_vote_and_a_second_account_is_refused(client, site, places, staff_roles):
    villa, _belen = places
    client.force_login(staff_roles["verifier"])
    upload = io.BytesIO((HEADER + f"CC,{NUMBER},1984-03-21,08\n").encode())
    upload.name = "padron.csv"
    assert client.post(reverse("verificacion_admin:census"), {"scope": "Padrón", "file": upload}).status_code == 200
    call, box, proposals = verified_call(villa)
    first = UserFactory()
    client.force_login(first)
    client.post(reverse("verificacion:verify"), {"document_type": "CC", "number": "1.023.456.789", "birth_date": "1984-03-21"})
    assert Verification.objects.filter(user=first).exists()
    ballot_url = reverse("votaciones:ballot", args=[box.pk])
    response = client.post(ballot_url, {"choice": [proposals[0].pk], "step": "confirm"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert Ballot.objects.get().voter == first
    second = UserFactory()
    client.force_login(second)
    response = client.post(reverse("verificacion:verify"), {"document_type": "CC", "number": NUMBER, "birth_date": "1984-03-21"})
    assert response.status_code == 400 and "no coinciden" in response.content.decode()
    assert "residentes verificados" in voting.eligibility_problem(box=box, user=second)
    page = client.get(ballot_url).content.decode()
    assert "residentes verificados" in page and reverse("verificacion:verify") in page
    assert client.post(ballot_url, {"choice": [proposals[1].pk], "step": "confirm"}).status_code == 403
    assert Ballot.objects.count() == 1
    assert not any(NUMBER in value for value in all_text_columns())


def test_ballot_page_queries_do_not_grow_with_the_census(client, site, places, django_assert_num_queries):
    villa, _belen = places
    call, box, proposals = verified_call(villa)
    do_import(f"CC,{NUMBER},1984-03-21,08")
    user = UserFactory()
    services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=BIRTH)
    client.force_login(user)
    url = reverse("votaciones:ballot", args=[box.pk])
    client.get(url)  # warm the ballot sheet cache
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as small:
        assert client.get(url).status_code == 200
    lines = [f"CC,{NUMBER},1984-03-21,08"] + [f"CC,{700000 + n},1990-01-01,16" for n in range(2000)]
    assert do_import(*lines).ok
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_demo_census_and_desk_account(places):
    from demo.verification import CITIZEN_DOCUMENT, DESK_EMAIL, seed

    villa, _belen = places
    citizen = UserFactory(email="ciudadana@participa.test", territory=villa)
    lines = seed(password="demo-password")
    assert any("Padrón sintético" in line for line in lines)
    seed(password="demo-password")  # idempotent
    assert CensusImport.objects.filter(status="active").count() == 1
    desk = Group.objects.get(name=VERIFIERS).user_set.get()
    assert desk.email == DESK_EMAIL and desk.has_perm("verificacion.verify_at_desk")
    kind, number, birth = CITIZEN_DOCUMENT
    assert services.verify_online(user=citizen, document_type=kind, number=number, birth_date=birth).territory == villa


def test_deleting_the_account_removes_the_verification_and_keeps_the_vote(census):
    from portal.services import delete_account

    villa, _belen = census
    call, box, proposals = verified_call(villa)
    user = UserFactory()
    services.verify_online(user=user, document_type="CC", number=NUMBER, birth_date=BIRTH)
    voting.cast_online_ballot(box=box, user=user, choices={proposals[0].pk: 1})
    delete_account(user=user)
    assert not Verification.objects.exists()
    assert Ballot.objects.get().voter is None and VoterMark.objects.count() == 1
    # The same person with a new account is verified again but does not vote twice in the box.
    again = UserFactory()
    services.verify_online(user=again, document_type="CC", number=NUMBER, birth_date=BIRTH)
    with pytest.raises(ActionRefused, match="Ya consta un voto suyo"):
        voting.cast_online_ballot(box=box, user=again, choices={proposals[0].pk: 1})
