"""The public voting pages: a call's ballots, the ballot with its review step, receipts, workshop
codes and the kiosk, the receipt check, the published fingerprints, "Mi participación"."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from convocatorias.phases import Phase
from tests.convocatorias.factories import TerritoryFactory, make_call
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory
from tests.votaciones.factories import make_voting_call
from votaciones import services
from votaciones.models import Ballot, BallotChoice, VotingCode, format_code, receipt_fingerprint

pytestmark = pytest.mark.django_db


def ballot_url(box):
    return reverse("votaciones:ballot", args=[box.pk])


def voting_phase(call):
    return next(phase for phase in call.schedule if phase.kind == Phase.VOTING)


def receipt_in(response):
    match = re.search(r'<output id="receipt-code">([A-Z0-9-]+)</output>', response.content.decode())
    return match.group(1) if match else None


@pytest.fixture
def voting(site):
    """A knapsack call: ceiling 10M, projects of 2M, 3M and 6M."""
    return make_voting_call(ballot_type="knapsack", costs=[2_000_000, 3_000_000, 6_000_000])


# --- The call's ballots ----------------------------------------------------------------------------


def test_call_page_lists_boxes_with_the_voter_state(client, voting, citizen):
    call, box, (a, *_rest) = voting
    url = reverse("votaciones:call", args=[call.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Iniciar sesión y votar" in response.content.decode()
    client.force_login(citizen)
    assert "Votar en este territorio" in client.get(url).content.decode()
    services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
    page = client.get(url).content.decode()
    assert "Ya votó aquí" in page and "Ver o cambiar mi voto" in page
    # One territory only: the other box says why not.
    assert "en esta convocatoria se vota en un solo territorio" in page


def test_call_page_404_for_unpublished_calls(client, voting):
    call, _box, _proposals = voting
    call.unpublish()
    assert client.get(reverse("votaciones:call", args=[call.pk])).status_code == 404
    assert client.get(reverse("votaciones:call", args=[987654])).status_code == 404


def test_call_page_has_a_vote_button_while_voting_is_open(client, site):
    call, _box, _proposals = make_voting_call()
    page = client.get(call.url).content.decode()
    assert reverse("votaciones:call", args=[call.pk]) in page and reverse("votaciones:code") in page
    later, _box, _proposals = make_voting_call(current="results", slug="resultados")
    assert reverse("votaciones:call", args=[later.pk]) not in client.get(later.url).content.decode()


# --- The online ballot -------------------------------------------------------------------------------


def test_ballot_shows_projects_rules_and_costs(client, voting, citizen):
    call, box, proposals = voting
    client.force_login(citizen)
    response = client.get(ballot_url(box))
    page = response.content.decode()
    assert response.status_code == 200
    for proposal in proposals:
        assert proposal.title in page and f'name="choice" value="{proposal.pk}"' in page
        assert reverse("propuestas:detail", args=[proposal.pk]) in page
    assert "$ 2,000,000" in page or "$ 2.000.000" in page
    assert "deben caber en el techo" in page and 'aria-live="polite"' in page


def test_review_step_then_confirm_then_receipt(client, voting, citizen):
    call, box, (a, b, c) = voting
    client.force_login(citizen)
    review = client.post(ballot_url(box), {"choice": [a.pk, b.pk], "step": "review"})
    assert review.status_code == 200
    page = review.content.decode()
    assert "Revise su voto antes de enviarlo" in page and "Confirmar y enviar mi voto" in page
    assert not Ballot.objects.exists()  # reviewing casts nothing
    confirm = client.post(ballot_url(box), {"choice": [a.pk, b.pk], "step": "confirm"})
    assert confirm.status_code == 302 and confirm["Location"] == reverse("votaciones:receipt", args=[box.pk]) + "?nuevo=1"
    ballot = Ballot.objects.get()
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {a.pk, b.pk}
    receipt_page = client.get(confirm["Location"])
    code = receipt_in(receipt_page)
    assert code == format_code(ballot.receipt)
    text = receipt_page.content.decode()
    assert receipt_fingerprint(code) in text and "Puede cambiar su voto hasta el cierre" in text
    assert a.title in text and b.title in text and c.title not in text
    assert reverse("votaciones:check_receipt") in text
    assert "Su voto quedó registrado" in text
    # Later (from "Mi participación", say) the same receipt, without the thanks; the cast wrote
    # nothing into the session.
    again = client.get(reverse("votaciones:receipt", args=[box.pk])).content.decode()
    assert format_code(ballot.receipt) in again and "Su voto quedó registrado" not in again
    assert "votaciones_receipt" not in client.session


def test_review_with_problems_explains_and_offers_no_confirm(client, voting, citizen):
    call, box, (a, b, c) = voting
    client.force_login(citizen)
    response = client.post(ballot_url(box), {"choice": [a.pk, b.pk, c.pk], "step": "review"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "el techo del territorio es $ 10" in page and "Confirmar y enviar" not in page
    assert "Sus elecciones" in page and "3 proyectos elegidos" in page
    # The choices stay marked for fixing.
    assert page.count("checked") == 3
    response = client.post(ballot_url(box), {"choice": [a.pk, b.pk, c.pk], "step": "confirm"})
    assert response.status_code == 400 and not Ballot.objects.exists()


def test_change_ballot_prefills_and_replaces(client, voting, citizen):
    call, box, (a, b, c) = voting
    client.force_login(citizen)
    client.post(ballot_url(box), {"choice": [a.pk], "step": "confirm"})
    first = Ballot.objects.get().receipt
    page = client.get(ballot_url(box)).content.decode()
    assert "Ya votó en este territorio" in page
    assert re.search(rf'value="{a.pk}" id="choice-{a.pk}"[^>]* checked', page)
    assert not re.search(rf'value="{b.pk}" id="choice-{b.pk}"[^>]* checked', page)
    client.post(ballot_url(box), {"choice": [b.pk, a.pk], "step": "confirm"})
    ballot = Ballot.objects.get()
    assert ballot.receipt != first and ballot.changes == 1
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {a.pk, b.pk}
    # A double submit is harmless: still one ballot.
    client.post(ballot_url(box), {"choice": [b.pk, a.pk], "step": "confirm"})
    client.post(ballot_url(box), {"choice": [b.pk, a.pk], "step": "confirm"})
    assert Ballot.objects.count() == 1 and BallotChoice.objects.count() == 2


def test_receipt_without_ballot_sends_back_to_the_ballot(client, voting, citizen):
    call, box, _proposals = voting
    client.force_login(citizen)
    response = client.get(reverse("votaciones:receipt", args=[box.pk]))
    assert response.status_code == 302 and response["Location"] == ballot_url(box)


def test_unconfirmed_email_sees_why_and_a_resend_link(client, voting):
    call, box, (a, *_rest) = voting
    client.force_login(UserFactory(verified=False))
    page = client.get(ballot_url(box)).content.decode()
    assert "Confirme su correo electrónico para votar" in page
    assert reverse("account_email") in page and 'name="choice"' not in page
    response = client.post(ballot_url(box), {"choice": [a.pk], "step": "confirm"})
    assert response.status_code == 403 and not Ballot.objects.exists()


def test_residents_only_message(client, site):
    call, box, (a, *_rest) = make_voting_call(vote_residents_only=True)
    client.force_login(UserFactory())
    page = client.get(ballot_url(box)).content.decode()
    assert "Solo pueden votar en este territorio quienes residen en él" in page
    assert client.post(ballot_url(box), {"choice": [a.pk], "step": "confirm"}).status_code == 403
    client.force_login(UserFactory(territory=box.territory))
    assert client.post(ballot_url(box), {"choice": [a.pk], "step": "confirm"}).status_code == 302
    assert Ballot.objects.count() == 1


def test_one_territory_only_message(client, voting, citizen):
    call, box, (a, *_rest) = voting
    other_territory = call.territories.exclude(territory=box.territory).first().territory
    other = ProposalFactory(call=call, territory=other_territory, status="shortlisted", estimated_cost=1_000_000)
    other_box = services.box_for(call=call, territory=other_territory)
    client.force_login(citizen)
    client.post(ballot_url(box), {"choice": [a.pk], "step": "confirm"})
    page = client.get(ballot_url(other_box)).content.decode()
    assert "se vota en un solo territorio" in page
    response = client.post(ballot_url(other_box), {"choice": [other.pk], "step": "confirm"})
    assert response.status_code == 403 and Ballot.objects.count() == 1


def test_window_boundaries_start_allowed_end_refused(client, voting, citizen):
    call, box, (a, *_rest) = voting
    phase = voting_phase(call)
    client.force_login(citizen)
    with time_machine.travel(phase.starts_at - dt.timedelta(seconds=1), tick=False):
        page = client.get(ballot_url(box)).content.decode()
        assert "La votación abre el" in page and 'name="choice"' not in page
        assert client.post(ballot_url(box), {"choice": [a.pk], "step": "confirm"}).status_code == 403
    assert not Ballot.objects.exists()
    with time_machine.travel(phase.starts_at, tick=False):
        assert client.post(ballot_url(box), {"choice": [a.pk], "step": "confirm"}).status_code == 302
    assert Ballot.objects.count() == 1
    with time_machine.travel(phase.ends_at, tick=False):
        page = client.get(ballot_url(box)).content.decode()
        assert "La votación cerró el" in page and 'name="choice"' not in page
        response = client.post(ballot_url(box), {"choice": [a.pk, _rest[0].pk], "step": "confirm"})
        assert response.status_code == 403 and "no está abierta" in response.content.decode()
    assert BallotChoice.objects.count() == 1


def test_counts_shown_only_when_not_hidden(client, site, citizen):
    call, box, (a, b, _c) = make_voting_call(hide_counts_until_close=False)
    for _ in range(3):
        services.cast_online_ballot(box=box, user=UserFactory(), choices={a.pk: 1})
    client.force_login(citizen)
    assert "3 votos hasta ahora" in client.get(ballot_url(box)).content.decode()
    hidden, hidden_box, (x, *_rest) = make_voting_call(hide_counts_until_close=True, slug="oculta")
    services.cast_online_ballot(box=hidden_box, user=UserFactory(), choices={x.pk: 1})
    page = client.get(ballot_url(hidden_box)).content.decode()
    assert "hasta ahora" not in page and "se conocerán al cierre" in page


def test_cumulative_and_choose_one_inputs(client, site, citizen):
    call, box, (a, b, _c) = make_voting_call(ballot_type="cumulative", ballot_points=10, ballot_max_points_per_project=6)
    client.force_login(citizen)
    page = client.get(ballot_url(box)).content.decode()
    assert f'name="points_{a.pk}"' in page and "Reparta hasta 10 puntos" in page
    response = client.post(ballot_url(box), {f"points_{a.pk}": "6", f"points_{b.pk}": "5", "step": "review"})
    assert response.status_code == 400 and "el máximo es 10" in response.content.decode()
    assert client.post(ballot_url(box), {f"points_{a.pk}": "6", f"points_{b.pk}": "4", "step": "confirm"}).status_code == 302
    assert dict(BallotChoice.objects.values_list("proposal_id", "points")) == {a.pk: 6, b.pk: 4}

    one, one_box, (x, y, _z) = make_voting_call(ballot_type="choose_one", slug="uno")
    page = client.get(ballot_url(one_box)).content.decode()
    assert 'type="radio" name="choice"' in page
    response = client.post(ballot_url(one_box), {"choice": [x.pk, y.pk], "step": "confirm"})
    assert response.status_code == 400 and "Elija un solo proyecto" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"choice": "abc"},
        {"choice": "-1"},
        {"choice": "99999999999999999999999"},
        {"choice": "1.5"},
        {"choice": "x" * 10_000},
        {"choice": ["", "\x00"]},
    ],
)
def test_malformed_ballots_are_form_errors(client, voting, citizen, data):
    call, box, _proposals = voting
    client.force_login(citizen)
    response = client.post(ballot_url(box), {**data, "step": "confirm"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "no están en este tarjetón" in page and "x" * 200 not in page
    assert not Ballot.objects.exists()


def test_ids_of_another_box_are_refused(client, voting, citizen):
    call, box, (a, *_rest) = voting
    stranger = ProposalFactory(call=call, territory=call.territories.last().territory, status="shortlisted")
    client.force_login(citizen)
    response = client.post(ballot_url(box), {"choice": [a.pk, stranger.pk], "step": "confirm"})
    assert response.status_code == 400 and "no están en este tarjetón" in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "points",
    [{"a": "-3"}, {"a": "2.5"}, {"a": "10" * 3000}, {"a": "tres"}, {"a": "1e3"}, {"stranger": "2"}],
)
def test_malformed_points_are_form_errors(client, site, citizen, points):
    call, box, (a, *_rest) = make_voting_call(ballot_type="cumulative", ballot_points=10)
    stranger = ProposalFactory(call=call, territory=call.territories.last().territory, status="shortlisted")
    ids = {"a": a.pk, "stranger": stranger.pk}
    client.force_login(citizen)
    data = {f"points_{ids[key]}": value for key, value in points.items()}
    response = client.post(ballot_url(box), {**data, "step": "confirm"})
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_ten_kilobytes_of_junk_fields_is_a_clean_error(client, voting, citizen):
    call, box, _proposals = voting
    client.force_login(citizen)
    junk = {f"junk{i}": "z" * 10 for i in range(900)}
    response = client.post(ballot_url(box), {**junk, "step": "confirm"})
    assert response.status_code == 400 and not Ballot.objects.exists()
    too_many = {f"junk{i}": "z" for i in range(1500)}
    assert client.post(ballot_url(box), too_many).status_code == 400


def test_ballot_of_an_unpublished_call_is_404(client, voting, citizen):
    call, box, _proposals = voting
    call.unpublish()
    client.force_login(citizen)
    assert client.get(ballot_url(box)).status_code == 404
    assert client.get(reverse("votaciones:ballot", args=[424242])).status_code == 404


# --- Query counts ----------------------------------------------------------------------------------


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("hide", [False, True])
def test_ballot_page_queries_do_not_grow(client, site, django_assert_num_queries, hide):
    """3 or 30 projects, 0 or 200 ballots in the box: the same queries (voter or not yet).

    Warm (the box, its projects with their pictures and the site settings cached): session,
    the person (Django's ModelBackend), whether their email is confirmed and their ballots, plus
    the running counts when shown and the voter's current choices once they voted. Cold: six more (the box with its call and ceiling, its theme caps, its groups of alternatives,
    the call's phases, the projects and their pictures), two for the site settings, one for
    Wagtail's site root paths and one for the header's count of unread notifications (avisos)."""
    from django.core.cache import cache

    small, small_box, few = make_voting_call(
        proposals=3, hide_counts_until_close=hide, vote_in_several_territories=True, slug="pocas"
    )
    big, big_box, many = make_voting_call(
        proposals=30, ceiling=10**9, hide_counts_until_close=hide, vote_in_several_territories=True, slug="muchas"
    )
    voter = UserFactory()
    client.force_login(voter)
    client.get(ballot_url(small_box))  # creates the site settings
    cache.clear()
    cold = _count_queries(client, ballot_url(small_box))
    cache.clear()
    with django_assert_num_queries(cold):
        client.get(ballot_url(big_box))
    client.get(ballot_url(small_box))  # caches its box again
    baseline = _count_queries(client, ballot_url(small_box))
    assert (cold, baseline) == ((14, 4) if hide else (15, 5)), (cold, baseline)
    with django_assert_num_queries(baseline):
        client.get(ballot_url(big_box))
    for index in range(200):
        services.cast_online_ballot(
            box=big_box, user=UserFactory(), choices={many[index % 30].pk: 1, many[(index + 7) % 30].pk: 1}
        )
    with django_assert_num_queries(baseline):
        client.get(ballot_url(big_box))
    # Someone who voted already (their choices are pre-filled).
    services.cast_online_ballot(box=small_box, user=voter, choices={few[0].pk: 1})
    services.cast_online_ballot(box=big_box, user=voter, choices={many[0].pk: 1, many[1].pk: 1, many[2].pk: 1})
    voted = _count_queries(client, ballot_url(small_box))
    assert voted == baseline + 1  # their current choices
    with django_assert_num_queries(voted):
        client.get(ballot_url(big_box))


def test_participation_queries_do_not_grow_with_ballots(client, site, citizen, django_assert_num_queries):
    call, box, (a, *_rest) = make_voting_call(vote_in_several_territories=True)
    client.force_login(citizen)
    client.get(reverse("propuestas:participation"))
    services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(reverse("propuestas:participation"))
    for index in range(4):
        other, other_box, (x, y, _z) = make_voting_call(slug=f"otra-{index}")
        services.cast_online_ballot(box=other_box, user=citizen, choices={x.pk: 1, y.pk: 1})
    with django_assert_num_queries(len(context.captured_queries)):
        response = client.get(reverse("propuestas:participation"))
    page = response.content.decode()
    assert page.count("Cambiar mi voto") == 5 and "Mis votos" in page
    assert Ballot.objects.filter(voter=citizen).first().receipt in page


def test_participation_lists_own_ballots_only(client, voting, citizen):
    call, box, (a, b, _c) = voting
    services.cast_online_ballot(box=box, user=UserFactory(), choices={b.pk: 1})
    client.force_login(citizen)
    assert "Aún no ha votado" in client.get(reverse("propuestas:participation")).content.decode()
    _ballot, receipt = services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
    page = client.get(reverse("propuestas:participation")).content.decode()
    assert receipt in page and call.title in page and box.territory.name in page
    section = page.split('id="my-votes"')[1].split("</section>")[0]
    assert a.title in section and b.title not in section
    with time_machine.travel(voting_phase(call).ends_at, tick=False):
        page = client.get(reverse("propuestas:participation")).content.decode()
        assert receipt in page and "Cambiar mi voto" not in page


# --- Workshop codes ------------------------------------------------------------------------------------


@pytest.fixture
def workshop(voting):
    call, box, proposals = voting
    session = services.create_session(box=box, user=None, name="Taller en la biblioteca")
    codes = services.generate_codes(session=session, count=3)
    return {"call": call, "box": box, "proposals": proposals, "session": session, "codes": codes}


def test_code_flow_votes_once_and_spends_the_code(client, workshop):
    a, b, _c = workshop["proposals"]
    code = workshop["codes"][0]
    entry = client.post(reverse("votaciones:code"), {"code": code.lower().replace("-", " ")})
    assert entry.status_code == 302 and entry["Location"] == reverse("votaciones:code_ballot")
    page = client.get(entry["Location"]).content.decode()
    assert a.title in page and 'name="choice"' in page and workshop["box"].territory.name in page
    review = client.post(reverse("votaciones:code_ballot"), {"choice": [a.pk, b.pk], "step": "review"})
    assert "Confirmar y enviar mi voto" in review.content.decode() and not Ballot.objects.exists()
    cast = client.post(reverse("votaciones:code_ballot"), {"choice": [a.pk, b.pk], "step": "confirm"})
    assert cast.status_code == 302 and cast["Location"] == reverse("votaciones:code_receipt")
    ballot = Ballot.objects.get()
    assert ballot.channel == "code" and VotingCode.objects.filter(spent_at__isnull=False).count() == 1
    receipt_page = client.get(cast["Location"])
    receipt = receipt_in(receipt_page)
    assert receipt and ballot.fingerprint == receipt_fingerprint(receipt)
    assert "Esta página no se volverá a mostrar" in receipt_page.content.decode()
    # Shown once; the code is spent.
    assert client.get(reverse("votaciones:code_receipt"))["Location"] == reverse("votaciones:code")
    assert client.get(reverse("votaciones:code_ballot"))["Location"] == reverse("votaciones:code")
    again = client.post(reverse("votaciones:code"), {"code": code})
    assert again.status_code == 400 and "ya se usó" in again.content.decode()


def test_code_double_submit_counts_once(client, workshop):
    a, _b, _c = workshop["proposals"]
    client.post(reverse("votaciones:code"), {"code": workshop["codes"][0]})
    first = client.post(reverse("votaciones:code_ballot"), {"choice": [a.pk], "step": "confirm"})
    second = client.post(reverse("votaciones:code_ballot"), {"choice": [a.pk], "step": "confirm"})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("votaciones:code_receipt")
    assert Ballot.objects.count() == 1


def test_voided_expired_and_unknown_codes(client, workshop):
    session, (first, second, third) = workshop["session"], workshop["codes"]
    services.void_code_text(session=session, text=first, user=None)
    response = client.post(reverse("votaciones:code"), {"code": first})
    assert response.status_code == 400 and "fue anulado" in response.content.decode()
    response = client.post(reverse("votaciones:code"), {"code": "ABCDE-FGHJK"})
    assert response.status_code == 400 and "no es válido" in response.content.decode()
    response = client.post(reverse("votaciones:code"), {"code": ""})
    assert response.status_code == 400 and "Escriba su código" in response.content.decode()
    # A code that worked when typed but expires before the ballot is cast.
    client.post(reverse("votaciones:code"), {"code": second})
    a = workshop["proposals"][0]
    with time_machine.travel(voting_phase(workshop["call"]).ends_at, tick=False):
        response = client.post(reverse("votaciones:code_ballot"), {"choice": [a.pk], "step": "confirm"})
        assert response.status_code == 302 and response["Location"] == reverse("votaciones:code")
        response = client.post(reverse("votaciones:code"), {"code": third})
        assert response.status_code == 400 and "venció" in response.content.decode()
    assert not Ballot.objects.exists()


def _device(ip="10.0.0.1"):
    """A phone of its own at a workshop (its own session), behind the room's shared address."""
    from django.test import Client

    return Client(REMOTE_ADDR=ip)


def test_a_device_that_makes_mistakes_is_limited_on_its_own(workshop, settings):
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "code_device": (3, 900)}
    careless, careful = _device(), _device()
    for _ in range(3):
        assert careless.post(reverse("votaciones:code"), {"code": "AAAAA-BBBBB"}).status_code == 400
    blocked = careless.post(reverse("votaciones:code"), {"code": workshop["codes"][0]})
    assert blocked.status_code == 429 and "Demasiados intentos" in blocked.content.decode()
    # The person next to them, same address, is not affected.
    assert careful.post(reverse("votaciones:code"), {"code": workshop["codes"][0]}).status_code == 302


def test_a_whole_room_of_mistakes_never_refuses_a_valid_code(site, settings):
    """100 people behind one address each mistype twice; every one of them then gets in, even
    with the address far over its limit; only devices that made mistakes wait once it is."""
    settings.PARTICIPA_RATE_LIMITS = {
        **settings.PARTICIPA_RATE_LIMITS, "code_device": (5, 900), "code_address": (50, 3600),
    }
    call, box, _proposals = make_voting_call()
    session = services.create_session(box=box, user=None, name="Taller")
    codes = services.generate_codes(session=session, count=101)
    people = [_device() for _ in range(100)]
    for person in people:
        for _ in range(2):
            assert person.post(reverse("votaciones:code"), {"code": "AAAAA-BBBBB"}).status_code in (400, 429)
    # A newcomer who made no mistake: always checked, and in.
    assert _device().post(reverse("votaciones:code"), {"code": codes[100]}).status_code == 302
    # The others wait (the room is over its limit and they made mistakes)…
    assert people[0].post(reverse("votaciones:code"), {"code": codes[0]}).status_code == 429
    # …but under the room's limit their valid codes pass.
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "code_address": (1000, 3600)}
    for person, code in zip(people, codes):
        assert person.post(reverse("votaciones:code"), {"code": code}).status_code == 302


def test_a_room_under_its_limit_is_never_locked_by_a_few_mistakes(site, settings):
    """The issue's case: a few mistakes at a workshop (one address) locked everyone out."""
    call, box, _proposals = make_voting_call()
    session = services.create_session(box=box, user=None, name="Taller")
    codes = services.generate_codes(session=session, count=40)
    for index, code in enumerate(codes):
        person = _device()
        if index % 2:
            assert person.post(reverse("votaciones:code"), {"code": "ZZZZZ-ZZZZZ"}).status_code == 400
        assert person.post(reverse("votaciones:code"), {"code": code}).status_code == 302


def test_a_kiosk_takes_more_mistakes_than_one_phone(client, workshop, settings):
    settings.PARTICIPA_RATE_LIMITS = {
        **settings.PARTICIPA_RATE_LIMITS, "code_device": (2, 900), "code_kiosk": (6, 900),
    }
    client.get(reverse("votaciones:code") + "?kiosk=1")
    for _ in range(5):
        assert client.post(reverse("votaciones:code"), {"code": "AAAAA-BBBBB"}).status_code == 400
    assert client.post(reverse("votaciones:code"), {"code": workshop["codes"][0]}).status_code == 302


def test_right_codes_do_not_count_towards_the_limit(client, site, settings):
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "code_device": (1, 900), "code_address": (1, 3600)}
    call, box, (a, *_rest) = make_voting_call()
    session = services.create_session(box=box, user=None, name="Taller")
    for code in services.generate_codes(session=session, count=5):
        assert client.post(reverse("votaciones:code"), {"code": code}).status_code == 302


def test_kiosk_mode_returns_to_the_code_screen(client, workshop):
    a, _b, _c = workshop["proposals"]
    assert client.get(reverse("votaciones:code") + "?kiosk=1").status_code == 200
    client.post(reverse("votaciones:code"), {"code": workshop["codes"][0]})
    page = client.get(reverse("votaciones:code_ballot")).content.decode()
    assert 'class="kiosk"' in page and reverse("propuestas:detail", args=[a.pk]) not in page
    client.post(reverse("votaciones:code_ballot"), {"choice": [a.pk], "step": "confirm"})
    receipt_page = client.get(reverse("votaciones:code_receipt")).content.decode()
    assert f'<meta http-equiv="refresh" content="20;url={reverse("votaciones:code")}">' in receipt_page
    assert "Siguiente persona" in receipt_page and "data-countdown" in receipt_page
    assert client.session.get("votaciones_code") is None
    # The next person starts on a clean code screen; the last receipt is gone.
    assert client.get(reverse("votaciones:code_ballot"))["Location"] == reverse("votaciones:code")
    assert client.get(reverse("votaciones:code_receipt"))["Location"] == reverse("votaciones:code")
    assert 'class="kiosk"' in client.get(reverse("votaciones:code")).content.decode()
    assert 'class="kiosk"' not in client.get(reverse("votaciones:code") + "?kiosk=0").content.decode()


# --- Receipt check and fingerprints ------------------------------------------------------------------


def test_check_receipt_found_and_not_found(client, voting, citizen):
    call, box, (a, *_rest) = voting
    _ballot, receipt = services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
    found = client.post(reverse("votaciones:check_receipt"), {"receipt": receipt.lower()})
    page = found.content.decode()
    assert found.status_code == 200
    assert f"Contada en el territorio {box.territory.name}" in page and call.title in page
    assert a.title not in page and citizen.display_name not in page and citizen.email not in page
    missing = client.post(reverse("votaciones:check_receipt"), {"receipt": "AAAA-BBBB-CCCC"})
    assert "No encontrada" in missing.content.decode() and box.territory.name not in missing.content.decode()
    assert client.post(reverse("votaciones:check_receipt"), {"receipt": "x" * 500}).status_code == 400


def test_check_receipt_is_rate_limited(client, voting, settings):
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "receipt": (2, 3600)}
    for _ in range(2):
        client.post(reverse("votaciones:check_receipt"), {"receipt": "AAAA-BBBB-CCCC"})
    assert client.post(reverse("votaciones:check_receipt"), {"receipt": "AAAA-BBBB-CCCC"}).status_code == 429


def test_fingerprints_before_and_after_the_close(client, voting):
    call, box, (a, b, _c) = voting
    receipts = [services.cast_online_ballot(box=box, user=UserFactory(), choices={a.pk: 1})[1] for _ in range(3)]
    url = reverse("votaciones:fingerprints", args=[box.pk])
    before = client.get(url)
    assert before.status_code == 200 and "La lista se publica cuando cierra la votación" in before.content.decode()
    assert receipt_fingerprint(receipts[0]) not in before.content.decode()
    assert client.get(reverse("votaciones:fingerprints_text", args=[box.pk])).status_code == 404
    with time_machine.travel(voting_phase(call).ends_at, tick=False):
        after = client.get(url).content.decode()
        expected = sorted(receipt_fingerprint(r) for r in receipts)
        positions = [after.index(fingerprint) for fingerprint in expected]
        assert positions == sorted(positions) and "3 papeletas contadas" in after
        text = client.get(reverse("votaciones:fingerprints_text", args=[box.pk]))
        assert text["Content-Type"].startswith("text/plain")
        assert text.content.decode().split() == expected
        assert client.get(url + "?pagina=abc").status_code == 400


def test_fingerprints_are_paginated(client, voting, monkeypatch):
    from votaciones import views

    monkeypatch.setattr(views, "FINGERPRINTS_PER_PAGE", 2)
    call, box, (a, *_rest) = voting
    receipts = [services.cast_online_ballot(box=box, user=UserFactory(), choices={a.pk: 1})[1] for _ in range(3)]
    expected = sorted(receipt_fingerprint(r) for r in receipts)
    with time_machine.travel(voting_phase(call).ends_at, tick=False):
        first = client.get(reverse("votaciones:fingerprints", args=[box.pk])).content.decode()
        second = client.get(reverse("votaciones:fingerprints", args=[box.pk]) + "?pagina=2").content.decode()
    assert expected[0] in first and expected[2] not in first and expected[2] in second
    assert "Página 1 de 2" in first


def test_an_unscheduled_call_explains_itself(client, site, citizen):
    territory = TerritoryFactory()
    now = timezone.now()
    call = make_call(territories=[(territory, 1_000)], phases=[("intake", now - dt.timedelta(days=3), now - dt.timedelta(days=1))])
    box = services.box_for(call=call, territory=territory)
    client.force_login(citizen)
    page = client.get(ballot_url(box)).content.decode()
    assert "no tiene fechas de votación publicadas" in page and 'name="choice"' not in page


def test_code_page_prefills_the_code_of_a_printed_slip(client, db):
    response = client.get("/votar/codigo/?codigo=ABCDE-FGHJK")
    assert response.status_code == 200
    assert 'value="ABCDE-FGHJK"' in response.content.decode()


def test_the_closing_time_reads_as_the_last_valid_minute(client, site, citizen):
    """A vote that closes at 00:00 is open "until 23:59" of the day before, on every page."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    zone = ZoneInfo(settings.TIME_ZONE)
    ends = dt.datetime(2030, 12, 30, 0, 0, tzinfo=zone)
    call, box, (a, *_rest) = make_voting_call(vote_in_several_territories=True)
    phase = call.phases.get(kind="voting")
    phase.starts_at, phase.ends_at = ends - dt.timedelta(days=10), ends
    phase.save()
    with time_machine.travel(ends - dt.timedelta(days=1), tick=False):
        client.force_login(citizen)
        pages = {"ballot": client.get(ballot_url(box)), "call": client.get(call.url)}
        services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
        pages["receipt"] = client.get(reverse("votaciones:receipt", args=[box.pk]))
    for name, response in pages.items():
        assert response.status_code == 200, (name, response.status_code)
        page = response.content.decode()
        assert "29 de diciembre de 2030 a las 23:59" in page, name
        assert "30 de diciembre de 2030 a las 00:00" not in page
