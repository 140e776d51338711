"""Ideas from the room and their path to the ballot: entering ideas, merge, split, rewrite,
revert; supports and comments kept; the origin and what-became sections; emails; query counts."""

import pytest
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.errors import ActionRefused
from propuestas.lifecycle import State
from propuestas.models import GroupMembership, Proposal, ProposalEvent, ProposalGroup, Support
from talleres import services, signals
from talleres.models import ProposalLineage, WorkshopIdea
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory
from tests.propuestas.test_comments import make_comment, proposal_comments

from .factories import make_call_workshop

pytestmark = pytest.mark.django_db


def _idea_data(workshop, title="Sendero peatonal"):
    call = workshop.call
    return {
        "title": title,
        "summary": "Un sendero seguro para ir a la escuela.",
        "theme": call.themes.first(),
        "territory": workshop.territory,
    }


def _project(call, title="Proyecto formulado", cost=2_000_000):
    return {
        "title": title,
        "summary": "Proyecto que reúne las ideas.",
        "solution": "Obras y acompañamiento.",
        "theme": call.themes.first(),
        "territory": call.territories.first().territory,
        "estimated_cost": cost,
    }


@pytest.fixture
def workshop(site):
    return make_call_workshop()


def test_a_facilitator_enters_an_idea_of_a_table(workshop, facilitator):
    table = workshop.tables.first()
    idea = services.enter_idea(workshop=workshop, by=facilitator, data=_idea_data(workshop), table=table)
    proposal = idea.proposal
    assert proposal.status == State.SUBMITTED and proposal.reference.startswith("PEM-")
    assert proposal.author_id is None and proposal.author_name == f"Mesa «{table.name}» · taller «{workshop.title}»"
    assert proposal in Proposal.objects.public()
    assert ProposalEvent.objects.filter(proposal=proposal, actor=facilitator).exists()


def test_named_authors_must_have_consented(workshop, facilitator):
    unnamed = services.add_at_door(workshop=workshop, by=facilitator)
    with pytest.raises(ActionRefused, match="autorizaron"):
        services.enter_idea(
            workshop=workshop, by=facilitator, data=_idea_data(workshop), authorship="participants", participants=[unnamed]
        )
    named = services.add_at_door(workshop=workshop, by=facilitator, name="Marta", name_consent=True)
    idea = services.enter_idea(
        workshop=workshop, by=facilitator, data=_idea_data(workshop), authorship="participants", participants=[named]
    )
    assert "Marta" in idea.proposal.author_name
    assert Proposal.objects.count() == 1


def test_a_group_idea_shows_the_group(workshop, facilitator):
    group = ProposalGroup.objects.create(name="Semillero UdeA")
    idea = services.enter_idea(workshop=workshop, by=facilitator, data=_idea_data(workshop), authorship="group", group=group)
    assert idea.proposal.group == group and idea.proposal.author_name == "Semillero UdeA"


def test_citizens_cannot_enter_ideas_and_bad_input_changes_nothing(workshop, citizen, facilitator):
    with pytest.raises(ActionRefused):
        services.enter_idea(workshop=workshop, by=citizen, data=_idea_data(workshop))
    with pytest.raises(ActionRefused, match="Faltan datos"):
        services.enter_idea(workshop=workshop, by=facilitator, data={"title": "Sin más"})
    assert Proposal.objects.count() == 0 and WorkshopIdea.objects.count() == 0


def _ideas(workshop, facilitator, count=3):
    ideas = [
        services.enter_idea(workshop=workshop, by=facilitator, data=_idea_data(workshop, f"Idea {i}"), admitted=True).proposal
        for i in range(count)
    ]
    return ideas


def test_merge_keeps_supports_and_comments_and_leaves_the_ballot_path(workshop, facilitator, moderator, client):
    ideas = _ideas(workshop, facilitator)
    supporter = UserFactory()
    Support.objects.create(proposal=ideas[0], user=supporter)
    Proposal.objects.filter(pk=ideas[0].pk).update(supports_count=1)
    comment = make_comment(ideas[1], supporter, "Me gusta esta idea")
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = services.merge_ideas(sources=ideas[:2], data=_project(workshop.call), by=moderator, note="Se parecen")
    assert result.status == State.ADMITTED and result.author_name.startswith("Proyecto formulado a partir de 2")
    for idea in ideas[:2]:
        idea.refresh_from_db()
        assert idea.status == State.SUPERSEDED and idea.is_public
    assert Support.objects.filter(proposal=ideas[0]).count() == 1
    assert proposal_comments(ideas[1]).get() == comment
    from votaciones.services import ballot_statuses

    assert State.SUPERSEDED not in ballot_statuses(workshop.call)
    lineage = ProposalLineage.objects.filter(result=result)
    assert lineage.count() == 2 and {row.by for row in lineage} == {moderator}
    # The pages tell the story both ways.
    body = client.get(ideas[0].get_absolute_url()).content.decode()
    assert "Fusionada en" in body and result.title in body and "Se parecen" in body
    body = client.get(ideas[1].get_absolute_url()).content.decode()
    assert "Me gusta esta idea" in body
    body = client.get(result.get_absolute_url()).content.decode()
    assert "Ideas de las que nació este proyecto" in body and ideas[0].title in body and ideas[1].title in body


def test_split_and_rewrite(workshop, facilitator, moderator, client):
    idea, other = _ideas(workshop, facilitator, 2)
    parts = services.split_idea(
        source=idea, parts=[_project(workshop.call, "Parte A"), _project(workshop.call, "Parte B")], by=moderator, note="Dos obras"
    )
    assert [part.title for part in parts] == ["Parte A", "Parte B"]
    body = client.get(idea.get_absolute_url()).content.decode()
    assert "Dividida en" in body and "Parte A" in body and "Parte B" in body
    rewritten = services.rewrite_idea(source=other, data=_project(workshop.call, "Formulado"), by=moderator, note="Costo")
    body = client.get(other.get_absolute_url()).content.decode()
    assert "Reformulada como" in body and rewritten.title in body


def test_authors_are_emailed_through_the_queue(workshop, facilitator, moderator):
    member = UserFactory(email="integrante@example.org")
    group = ProposalGroup.objects.create(name="Colectivo")
    GroupMembership.objects.create(group=group, user=member)
    idea = services.enter_idea(
        workshop=workshop, by=facilitator, data=_idea_data(workshop), authorship="group", group=group, admitted=True
    ).proposal
    named = services.add_registered_at_door(workshop=workshop, by=facilitator, user=UserFactory(email="marta@example.org"))
    second = services.enter_idea(
        workshop=workshop, by=facilitator, data=_idea_data(workshop, "Otra"), authorship="participants", participants=[named]
    ).proposal
    mail.outbox.clear()
    received = []
    signals.ideas_merged.connect(lambda sender, **kwargs: received.append(kwargs), weak=False, dispatch_uid="test-merge")
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            result = services.merge_ideas(sources=[idea, second], data=_project(workshop.call), by=moderator, note="Unidas")
    finally:
        signals.ideas_merged.disconnect(dispatch_uid="test-merge")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["integrante@example.org", "marta@example.org"]
    assert result.reference in mail.outbox[0].body
    assert received[0]["kind"] == "merge" and received[0]["results"] == [result]


def test_refusals_change_nothing(workshop, facilitator, moderator, citizen):
    ideas = _ideas(workshop, facilitator, 2)
    with pytest.raises(ActionRefused):
        services.merge_ideas(sources=ideas, data=_project(workshop.call), by=citizen, note="x")
    with pytest.raises(ActionRefused, match="motivo"):
        services.merge_ideas(sources=ideas, data=_project(workshop.call), by=moderator, note=" ")
    with pytest.raises(ActionRefused, match="al menos dos"):
        services.merge_ideas(sources=ideas[:1], data=_project(workshop.call), by=moderator, note="x")
    with pytest.raises(ActionRefused, match="costo"):
        services.merge_ideas(sources=ideas, data={**_project(workshop.call), "estimated_cost": None}, by=moderator, note="x")
    with pytest.raises(ActionRefused, match="máximo"):
        services.merge_ideas(sources=ideas, data=_project(workshop.call, cost=10**12), by=moderator, note="x")
    services.merge_ideas(sources=ideas, data=_project(workshop.call), by=moderator, note="x")
    # An idea already merged cannot be merged again.
    third = _ideas(workshop, facilitator, 1)[0]
    count = Proposal.objects.count()
    with pytest.raises(ActionRefused, match="ya no puede"):
        services.merge_ideas(sources=[ideas[0], third], data=_project(workshop.call), by=moderator, note="x")
    assert Proposal.objects.count() == count
    third.refresh_from_db()
    assert third.status == State.ADMITTED


def test_revert_restores_the_originals_and_withdraws_the_result(workshop, facilitator, moderator, client):
    ideas = _ideas(workshop, facilitator, 2)
    Proposal.objects.filter(pk=ideas[1].pk).update(status=State.SUBMITTED)
    result = services.merge_ideas(sources=ideas, data=_project(workshop.call), by=moderator, note="Unidas")
    services.revert(result=result, by=moderator, note="Error")
    statuses = dict(Proposal.objects.filter(pk__in=[i.pk for i in ideas]).values_list("pk", "status"))
    assert statuses == {ideas[0].pk: State.ADMITTED, ideas[1].pk: State.SUBMITTED}
    result.refresh_from_db()
    assert result.status == State.WITHDRAWN
    step = ProposalLineage.objects.filter(result=result).first()
    assert step.reverted_by == moderator and step.reverted_at is not None
    assert "Fusionada en" not in client.get(ideas[0].get_absolute_url()).content.decode()
    with pytest.raises(ActionRefused):
        services.revert(result=result, by=moderator)
    # The ideas may be shaped again.
    services.merge_ideas(sources=ideas, data=_project(workshop.call), by=moderator, note="Ahora sí")


def test_a_split_is_reverted_whole(workshop, facilitator, moderator):
    idea = _ideas(workshop, facilitator, 1)[0]
    parts = services.split_idea(
        source=idea, parts=[_project(workshop.call, "A"), _project(workshop.call, "B")], by=moderator, note="x"
    )
    services.revert(result=parts[0], by=moderator)
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in parts]).values_list("status", flat=True)) == {"withdrawn"}
    idea.refresh_from_db()
    assert idea.status == State.ADMITTED


def test_revert_is_refused_once_the_result_has_votes(workshop, facilitator, moderator, citizen):
    from votaciones.models import Ballot, BallotBox, BallotChoice

    ideas = _ideas(workshop, facilitator, 2)
    result = services.merge_ideas(sources=ideas, data=_project(workshop.call), by=moderator, note="x")
    box = BallotBox.objects.create(call=workshop.call, territory=result.territory)
    ballot = Ballot.objects.create(box=box, channel="online", voter=citizen)
    BallotChoice.objects.create(ballot=ballot, proposal=result)
    with pytest.raises(ActionRefused, match="votos"):
        services.revert(result=result, by=moderator)
    assert Proposal.objects.get(pk=ideas[0].pk).status == State.SUPERSEDED
    with pytest.raises(ActionRefused):
        services.revert(result=result, by=citizen)


def test_origin_pages_run_a_constant_number_of_queries(workshop, facilitator, moderator, client):
    few = _ideas(workshop, facilitator, 2)
    small = services.merge_ideas(sources=few, data=_project(workshop.call), by=moderator, note="x")
    many = _ideas(workshop, facilitator, 8)
    for idea in many:
        Support.objects.create(proposal=idea, user=UserFactory())
    large = services.merge_ideas(sources=many, data=_project(workshop.call, "Grande"), by=moderator, note="x")
    client.get(small.get_absolute_url())

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    assert count(small.get_absolute_url()) == count(large.get_absolute_url())
    assert count(few[0].get_absolute_url()) == count(many[0].get_absolute_url())
    plain = ProposalFactory(call=workshop.call)
    workshop_idea = _ideas(workshop, facilitator, 1)[0]
    assert count(plain.get_absolute_url()) <= count(workshop_idea.get_absolute_url())
    body = client.get(workshop_idea.get_absolute_url()).content.decode()
    assert f"Idea del taller" in body and workshop.title in body


def test_idea_entry_page(client, workshop, facilitator, password):
    client.login(email=facilitator.email, password=password)
    url = reverse("talleres:idea_new", args=[workshop.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "", "authorship": "table"})
    assert response.status_code == 400 and Proposal.objects.count() == 0
    response = client.post(
        url,
        {
            "title": "Huerta comunitaria",
            "summary": "Una huerta en el parque.",
            "theme": workshop.call.themes.first().pk,
            "territory": workshop.territory.pk,
            "table": workshop.tables.first().pk,
            "authorship": "table",
        },
    )
    assert response.status_code == 302
    idea = WorkshopIdea.objects.get()
    assert idea.table == workshop.tables.first() and idea.proposal.title == "Huerta comunitaria"
    assert "Huerta comunitaria" in client.get(workshop.get_absolute_url()).content.decode()


def test_admin_merge_split_rewrite_and_revert_screens(client, workshop, facilitator, moderator, password):
    ideas = _ideas(workshop, facilitator, 3)
    client.login(email=moderator.email, password=password)
    listing = client.get(reverse("talleres_admin:ideas") + f"?convocatoria={workshop.call_id}")
    assert listing.status_code == 200 and ideas[0].title in listing.content.decode()
    url = reverse("talleres_admin:shape", args=["merge"]) + f"?ideas={ideas[0].pk}&ideas={ideas[1].pk}"
    assert client.get(url).status_code == 200
    project = _project(workshop.call)
    data = {"ideas": [ideas[0].pk, ideas[1].pk], "note": "Unidas"}
    data.update({f"p0-{key}": getattr(value, "pk", value) for key, value in project.items()})
    response = client.post(reverse("talleres_admin:shape", args=["merge"]), data)
    assert response.status_code == 302
    result = ProposalLineage.objects.get(source=ideas[0]).result
    # Without a reason: 400, nothing changes.
    data = {"ideas": [ideas[2].pk], "partes": 2, "note": ""}
    for index in range(2):
        data.update({f"p{index}-{key}": getattr(value, "pk", value) for key, value in project.items()})
    response = client.post(reverse("talleres_admin:shape", args=["split"]), data)
    assert response.status_code == 400 and Proposal.objects.get(pk=ideas[2].pk).status == State.ADMITTED
    data["note"] = "Dos"
    assert client.post(reverse("talleres_admin:shape", args=["split"]), data).status_code == 302
    assert ProposalLineage.objects.filter(source=ideas[2]).count() == 2
    assert client.get(reverse("talleres_admin:revert", args=[result.pk])).status_code == 200
    response = client.post(reverse("talleres_admin:revert", args=[result.pk]), {"note": "Error"})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=ideas[0].pk).status == State.ADMITTED
    assert client.get(reverse("talleres_admin:shape", args=["nada"]) + f"?ideas={ideas[0].pk}").status_code == 404


def test_a_university_group_shows_its_institution_mentors_and_actions(workshop, facilitator, client):
    from talleres.models import GroupAction, UniversityGroupProfile

    group = ProposalGroup.objects.create(name="Semillero Laguna Y2040")
    profile = UniversityGroupProfile.objects.create(
        group=group, institution="Universidad Autónoma de Coahuila", mentors="Dra. Ruiz\nMtro. Salas"
    )
    GroupAction.objects.create(profile=profile, title="Taller de reciclaje en la primaria", beneficiaries_count=40)
    idea = services.enter_idea(
        workshop=workshop, by=facilitator, data=_idea_data(workshop), authorship="group", group=group
    ).proposal
    body = client.get(idea.get_absolute_url()).content.decode()
    assert "grupo universitario de Universidad Autónoma de Coahuila" in body
    assert "Dra. Ruiz, Mtro. Salas" in body and "Taller de reciclaje en la primaria" in body and "40 personas" in body
