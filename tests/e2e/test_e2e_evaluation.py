"""The technical evaluation journey in the system Chromium (marker `e2e`), see tests/e2e/conftest.py.

The coordinator assigns an admitted proposal to an evaluator in the Wagtail admin → the evaluator
finds it on the dashboard, scores every criterion and submits → the coordinator decides it viable
and moves the decided proposals on → the proposal is shortlisted (for its territory's ballot) and
its public evaluation sheet shows the scores without the evaluator's name → the vote opens and a
citizen finds it, with its validated cost, on its territory's ballot.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from portal.roles import ensure_coordinators, ensure_roles
from evaluacion import services as evaluation
from evaluacion.models import EvaluationAssignment
from propuestas.models import Proposal
from tests.home.factories import make_site
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call
from tests.e2e.test_e2e_proposals import expect, log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def journey():
    make_site()
    call = make_proposal_call(current="technical_evaluation", title="Presupuesto Participativo 2027", code="PPE")
    criteria = evaluation.ensure_default_criteria(call)
    proposal = ProposalFactory(
        call=call, title="Ciclovía protegida en la avenida Morelos", estimated_cost=3_200_000, reference="PPE-2027-0001"
    )
    coordinator = UserFactory(email="coordina@example.org", display_name="Coordinación SESP", is_staff=True)
    coordinator.groups.add(ensure_coordinators())
    evaluator = UserFactory(email="evalua@example.org", display_name="Ingeniera Evaluadora", is_staff=True)
    _editors, evaluators = ensure_roles()
    evaluator.groups.add(evaluators)
    return {"call": call, "criteria": criteria, "proposal": proposal, "evaluator": evaluator}


def test_assign_score_decide_and_shortlist(journey, live_server, page):  # noqa: F811
    call, proposal, base = journey["call"], journey["proposal"], live_server.url

    # The coordinator assigns the proposal with a due date.
    log_in(page, base, "coordina@example.org")
    page.goto(f"{base}/admin/evaluacion/convocatoria/{call.pk}/asignar/")
    page.get_by_label(re.compile("Ciclovía protegida")).check()
    page.get_by_label(re.compile("Ingeniera Evaluadora")).check()
    page.get_by_label("Fecha límite").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Asignar", exact=True).click()
    expect(page.get_by_text("1 asignación nueva.")).to_be_visible()
    assert EvaluationAssignment.objects.filter(proposal=proposal).count() == 1
    page.goto(base + "/")
    log_out(page)

    # The evaluator finds it on the dashboard, scores every criterion and submits.
    log_in(page, base, "evalua@example.org")
    page.goto(base + "/admin/")
    panel = page.get_by_role("region", name="Mis evaluaciones pendientes")
    panel.get_by_role("link", name=re.compile("Ciclovía protegida")).click()
    expect(page.get_by_role("heading", name="Su evaluación")).to_be_visible()
    for criterion in journey["criteria"]:
        page.locator(f"select[name=score_{criterion.pk}]").select_option("4")
        page.locator(f"textarea[name=justification_{criterion.pk}]").fill(f"Cumple bien: {criterion.name.lower()}.")
    page.get_by_label("Plazo de ejecución (meses)").fill("8")
    page.get_by_role("button", name="Enviar", exact=True).click()
    expect(page.get_by_text("Evaluación enviada.")).to_be_visible()
    assert EvaluationAssignment.objects.get(proposal=proposal).status == "submitted"
    page.goto(base + "/")
    log_out(page)

    # The coordinator decides it viable from the ranking, then moves the decided proposals on.
    log_in(page, base, "coordina@example.org")
    page.goto(f"{base}/admin/evaluacion/convocatoria/{call.pk}/ranking/")
    page.get_by_role("link", name=re.compile("Ciclovía protegida")).click()
    expect(page.locator(".mean-score")).to_have_text("80,0")
    page.get_by_label("Viable", exact=True).check()
    page.get_by_role("button", name="Registrar la decisión").click()
    expect(page.get_by_text("Decisión registrada.")).to_be_visible()
    page.goto(f"{base}/admin/evaluacion/convocatoria/{call.pk}/avanzar/")
    page.get_by_role("button", name=re.compile("Confirmar")).click()
    expect(page.get_by_text(re.compile("Avanzaron 1 propuestas: 1 viables"))).to_be_visible()
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.status == "shortlisted" and proposal.validated_cost == 3_200_000
    page.goto(base + "/")
    log_out(page)

    # Anyone reads the public evaluation sheet from the proposal's page: scores, no names.
    page.goto(base + proposal.get_absolute_url())
    expect(page.locator(".status").first).to_have_text("Viable, en el tarjetón")
    page.get_by_role("link", name="Ver la cédula de evaluación").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Cédula de evaluación técnica")).to_be_visible()
    expect(main.get_by_text("Cumple bien: viabilidad técnica.")).to_be_visible()
    expect(main.get_by_role("rowheader", name="Evaluación 1").first).to_be_visible()
    expect(main).not_to_contain_text("Ingeniera Evaluadora")

    # The vote opens: a citizen finds the proposal, with its validated cost, on its territory's ballot.
    from convocatorias.models import CallPhase
    from tests.convocatorias.factories import schedule_around
    from votaciones.services import box_for

    for kind, starts_at, ends_at in schedule_around(current="voting"):
        CallPhase.objects.filter(call=call, kind=kind).update(starts_at=starts_at, ends_at=ends_at)
    UserFactory(email="vecina@example.org", display_name="Vecina")
    box = box_for(call=call, territory=proposal.territory)
    log_in(page, base, "vecina@example.org")
    page.goto(f"{base}/votar/urna/{box.pk}/")
    ballot = page.get_by_role("main")
    expect(ballot.get_by_label("Ciclovía protegida en la avenida Morelos")).to_be_checked(checked=False)
    expect(ballot).to_contain_text("3,200,000")
