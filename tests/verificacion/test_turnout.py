"""Turnout by channel (online, workshop code, desk-bound code, paper, imported) and by
verification, in the public statistics and on the results page: counts only, small groups
suppressed, never a person's key, document or birth date."""

import hashlib

import pytest
from django.core.cache import cache
from django.urls import reverse

from convocatorias.models import CallPage
from tests.banco.test_statistics import section
from tests.convocatorias.factories import TerritoryFactory
from tests.votaciones.factories import make_voting_call
from votaciones import turnout
from votaciones.models import Ballot, BallotChoice, VoterMark, VotingCode, WorkshopSession, receipt_fingerprint
from votaciones.services import new_receipt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def person(n):
    return hashlib.sha256(f"persona-{n}".encode()).hexdigest()


def ballot(box, channel, proposal, **fields):
    made = Ballot.objects.create(box=box, channel=channel, fingerprint=receipt_fingerprint(new_receipt()), **fields)
    BallotChoice.objects.create(ballot=made, proposal=proposal)
    return made


def populate(box, proposal, *, online=12, workshop=10, desk=2, paper=4, paper_marked=3, unmarked_online=0):
    """Ballots of each channel; the verified ones have their VoterMark (as the services make them)."""
    session = WorkshopSession.objects.create(box=box, name="Taller")
    n = 0
    for _ in range(online):
        n += 1
        VoterMark.objects.create(box=box, person=person(n), channel="online", ballot=ballot(box, "online", proposal))
    for _ in range(unmarked_online):
        ballot(box, "online", proposal)
    for index in range(workshop + desk):
        code = VotingCode.objects.create(session=session, digest=hashlib.sha256(f"code-{box.pk}-{index}".encode()).hexdigest())
        ballot(box, "code", proposal, code=code, session=session)
        if index >= workshop:
            n += 1
            VoterMark.objects.create(box=box, person=person(n), channel="code", code=code, session=session)
    for _ in range(paper):
        ballot(box, "paper", proposal, session=session)
    for _ in range(paper_marked):
        n += 1
        VoterMark.objects.create(box=box, person=person(n), channel="paper", session=session)
    return n


@pytest.fixture
def closed(site):
    villa = TerritoryFactory(name="Villa Hermosa")
    call, box, proposals = make_voting_call(
        current="results", territories=[villa], slug="verificada", vote_requirement=CallPage.VoteRequirement.VERIFIED_TERRITORY
    )
    return call, box, proposals


def test_the_rule_counts_desk_codes_and_verified_paper_ballots(closed):
    call, box, proposals = closed
    populate(box, proposals[0], paper=2, paper_marked=3)  # more marks than paper ballots: capped
    counted = turnout.of_boxes(Ballot.objects.filter(box=box), VoterMark.objects.filter(box=box))
    assert counted["channels"] == {"online": 12, "code": 10, "desk_code": 2, "paper": 2, "imported": 0}
    assert counted["verified"] == 12 + 2 + 2 and counted["unverified"] == 10
    assert turnout.split_visible(16, 10) and turnout.split_visible(16, 0) and not turnout.split_visible(16, 9)


def test_statistics_show_channels_and_verification(client, closed):
    call, box, proposals = closed
    people = populate(box, proposals[0])
    html = client.get(reverse("estadisticas:call", kwargs={"key": call.slug})).content.decode()
    channels = section(html, "ballots-channel")
    for label, count in [("En línea", 12), ("Código de taller", 10), ("Código de un punto de verificación", 2), ("Papel", 4), ("Importada", 0)]:
        assert f'<th scope="row">{label}</th><td class="num">{count}</td>' in channels, label
    verification = section(html, "ballots-verification")
    assert '<th scope="row">De residentes verificados</th><td class="num">17</td>' in verification
    assert '<th scope="row">Sin verificación</th><td class="num">11</td>' in verification
    assert not any(person(n) in html for n in range(1, people + 1))
    overall = client.get(reverse("estadisticas:overall")).content.decode()
    assert '<th scope="row">De residentes verificados</th><td class="num">17</td>' in section(overall, "ballots-verification")


def test_a_small_group_of_unverified_ballots_is_not_shown(client, closed):
    call, box, proposals = closed
    populate(box, proposals[0], workshop=0, paper=3, paper_marked=0, unmarked_online=0)  # 3 unverified (paper)
    html = client.get(reverse("estadisticas:call", kwargs={"key": call.slug})).content.decode()
    verification = section(html, "ballots-verification")
    assert "Sin verificación" not in verification and "De residentes verificados" not in verification


def test_calls_without_verification_show_no_verification_figures(client, site):
    call, box, proposals = make_voting_call(current="results", slug="abierta")
    ballot(box, "online", proposals[0])
    html = client.get(reverse("estadisticas:call", kwargs={"key": call.slug})).content.decode()
    assert 'id="ballots-verification"' not in html


def test_results_page_shows_turnout_by_channel_and_verification(client, closed):
    call, box, proposals = closed
    people = populate(box, proposals[0])
    html = client.get(call.results_url).content.decode()
    for text in ("En línea: 12", "Código de taller: 10", "Código de un punto de verificación: 2", "Papel: 4",
                 "De residentes verificados: 17", "Sin verificación: 11", "Papeletas por verificación de residencia"):
        assert text in html, text
    assert "Importada" not in html
    assert not any(person(n) in html for n in range(1, people + 1))


def test_results_page_hides_a_small_verification_group(client, closed):
    call, box, proposals = closed
    populate(box, proposals[0], workshop=5, paper=0, paper_marked=0)
    html = client.get(call.results_url).content.decode()
    assert "Código de taller: 5" in html and "Sin verificación" not in html


def test_statistics_query_count_does_not_grow_with_channels(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size, slug in ((1, "pocas"), (6, "muchas")):
        call, box, proposals = make_voting_call(current="results", territories=[TerritoryFactory()], slug=slug)
        populate(box, proposals[0], online=size, workshop=size, desk=size, paper=size, paper_marked=size)
        url = reverse("estadisticas:call", kwargs={"key": call.slug})
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
