"""One person, one ballot under real concurrency (PostgreSQL, one connection per thread).

The database decides: one document verifies one account (unique digest), and one person holds
one mark per ballot box whatever the channel (`VoterMark`). Skipped on SQLite, which serialises
every write.
"""

import datetime
import io

import pytest
from django.db import connection

from convocatorias.models import CallPage
from portal.errors import ActionRefused
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.votaciones.factories import make_voting_call
from tests.votaciones.test_voting_concurrency import fresh_box, fresh_user, run_together
from verificacion import services
from verificacion.models import Verification
from votaciones import services as voting
from votaciones.models import Ballot, VoterMark, WorkshopSession

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent connections need PostgreSQL (set DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NUMBER = "1023456789"
BIRTH = datetime.date(1984, 3, 21)


def census_of(territory):
    header = "tipo_documento,numero_documento,fecha_nacimiento,territorio\n"
    data = io.BytesIO((header + f"CC,{NUMBER},1984-03-21,{territory.name}\n").encode())
    assert services.import_census(data, scope="Padrón").ok


def test_the_same_document_claimed_by_two_accounts_at_once_verifies_one(site):
    territory = TerritoryFactory()
    census_of(territory)
    users = [UserFactory() for _ in range(2)]

    def claim(index):
        return services.verify_online(user=fresh_user(users[index].pk), document_type="CC", number=NUMBER, birth_date=BIRTH)

    results, errors = run_together(2, claim)
    assert len(results) == 1 and len(errors) == 1
    assert all(isinstance(error, ActionRefused) for error in errors.values())
    assert Verification.objects.count() == 1


@pytest.mark.parametrize("count", [2, 50])
def test_online_and_desk_at_the_same_moment_leave_one_vote(site, count):
    territory = TerritoryFactory()
    census_of(territory)
    call, box, proposals = make_voting_call(
        territories=[territory, TerritoryFactory()], vote_requirement=CallPage.VoteRequirement.VERIFIED_TERRITORY
    )
    voter = UserFactory()
    services.verify_online(user=voter, document_type="CC", number=NUMBER, birth_date=BIRTH)
    session = voting.create_session(box=box, user=None, name="Taller", place="Biblioteca")
    staff = UserFactory(is_staff=True)

    def act(index):
        if index % 3 == 0:
            return voting.cast_online_ballot(box=fresh_box(box.pk), user=fresh_user(voter.pk), choices={proposals[0].pk: 1})
        own_session = WorkshopSession.objects.select_related("box__call", "box__territory").get(pk=session.pk)
        record = services.desk_issue_code if index % 3 == 1 else services.desk_mark_paper
        return record(staff=fresh_user(staff.pk), session=own_session, document_type="CC", number=NUMBER)

    results, errors = run_together(count, act)
    assert results, errors
    assert all(isinstance(error, ActionRefused) for error in errors.values()), errors
    assert VoterMark.objects.filter(box=box).count() == 1
    mark = VoterMark.objects.get(box=box)
    assert Ballot.objects.filter(voter=voter).count() == (1 if mark.channel == "online" else 0)
