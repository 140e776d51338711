"""What a call requires per action (propose, support, comment, vote): the services refuse with a
Spanish message saying what is missing and where to get it, allow when it is met, and the call
page, the proposal page and the ballot tell a person what they still need."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from convocatorias import residents
from convocatorias.residents import Requirement, Task
from portal.errors import ActionRefused
from propuestas import services as proposals
from propuestas.models import Proposal, Support
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call
from tests.propuestas.test_comments import form_data as comment_form, proposal_comments
from tests.propuestas.test_proposals import form_data as proposal_form
from verificacion import services

pytestmark = pytest.mark.django_db

NUMBER = "1023456789"
BIRTH = datetime.date(1984, 3, 21)
VERIFY_URL = "/cuenta/verificacion/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate limits
    yield
    cache.clear()


@pytest.fixture
def places(db):
    villa, belen = TerritoryFactory(name="Villa Hermosa", code="08"), TerritoryFactory(name="Belén", code="16")
    header = "tipo_documento,numero_documento,fecha_nacimiento,territorio\n"
    import io

    lines = f"CC,{NUMBER},1984-03-21,08\nCC,444555,1990-01-01,16\nCC,222333,2013-01-01,08\n"
    assert services.import_census(io.BytesIO((header + lines).encode()), scope="Padrón").ok
    return villa, belen


@pytest.fixture
def people(places):
    """unconfirmed, confirmed (not verified), verified elsewhere (Belén), verified in Villa Hermosa."""
    elsewhere, here = UserFactory(), UserFactory()
    services.verify_online(user=elsewhere, document_type="CC", number="444555", birth_date=datetime.date(1990, 1, 1))
    services.verify_online(user=here, document_type="CC", number=NUMBER, birth_date=BIRTH)
    return {"unconfirmed": UserFactory(verified=False), "confirmed": UserFactory(), "elsewhere": elsewhere, "here": here}


#: For each requirement: who may act (the others are refused, with the code and words below).
ALLOWED = {
    Requirement.ACCOUNT: {"unconfirmed", "confirmed", "elsewhere", "here"},
    Requirement.EMAIL: {"confirmed", "elsewhere", "here"},
    Requirement.VERIFIED: {"elsewhere", "here"},
    Requirement.VERIFIED_TERRITORY: {"here"},
}
REFUSAL = {
    "unconfirmed": ("unconfirmed", "Confirme su correo electrónico"),
    "confirmed": ("not_verified", "residente verificado con el padrón"),
    "elsewhere": ("territory", "reside en otro territorio"),
}


def call_for(places, task, requirement, current):
    villa, belen = places
    field = {Task.PROPOSE: "propose_requirement", Task.SUPPORT: "support_requirement", Task.COMMENT: "comment_requirement"}[task]
    return make_proposal_call(current=current, territories=[villa, belen], **{field: requirement})


# --- The rule (pure, with a provider of our own) ---------------------------------------------------


def test_missing_answers_what_is_missing(monkeypatch, places):
    villa, belen = places
    person = residents.Resident(person="k", territory_id=villa.pk, birth_date=datetime.date(2012, 6, 10))
    monkeypatch.setattr(residents, "_provider", lambda user: person)
    user = UserFactory()
    assert residents.missing(Requirement.VERIFIED_TERRITORY, user, task=Task.SUPPORT, territory_id=villa.pk) is None
    lack = residents.missing(Requirement.VERIFIED_TERRITORY, UserFactory(), task=Task.SUPPORT, territory_id=belen.pk)
    assert lack.code == "territory" and "territorio de la propuesta" in lack.message
    assert residents.missing(Requirement.VERIFIED, UserFactory(), task=Task.VOTE, territory_ids=[belen.pk]) is None
    assert residents.missing(Requirement.VERIFIED_TERRITORY, UserFactory(), task=Task.VOTE, territory_ids=[belen.pk]).code == "territory"
    young = residents.missing(Requirement.VERIFIED, UserFactory(), task=Task.VOTE, min_age=16, today=datetime.date(2026, 6, 9))
    assert young.code == "age" and "16 años o más" in young.message
    assert residents.missing(Requirement.VERIFIED, UserFactory(), task=Task.VOTE, min_age=14, today=datetime.date(2026, 6, 10)) is None
    from django.contrib.auth.models import AnonymousUser

    assert residents.missing(Requirement.ACCOUNT, AnonymousUser(), task=Task.COMMENT).code == "login"
    monkeypatch.setattr(residents, "_provider", lambda user: None)
    lack = residents.missing(Requirement.VERIFIED, UserFactory(), task=Task.COMMENT)
    assert lack.code == "verification" and lack.url == VERIFY_URL and VERIFY_URL in lack.refusal
    assert "punto de atención" in lack.message


def test_existing_calls_keep_a_confirmed_email_as_the_default(places):
    call = make_proposal_call()
    assert call.propose_requirement == call.support_requirement == call.comment_requirement == Requirement.EMAIL


# --- The services ----------------------------------------------------------------------------------


def _outcome(action, who):
    try:
        action()
    except ActionRefused as refusal:
        return refusal
    return None


@pytest.mark.parametrize("requirement", list(Requirement))
def test_proposing(places, people, requirement):
    villa, _belen = places
    call = call_for(places, Task.PROPOSE, requirement, "intake")
    for who, user in people.items():
        data = {name: value for name, value in proposal_form(call).items() if name not in ("token", "latitude", "longitude")}
        data.update(theme=call.themes.first(), territory=villa, beneficiaries_count=3500, estimated_cost=2_500_000)
        refusal = _outcome(lambda: proposals.create_proposal(author=user, call=call, data=data), who)
        if who in ALLOWED[requirement]:
            assert refusal is None, (who, refusal)
        else:
            code, words = REFUSAL[who]
            assert refusal.code == code and words in refusal.message, (who, refusal.message)
            assert not Proposal.objects.filter(author=user).exists()
    if requirement in residents.VERIFIED:
        # Sending the draft checks again (the territory of the draft).
        draft = Proposal.objects.get(author=people["here"])
        assert proposals.submit_proposal(proposal=draft, user=people["here"]).status == "submitted"


def test_sending_a_draft_of_another_territory_is_refused(places, people):
    villa, belen = places
    call = call_for(places, Task.PROPOSE, Requirement.VERIFIED_TERRITORY, "intake")
    draft = ProposalFactory(call=call, author=people["here"], territory=belen, status="draft")
    with pytest.raises(ActionRefused) as refusal:
        proposals.submit_proposal(proposal=draft, user=people["here"])
    assert refusal.value.code == "territory"
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize("requirement", list(Requirement))
def test_supporting(places, people, requirement):
    villa, _belen = places
    call = call_for(places, Task.SUPPORT, requirement, "supports")
    proposal = ProposalFactory(call=call, territory=villa)
    for who, user in people.items():
        refusal = _outcome(lambda: proposals.support_proposal(proposal=proposal, user=user), who)
        if who in ALLOWED[requirement]:
            assert refusal is None, (who, refusal)
            assert Support.objects.filter(proposal=proposal, user=user).exists()
        else:
            code, words = REFUSAL[who]
            assert refusal.code == code and words in refusal.message, (who, refusal.message)
            assert not Support.objects.filter(user=user).exists()
    if requirement == Requirement.VERIFIED:
        assert VERIFY_URL in proposals_refusal(proposal, people["confirmed"])


def proposals_refusal(proposal, user):
    with pytest.raises(ActionRefused) as refusal:
        proposals.support_proposal(proposal=proposal, user=user)
    return refusal.value.message


@pytest.mark.parametrize("requirement", list(Requirement))
def test_commenting_through_the_client(client, site, places, people, requirement):
    villa, _belen = places
    call = call_for(places, Task.COMMENT, requirement, "intake")
    proposal = ProposalFactory(call=call, territory=villa)
    for who, user in people.items():
        client.force_login(user)
        response = client.post(reverse("comments-post-comment"), comment_form(proposal, f"Comentario de {who}"), follow=True)
        posted = proposal_comments(proposal).filter(user=user).exists()
        if who in ALLOWED[requirement]:
            assert posted, who
        else:
            assert not posted, who
            _code, words = REFUSAL[who]
            assert words in response.content.decode(), who


# --- Through the client: messages and where to get what is missing ----------------------------------


def test_support_refused_through_the_client_with_the_link(client, site, places, people):
    villa, _belen = places
    call = call_for(places, Task.SUPPORT, Requirement.VERIFIED_TERRITORY, "supports")
    proposal = ProposalFactory(call=call, territory=villa)
    client.force_login(people["confirmed"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Apoyar esta propuesta" not in page
    assert "residente verificado con el padrón" in page and f'href="{VERIFY_URL}"' in page
    response = client.post(reverse("propuestas:support", args=[proposal.pk]), follow=True)
    assert "residente verificado con el padrón" in response.content.decode() and not Support.objects.exists()
    client.force_login(people["elsewhere"])
    assert "reside en otro territorio" in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(people["here"])
    assert "Apoyar esta propuesta" in client.get(proposal.get_absolute_url()).content.decode()
    client.post(reverse("propuestas:support", args=[proposal.pk]))
    assert Support.objects.filter(user=people["here"]).exists()


def test_comment_form_replaced_by_what_is_missing(client, site, places, people):
    villa, _belen = places
    call = call_for(places, Task.COMMENT, Requirement.VERIFIED, "intake")
    proposal = ProposalFactory(call=call, territory=villa)
    client.force_login(people["confirmed"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Deje su comentario" not in page and f'href="{VERIFY_URL}"' in page
    client.force_login(people["elsewhere"])
    assert "Deje su comentario" in client.get(proposal.get_absolute_url()).content.decode()


def test_new_proposal_page_sends_an_unverified_person_to_verification(client, site, places, people):
    call = call_for(places, Task.PROPOSE, Requirement.VERIFIED, "intake")
    client.force_login(people["confirmed"])
    response = client.get(call.new_proposal_url)
    assert response.status_code == 302 and response["Location"] == VERIFY_URL
    client.force_login(people["elsewhere"])
    assert client.get(call.new_proposal_url).status_code == 200
    client.force_login(people["here"])
    response = client.post(call.new_proposal_url, proposal_form(call))
    assert response.status_code == 302 and Proposal.objects.filter(author=people["here"]).exists()


def test_account_only_lets_an_unconfirmed_person_propose(client, site, places, people):
    call = call_for(places, Task.PROPOSE, Requirement.ACCOUNT, "intake")
    client.force_login(people["unconfirmed"])
    response = client.post(call.new_proposal_url, proposal_form(call))
    assert response.status_code == 302 and Proposal.objects.filter(author=people["unconfirmed"]).exists()


# --- The call page's box ------------------------------------------------------------------------------


def test_call_page_box_tells_each_person_what_they_need(client, site, places, people):
    villa, belen = places
    call = make_proposal_call(
        current="intake",
        territories=[villa],
        propose_requirement=Requirement.ACCOUNT,
        support_requirement=Requirement.VERIFIED,
        comment_requirement=Requirement.VERIFIED_TERRITORY,
        vote_requirement=Requirement.VERIFIED_TERRITORY,
        vote_min_age=16,
    )
    page = client.get(call.url).content.decode()
    assert "Requisitos para participar" in page
    for words in ("Una cuenta (sin más requisitos)", "Residentes verificados con el padrón",
                  "Residentes verificados del territorio de la propuesta",
                  "Residentes verificados del territorio de la papeleta, de 16 años o más",
                  "Inicie sesión para saber si cumple cada requisito."):
        assert words in page, words
    assert "Usted cumple este requisito." not in page

    client.force_login(people["confirmed"])
    page = client.get(call.url).content.decode()
    assert page.count("Usted cumple este requisito.") == 1  # proposing
    assert page.count("Le falta:") == 3 and f'href="{VERIFY_URL}"' in page

    client.force_login(people["elsewhere"])  # verified in Belén, the call is in Villa Hermosa
    page = client.get(call.url).content.decode()
    assert page.count("Usted cumple este requisito.") == 2
    assert "reside fuera de los territorios de esta convocatoria" in page

    client.force_login(people["here"])
    assert client.get(call.url).content.decode().count("Usted cumple este requisito.") == 4

    young = UserFactory()
    services.verify_online(user=young, document_type="CC", number="222333", birth_date=datetime.date(2013, 1, 1))
    client.force_login(young)
    page = client.get(call.url).content.decode()
    assert "hay que tener 16 años o más" in page and page.count("Usted cumple este requisito.") == 3


def test_call_page_box_in_english(client, site, places, people):
    call = make_proposal_call(support_requirement=Requirement.VERIFIED)
    client.force_login(people["confirmed"])
    client.cookies["django_language"] = "en"
    page = client.get(call.url).content.decode()
    assert "Requirements to take part" in page and "Residents verified against the census" in page


def test_call_page_queries_do_not_grow_with_requirements(client, site, places, people, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plain = make_proposal_call(slug="plain", title="Sencilla")
    verified = make_proposal_call(
        slug="verified", title="Verificada", support_requirement=Requirement.VERIFIED, comment_requirement=Requirement.VERIFIED_TERRITORY
    )
    client.force_login(people["here"])
    assert client.get(plain.url).status_code == 200
    with CaptureQueriesContext(connection) as base:
        assert client.get(plain.url).status_code == 200
    count = len(base.captured_queries)  # now: each request resets the connection's query log
    client.get(verified.url)
    with django_assert_num_queries(count + 1):  # the resident, read once for the four actions
        client.get(verified.url)


# --- Demo ---------------------------------------------------------------------------------------------


def test_demo_makes_the_medellin_call_require_verification(client, site, places):
    from wagtail.models import Revision

    from demo import verification as demo

    call = make_proposal_call(slug=demo.VERIFIED_CALL, title="Presupuesto Participativo – Medellín", territories=list(places))
    lines = demo.seed(password="demo-password")
    assert any("piden residentes verificados" in line for line in lines)
    assert any(line.startswith("Persona sintética de Villa Hermosa") for line in lines)
    call.refresh_from_db()
    assert (call.support_requirement, call.vote_requirement, call.vote_min_age) == (Requirement.VERIFIED_TERRITORY, "verified_territory", 14)
    revisions = Revision.objects.count()
    demo.seed(password="demo-password")  # idempotent: no new revision
    assert Revision.objects.count() == revisions
    client.force_login(UserFactory())
    page = client.get(call.url).content.decode()
    assert "Requisitos para participar" in page and page.count("Le falta:") == 4
