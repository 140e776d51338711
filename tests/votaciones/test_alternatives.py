"""Alternatives (at most one of a group can win) and per-theme caps, as editors set them: the
count applies them, the ballot page and the results explain them, the admin checks them."""

import pytest
from django.urls import reverse

from convocatorias.models import CallThemeCap
from tests.convocatorias.factories import ThemeFactory
from tests.portal.factories import UserFactory
from tests.votaciones.factories import make_voting_call
from tests.votaciones.test_results_pages import add_ballots
from votaciones.models import AlternativeGroup, BoxResult

pytestmark = pytest.mark.django_db


def ballot_url(box):
    return reverse("votaciones:ballot", args=[box.pk])


def winners(box):
    return {entry["id"] for entry in BoxResult.objects.get(box=box).projects if entry["selected"]}


def reasons(box):
    return {entry["id"]: entry["reason"] for entry in BoxResult.objects.get(box=box).projects}


@pytest.mark.parametrize("rule", ["greedy", "equal_shares"])
def test_only_one_alternative_wins_and_the_results_say_why(client, site, rule):
    call, box, (plaza_a, plaza_b, parque) = make_voting_call(
        current="results", results_rule=rule, ceiling=1_000, costs=[300, 300, 300]
    )
    group = AlternativeGroup.objects.create(call=call, name="Diseños de la plaza")
    group.proposals.set([plaza_a, plaza_b])
    add_ballots(box, [[plaza_a, plaza_b, parque]] * 30 + [[plaza_b]] * 5)
    html = client.get(call.results_url).content.decode()
    assert winners(box) == {plaza_b.pk, parque.pk}
    assert reasons(box)[plaza_a.pk] == "excluded"
    assert "Ganó otro proyecto alternativo de su grupo" in html


def test_a_theme_cap_holds_the_winners_of_the_theme(client, site):
    movilidad, parques = ThemeFactory(name="Movilidad"), ThemeFactory(name="Parques")
    call, box, (a, b, c) = make_voting_call(current="results", ceiling=1_000, costs=[300, 300, 300], theme=movilidad)
    c.theme = parques
    c.save()
    CallThemeCap.objects.create(call=call, theme=movilidad, max_percent=40)
    add_ballots(box, [[a, b, c]] * 30)
    client.get(call.results_url)
    assert winners(box) == {a.pk, c.pk}, "400 of 1,000 for Movilidad: only one of its projects"
    assert reasons(box)[b.pk] == "over-cap"


def test_the_ballot_explains_both_and_follows_edits_at_once(client, site, citizen):
    movilidad = ThemeFactory(name="Movilidad")
    call, box, (a, b, _c) = make_voting_call(ceiling=1_000_000, theme=movilidad, vote_in_several_territories=True)
    client.force_login(citizen)
    assert "son alternativas" not in client.get(ballot_url(box)).content.decode()
    group = AlternativeGroup.objects.create(call=call, name="Diseños de la plaza")
    group.proposals.set([a, b])
    page = client.get(ballot_url(box)).content.decode()
    assert f"Diseños de la plaza: «{a.title}», «{b.title}» son alternativas; solo una puede ganar." in page
    CallThemeCap.objects.create(call=call, theme=movilidad, max_percent=25)
    page = client.get(ballot_url(box)).content.decode()
    assert "eje «Movilidad» suman como máximo el 25 % del techo ($ 250,000 MXN)" in page


def group_form(call, proposals, name="Diseños de la plaza"):
    return {"call": call.pk, "name": name, "proposals": [p.pk for p in proposals]}


def test_editors_mark_alternatives_and_bad_groups_are_explained(client, site, editor):
    call, box, (a, b, c) = make_voting_call()
    other_call, _other_box, (x, *_rest) = make_voting_call(slug="otra")
    client.force_login(editor)
    add = reverse("alternativas:add")
    response = client.post(add, group_form(call, [a]))
    assert response.status_code == 200 and "al menos dos proyectos" in response.content.decode()
    response = client.post(add, group_form(call, [a, x]))
    assert "deben ser de la convocatoria elegida" in response.content.decode()
    response = client.post(add, group_form(call, [a, b], name="x" * 5_000))
    assert response.status_code == 200 and "menos de 150 caracteres" in response.content.decode()
    response = client.post(add, {"call": "no-es-un-número", "name": "", "proposals": ["a", "-1"]})
    assert response.status_code == 200 and not AlternativeGroup.objects.exists()
    response = client.post(add, group_form(call, [a, b]))
    assert response.status_code == 302
    group = AlternativeGroup.objects.get()
    assert set(group.proposals.all()) == {a, b}
    response = client.post(add, group_form(call, [b, c], name="Otro"))
    assert "ya hay proyectos en: Diseños de la plaza" in response.content.decode()
    assert AlternativeGroup.objects.count() == 1
    assert client.get(reverse("alternativas:index")).status_code == 200


@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("citizen", False), ("evaluator", False), ("editor", True), ("admin", True)])
def test_who_may_manage_alternatives(client, site, user_by_role, role, allowed):
    call, _box, (a, b, _c) = make_voting_call()
    user = user_by_role[role]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("alternativas:add"), group_form(call, [a, b]))
    assert AlternativeGroup.objects.exists() is allowed
    assert response.status_code == 302


def test_the_ballot_page_queries_stay_constant_with_groups_and_caps(client, site, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call, box, (a, b, c) = make_voting_call(vote_in_several_territories=True)
    voter = UserFactory()
    client.force_login(voter)
    client.get(ballot_url(box))
    with CaptureQueriesContext(connection) as plain:
        assert client.get(ballot_url(box)).status_code == 200
    plain_count = len(plain.captured_queries)  # read now: the next request empties the log
    assert plain_count >= 4
    group = AlternativeGroup.objects.create(call=call, name="Grupo")
    group.proposals.set([a, b])
    CallThemeCap.objects.create(call=call, theme=a.theme, max_percent=50)
    client.get(ballot_url(box))  # the new version of the sheet is built once
    with django_assert_num_queries(plain_count):
        client.get(ballot_url(box))
