"""Development plans: the tree, the suggested score, the public pages, the alignment screen,
the snippets, the API and the evaluation's plans criterion."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planes.alignment import AlignedItem, is_plan_criterion, suggested_score
from planes.models import Plan, PlanItem
from portal.roles import ensure_coordinators, ensure_facilitators, ensure_verifiers
from tests.planes.factories import make_plan, make_registry_project, make_tree
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(site):
    return make_plan()


@pytest.fixture
def tree(plan):
    return make_tree(plan)


@pytest.fixture
def staff(editor, evaluator, moderator, admin_user, citizen):
    def group_user(email, group):
        user = UserFactory(email=email, is_staff=True)
        user.groups.add(group)
        return user

    return {
        "anonymous": None,
        "citizen": citizen,
        "editor": editor,
        "evaluator": evaluator,
        "moderator": moderator,
        "coordinator": group_user("coordinacion@example.org", ensure_coordinators()),
        "facilitator": group_user("facilitacion@example.org", ensure_facilitators()),
        "verification": group_user("verificacion@example.org", ensure_verifiers()),
        "superuser": admin_user,
    }


# --- Models and rules ------------------------------------------------------------------------------


def test_tree_kinds_and_parents_are_checked(plan, tree):
    other = make_plan(name="Otro plan")
    PlanItem(plan=plan, kind="axis", code="9", name="Eje").full_clean()
    with pytest.raises(ValidationError):
        PlanItem(plan=plan, kind="goal", code="9.9", name="Meta sin programa").full_clean()
    with pytest.raises(ValidationError):
        PlanItem(plan=plan, parent=tree["1"], kind="goal", code="1.9", name="Meta bajo un eje").full_clean()
    with pytest.raises(ValidationError):
        PlanItem(plan=other, parent=tree["1"], kind="programme", code="1.2", name="De otro plan").full_clean()
    with pytest.raises(ValidationError):
        Plan(name="Al revés", level="pmd", municipality="Torreón", start_year=2030, end_year=2020).full_clean()
    with pytest.raises(ValidationError):
        Plan(name="Local sin comuna", level="local", municipality="Medellín", start_year=2020, end_year=2030).full_clean()
    assert plan.slug and plan.get_absolute_url() == f"/planes/{plan.slug}/"


def test_suggested_score_follows_the_documented_rule():
    goal, programme, axis = (AlignedItem(kind, 2020, 2024) for kind in ("goal", "programme", "axis"))
    assert suggested_score([axis, goal], 2022).score == 5
    assert suggested_score([programme], 2022).score == 4
    assert suggested_score([axis], 2022).score == 3
    assert suggested_score([goal], 2030) == suggested_score([axis], 2019)
    assert suggested_score([goal], 2030).case == "not_in_force" and suggested_score([goal], 2030).score == 2
    assert suggested_score([], 2022).score == 0
    assert suggested_score([goal], 2022, 0, 10).score == 10 and suggested_score([programme], 2022, 1, 5).score == 4
    assert is_plan_criterion("Alineación con el Plan Municipal de Desarrollo")
    assert not is_plan_criterion("Viabilidad técnica")


# --- Public pages ----------------------------------------------------------------------------------


def _align(proposals, item):
    for proposal in proposals:
        proposal.plan_items.add(item)


def test_plans_page_counts_aligned_projects_through_the_tree(client, plan, tree):
    call = make_proposal_call()
    first, second = ProposalFactory(call=call), ProposalFactory(call=call)
    hidden = ProposalFactory(call=call, hidden=True)
    _align([first, hidden], tree["1.1.1"])
    _align([first, second], tree["1"])
    response = client.get(reverse("planes:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert plan.name in page and "Meta 1.1.1" in page
    plans = response.context["plans"]
    axis = plans[0].tree[0]
    assert axis.count == 2  # first and second (the hidden proposal is not counted)
    assert axis.children[0].children[0].count == 1
    assert plans[0].project_count == 2
    assert f'href="/banco/?plan={tree["1.1.1"].pk}"' in page
    detail = client.get(plan.get_absolute_url())
    assert detail.status_code == 200 and "Programa 2.1" in detail.content.decode()
    assert client.get("/planes/no-existe/").status_code == 404


@pytest.mark.parametrize("extra", [1, 15])
def test_plans_pages_take_constant_queries(client, django_assert_num_queries, site, extra):
    call = make_proposal_call()
    for number in range(extra):
        plan = make_plan(name=f"Plan {number}")
        items = make_tree(plan, axes=2)
        _align([ProposalFactory(call=call)], items["1.1.1"])
    client.get(reverse("planes:index"))  # warm the site's caches
    with django_assert_num_queries(3):
        client.get(reverse("planes:index"))
    with django_assert_num_queries(3):
        client.get(plan.get_absolute_url())


def test_plans_download_is_csv_without_formulas(client, plan, tree):
    PlanItem.objects.filter(pk=tree["2"].pk).update(name="=HYPERLINK(1)")
    response = client.get(reverse("planes:download"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("plan,plan_nombre,nivel")
    assert "'=HYPERLINK(1)" in text and "Meta 1.1.1" in text


def test_the_project_page_shows_its_alignment(client, tree):
    proposal = ProposalFactory(call=make_proposal_call())
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Alineación con los planes de desarrollo" not in page
    proposal.plan_items.add(tree["1.1.1"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Alineación con los planes de desarrollo" in page and "Meta 1.1.1" in page and "Eje 1" in page


def test_bank_filters_by_plan_item_and_its_subtree(client, tree):
    call = make_proposal_call()
    goal_aligned, axis_aligned, other = (ProposalFactory(call=call) for _ in range(3))
    goal_aligned.plan_items.add(tree["1.1.1"])
    axis_aligned.plan_items.add(tree["1"])
    other.plan_items.add(tree["2"])
    titles = lambda response: {hit.proposal.title for hit in response.context["results"].hits}  # noqa: E731
    by_axis = client.get(reverse("banco:search"), {"plan": tree["1"].pk})
    assert titles(by_axis) == {goal_aligned.title, axis_aligned.title}
    chips = by_axis.context["chips"]
    assert [chip["label"] for chip in chips] == ["Alineado con el plan: Eje 1"]
    assert titles(client.get(reverse("banco:search"), {"plan": tree["1.1.1"].pk})) == {goal_aligned.title}
    assert client.get(reverse("banco:search"), {"plan": "x"}).status_code == 400
    api = client.get("/api/v1/propuestas/", {"plan": tree["1"].pk}).json()
    assert {row["titulo"] for row in api["resultados"]} == {goal_aligned.title, axis_aligned.title}


# --- Admin: snippets and the alignment screen --------------------------------------------------------

ALLOWED_SNIPPETS = {"editor", "superuser"}
READ_SNIPPETS = ALLOWED_SNIPPETS | {"coordinator"}  # coordinators align projects: they read the plans
ALLOWED_ALIGN = {"editor", "coordinator", "superuser"}
ROLES = ["anonymous", "citizen", "editor", "evaluator", "moderator", "coordinator", "facilitator", "verification", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_plan_snippets_permissions(client, staff, plan, tree, role):
    user = staff[role]
    if user:
        client.force_login(user)
    for name in ("wagtailsnippets_planes_plan:list", "wagtailsnippets_planes_planitem:list", "wagtailsnippets_planes_plan:add"):
        response = client.get(reverse(name))
        if role in (READ_SNIPPETS if name.endswith(":list") else ALLOWED_SNIPPETS):
            assert response.status_code == 200, name
        else:
            assert response.status_code == 302, name
    edit = client.get(reverse("wagtailsnippets_planes_planitem:edit", args=[tree["1"].pk]))
    assert (edit.status_code == 200) == (role in ALLOWED_SNIPPETS)


@pytest.mark.parametrize("role", ROLES)
def test_alignment_screen_permissions(client, staff, tree, role):
    proposal = ProposalFactory(call=make_proposal_call())
    user = staff[role]
    if user:
        client.force_login(user)
    url = reverse("planes_admin:align", args=[proposal.pk])
    response = client.get(url)
    assert (response.status_code == 200) == (role in ALLOWED_ALIGN)
    response = client.post(url, {"items": [tree["1.1.1"].pk, tree["2"].pk]})
    aligned = set(proposal.plan_items.values_list("pk", flat=True))
    if role in ALLOWED_ALIGN:
        assert response.status_code == 302 and aligned == {tree["1.1.1"].pk, tree["2"].pk}
    else:
        assert response.status_code == 302 and aligned == set()


def test_alignment_refuses_unknown_items(client, editor, tree):
    proposal = ProposalFactory(call=make_proposal_call())
    client.force_login(editor)
    url = reverse("planes_admin:align", args=[proposal.pk])
    assert client.post(url, {"items": ["999999"]}).status_code == 400
    assert client.post(url, {"items": ["abc"]}).status_code == 400
    assert not proposal.plan_items.exists()
    assert client.get(reverse("planes_admin:align", args=[999999])).status_code == 404


# --- Open data ---------------------------------------------------------------------------------------


def test_api_lists_plans_and_items_with_counts(client, plan, tree):
    proposal = ProposalFactory(call=make_proposal_call())
    proposal.plan_items.add(tree["1.1.1"])
    plans = client.get("/api/v1/planes/").json()
    assert [row["identificador"] for row in plans["resultados"]] == [plan.slug]
    assert plans["resultados"][0]["nivel"] == "pmd"
    assert client.get(f"/api/v1/planes/{plan.pk}/").json()["inicio"] == 2022
    items = client.get("/api/v1/planes/elementos/", {"plan": plan.pk}).json()["resultados"]
    by_code = {row["clave"]: row for row in items}
    assert by_code["1"]["proyectos"] == 1 and by_code["1.1.1"]["proyectos"] == 1 and by_code["2"]["proyectos"] == 0
    assert by_code["1.1"]["superior"] == tree["1"].pk and by_code["1"]["superior"] is None
    assert by_code["1.1.1"]["banco_url"].endswith(f"/banco/?plan={tree['1.1.1'].pk}")
    assert client.get("/api/v1/planes/elementos/", {"plan": "x"}).status_code == 400
    schema = client.get("/api/v1/esquema/").json()
    assert "/api/v1/planes/elementos/" in schema["paths"]


# --- Evaluation: the plans criterion -------------------------------------------------------------------


def test_evaluation_shows_alignment_and_suggests_the_plans_score(client, evaluator, tree):
    from evaluacion import services as evaluation
    from evaluacion.models import EvaluationAssignment
    from portal.roles import ensure_coordinators

    import datetime as dt

    call = make_proposal_call(current="technical_evaluation")
    evaluation.ensure_default_criteria(call)
    proposal = ProposalFactory(call=call, status="admitted")
    proposal.plan_items.add(tree["1.1.1"])
    coordinator = UserFactory(email="coord@example.org", is_staff=True)
    coordinator.groups.add(ensure_coordinators())
    evaluation.assign(proposals=[proposal], evaluators=[evaluator], due_date=dt.date.today() + dt.timedelta(days=5), user=coordinator)
    assignment = EvaluationAssignment.objects.get(proposal=proposal, evaluator=evaluator)
    client.force_login(evaluator)
    response = client.get(reverse("evaluacion:evaluate", args=[assignment.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alineación con los planes de desarrollo" in page and "Meta 1.1.1" in page
    assert "Puntuación sugerida: 5." in page
    plan_criterion = next(c for c in call.criteria.all() if is_plan_criterion(c.name))
    assert response.context["form"].initial[f"score_{plan_criterion.pk}"] == 5
    from evaluacion import selectors

    sheet = selectors.sheet(proposal)
    assert any("Meta 1.1.1" in line for line in sheet.alignment_text)


def test_coordinators_align_from_the_decision_screen(client, evaluator, tree):
    import datetime as dt

    from evaluacion import services as evaluation

    call = make_proposal_call(current="technical_evaluation")
    evaluation.ensure_default_criteria(call)
    proposal = ProposalFactory(call=call, status="admitted")
    coordinator = UserFactory(email="coord2@example.org", is_staff=True)
    coordinator.groups.add(ensure_coordinators())
    evaluation.assign(proposals=[proposal], evaluators=[evaluator], due_date=dt.date.today() + dt.timedelta(days=5), user=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("evaluacion:decision", args=[proposal.pk])).content.decode()
    align = reverse("planes_admin:align", args=[proposal.pk])
    assert align in page
    response = client.post(align, {"items": [tree["1.1"].pk], "next": reverse("evaluacion:decision", args=[proposal.pk])})
    assert response.status_code == 302 and response["Location"] == reverse("evaluacion:decision", args=[proposal.pk])
    assert list(proposal.plan_items.all()) == [tree["1.1"]]
