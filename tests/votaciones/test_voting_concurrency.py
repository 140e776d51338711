"""Casting ballots under real concurrency: PostgreSQL, one connection per thread, started together.

SQLite serialises every write, so these tests only mean something on PostgreSQL and are skipped
elsewhere. Each thread fetches its own copies of the box and the voter (model instances are not
shared between threads) and closes its connection when it ends.
"""

import datetime as dt
import queue
import threading
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.utils import timezone

from portal.errors import ActionRefused
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory
from tests.votaciones.factories import make_voting_call
from votaciones import selectors, services
from votaciones.models import Ballot, BallotBox, BallotChoice, VotingCode
from votaciones.tally import count_box, tally_box

pytestmark = [
    pytest.mark.performance,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent connections need PostgreSQL (set DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

User = get_user_model()


def run_together(count, work):
    """Run work(index) in `count` threads released at once by a barrier.

    Returns ({index: result}, {index: exception}); every thread closes its own connection.
    """
    barrier = threading.Barrier(count, timeout=60)
    results, errors = {}, {}

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results, errors


def run_in_pool(items, work, workers):
    """Process `items` with `workers` threads (each with its own connection), started together."""
    pending = queue.SimpleQueue()
    for item in items:
        pending.put(item)
    done, failures = [], []
    lock = threading.Lock()

    def drain(_index):
        while True:
            try:
                item = pending.get_nowait()
            except queue.Empty:
                return
            try:
                outcome = work(item)
            except Exception as error:  # noqa: BLE001 - returned to the test
                with lock:
                    failures.append((item, error))
            else:
                with lock:
                    done.append((item, outcome))

    _results, errors = run_together(workers, drain)
    assert not errors, errors
    return done, failures


def fresh_box(box_id):
    return BallotBox.objects.select_related("call", "territory").get(pk=box_id)


def fresh_user(user_id):
    return User.objects.get(pk=user_id)


def make_voters(count):
    """`count` people with a confirmed email, inserted in bulk."""
    users = User.objects.bulk_create(
        [User(email=f"votante{n}@example.org", display_name=f"Votante {n}") for n in range(count)]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    return users


@pytest.mark.parametrize("as_the_page_does", [False, True], ids=["service", "page"])
def test_fifty_simultaneous_casts_by_one_voter_leave_one_whole_ballot(site, as_the_page_does):
    """`as_the_page_does`: each request first reads the voter's ballots, as the ballot page does
    (`selectors.voter_ballots`), so that most of them try the first-ballot insert (one statement
    on PostgreSQL), meet the unique constraint and retry as replacements."""
    call, box, proposals = make_voting_call(proposals=4, costs=[1_000_000, 2_000_000, 3_000_000, 4_000_000])
    voter = UserFactory()
    ids = [p.pk for p in proposals]
    # Fifty different ballots: every non-empty subset of the four projects, in turn.
    subsets = [
        frozenset(pid for bit, pid in enumerate(ids) if mask & (1 << bit)) for mask in range(1, 1 << len(ids))
    ]
    submitted = [subsets[index % len(subsets)] for index in range(50)]

    def cast(index):
        own_box, user = fresh_box(box.pk), fresh_user(voter.pk)
        ballots = selectors.voter_ballots(own_box, user) if as_the_page_does else None
        ballot, receipt = services.cast_online_ballot(
            box=own_box, user=user, choices={pid: 1 for pid in submitted[index]}, ballots=ballots
        )
        return ballot.pk, receipt

    results, errors = run_together(50, cast)

    assert not errors, errors
    assert len(results) == 50
    assert Ballot.objects.count() == 1
    ballot = Ballot.objects.get()
    assert ballot.voter_id == voter.pk and ballot.box_id == box.pk
    assert {pk for pk, _receipt in results.values()} == {ballot.pk}
    stored = frozenset(BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", flat=True))
    assert stored in set(submitted), "the stored choices mix two submissions"
    assert BallotChoice.objects.count() == len(stored)
    # One creation and 49 replacements; only the last receipt still verifies.
    assert ballot.changes == 49
    receipts = [receipt for _pk, receipt in results.values()]
    assert len(set(receipts)) == 50
    assert sum(services.find_receipt(receipt) == box for receipt in receipts) == 1


def test_one_code_from_two_devices_at_once_casts_one_ballot(site):
    call, box, (a, b, _c) = make_voting_call()
    session = services.create_session(box=box, user=None, name="Taller en el salón comunal")
    codes = services.generate_codes(session=session, count=10)
    # Twenty devices: two per code, each typing it its own way.
    attempts = [(codes[index // 2], {a.pk: 1} if index % 2 else {b.pk: 1}) for index in range(20)]

    def cast(index):
        text, choices = attempts[index]
        typed = text.lower() if index % 2 else text.replace("-", " ")
        ballot, _receipt = services.cast_code_ballot(text=typed, choices=choices)
        return ballot.pk

    results, errors = run_together(len(attempts), cast)

    assert len(results) == 10 and len(errors) == 10
    for index, error in errors.items():
        assert isinstance(error, ActionRefused), error
        assert "ya se usó" in str(error.message)
        partner = index + 1 if index % 2 == 0 else index - 1
        assert partner in results, "both devices of one code were refused"
    assert Ballot.objects.filter(channel="code").count() == 10
    assert VotingCode.objects.filter(spent_at__isnull=False).count() == 10
    for code in VotingCode.objects.all():
        assert Ballot.objects.filter(code=code).count() == 1
        assert BallotChoice.objects.filter(ballot__code=code).count() == 1


def test_five_hundred_voters_at_once_are_all_counted(site):
    costs = [1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000]
    call, box, proposals = make_voting_call(proposals=5, costs=costs, ceiling=12_000_000)
    ids = [p.pk for p in proposals]
    voters = make_voters(500)

    def first_choice(n):
        return {pid: 1 for bit, pid in enumerate(ids) if (n % 31 + 1) & (1 << bit)}

    def final_choice(n):
        # Every seventh voter changes their mind right away: the second ballot is the one that counts.
        return {ids[n % len(ids)]: 1, ids[(n + 2) % len(ids)]: 1} if n % 7 == 0 else first_choice(n)

    def vote(item):
        n, user_id = item
        own_box, user = fresh_box(box.pk), fresh_user(user_id)
        ballots = selectors.voter_ballots(own_box, user) if n % 2 else None  # half as the page does
        ballot, _receipt = services.cast_online_ballot(box=own_box, user=user, choices=first_choice(n), ballots=ballots)
        if n % 7 == 0:
            ballot, _receipt = services.cast_online_ballot(box=own_box, user=user, choices=final_choice(n))
        return ballot.pk

    done, failures = run_in_pool(list(enumerate(voter.pk for voter in voters)), vote, workers=25)

    assert failures == []
    assert len(done) == 500
    assert Ballot.objects.filter(box=box).count() == 500
    assert len({pk for _item, pk in done}) == 500
    expected = Counter(pid for n in range(500) for pid in final_choice(n))
    stored = Counter(BallotChoice.objects.filter(ballot__box=box).values_list("proposal_id", flat=True))
    assert stored == expected

    later = timezone.now() + dt.timedelta(days=8)
    counted = count_box(box)
    assert counted["ballots_count"] == 500 and counted["turnout"]["online"] == 500
    assert {entry["id"]: entry["approvals"] for entry in counted["projects"]} == {pid: expected[pid] for pid in ids}
    result = tally_box(box, now=later)
    assert result.ballots_count == 500
    assert {entry["id"]: entry["score"] for entry in result.projects} == {pid: expected[pid] for pid in ids}
    assert sum(entry["score"] for entry in result.projects) == BallotChoice.objects.filter(ballot__box=box).count()


def test_one_territory_only_holds_when_a_voter_votes_in_two_at_once(site):
    call, box, (a, *_rest) = make_voting_call()
    assert not call.vote_in_several_territories
    other_territory = call.territories.exclude(territory=box.territory).first().territory
    other = ProposalFactory(call=call, territory=other_territory, status="shortlisted")
    other_box = services.box_for(call=call, territory=other_territory)
    voters = make_voters(10)
    # Twenty threads: each voter votes in both territories at the same instant.
    sides = [(other_box.pk, other.pk), (box.pk, a.pk)]
    attempts = [(voters[index // 2].pk, sides[index % 2]) for index in range(20)]

    def cast(index):
        user_id, (box_id, proposal_id) = attempts[index]
        own_box, user = fresh_box(box_id), fresh_user(user_id)
        ballot, _receipt = services.cast_online_ballot(
            box=own_box, user=user, choices={proposal_id: 1}, ballots=selectors.voter_ballots(own_box, user)
        )
        return ballot.box_id

    results, errors = run_together(len(attempts), cast)

    assert len(results) == 10 and len(errors) == 10
    for index, error in errors.items():
        assert isinstance(error, ActionRefused), error
        assert "un solo territorio" in str(error.message)
    for voter in voters:
        ballots = list(Ballot.objects.filter(voter=voter))
        assert len(ballots) == 1
        assert BallotChoice.objects.filter(ballot=ballots[0]).count() == 1
    assert Ballot.objects.count() == 10
