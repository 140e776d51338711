"""`manage.py seed_demo`: idempotent demo content from the seeds."""

import datetime as dt
import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Revision, Site

from convocatorias.models import CallEvent, CallPage, CallPhase, CallTerritory, Territory, Theme
from django_comments_xtd.models import XtdComment
from evaluacion.models import CriterionScore, EvaluationAssignment, EvaluationCriterion, EvaluationDecision, EvaluationNote
from home.models import HomePage
from demo import content as demo
from portal.models import Capsule, GuidePage, SiteSettings
from propuestas import selectors, services
from propuestas.comments import proposal_content_type
from votaciones.models import (
    Ballot,
    BallotBox,
    BallotChoice,
    BoxResult,
    ResultsPage,
    VotingCode,
    WorkshopSession,
)
from propuestas.models import (
    GroupMembership,
    Proposal,
    ProposalEvent,
    ProposalGroup,
    ReferenceCounter,
    Support,
)

from avisos.models import Event, Follow, Notification
from talleres.models import Participation, ProposalLineage, Workshop, WorkshopIdea

pytestmark = pytest.mark.django_db

PEM_SLUG = "plan-estrategico-metropolitano"
CITIZEN_SLUG = "proyectos-ciudadanos"
MEDELLIN_SLUG = "presupuesto-participativo-medellin"
VOTED_SLUG = "presupuesto-por-colonia-votacion-concluida"
OPEN_SLUG = "presupuesto-por-colonia-votacion-abierta"


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "themes": Theme.objects.count(),
        "territories": Territory.objects.count(),
        "capsules": Capsule.objects.count(),
        "capsule_themes": Capsule.themes.through.objects.count(),
        "users": get_user_model().objects.count(),
        "email_addresses": EmailAddress.objects.count(),
        "groups": Group.objects.count(),
        "group_page_permissions": GroupPagePermission.objects.count(),
        "phases": CallPhase.objects.count(),
        "call_territories": CallTerritory.objects.count(),
        "events": CallEvent.objects.count(),
        "sites": Site.objects.count(),
        "site_settings": SiteSettings.objects.count(),
        "proposals": Proposal.objects.count(),
        "proposal_events": ProposalEvent.objects.count(),
        "proposal_groups": ProposalGroup.objects.count(),
        "group_memberships": GroupMembership.objects.count(),
        "supports": Support.objects.count(),
        "comments": XtdComment.objects.count(),
        "reference_counters": list(ReferenceCounter.objects.order_by("pk").values_list("call_id", "year", "last")),
        "ballot_boxes": BallotBox.objects.count(),
        "ballots": Ballot.objects.count(),
        "ballot_choices": BallotChoice.objects.count(),
        "voting_codes": VotingCode.objects.count(),
        "workshop_sessions": WorkshopSession.objects.count(),
        "box_results": list(BoxResult.objects.order_by("pk").values_list("pk", "computed_at")),
        "results_pages": ResultsPage.objects.count(),
        "criteria": EvaluationCriterion.objects.count(),
        "assignments": list(EvaluationAssignment.objects.order_by("pk").values_list("pk", "status", "due_date")),
        "criterion_scores": list(CriterionScore.objects.order_by("pk").values_list("pk", "score", "justification")),
        "evaluation_notes": EvaluationNote.objects.count(),
        "decisions": list(EvaluationDecision.objects.order_by("pk").values_list("pk", "viable", "validated_cost")),
        "statuses": list(Proposal.objects.order_by("pk").values_list("pk", "status")),
        "notification_follows": Follow.objects.count(),
        "notification_events": Event.objects.count(),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        "workshops": list(Workshop.objects.order_by("pk").values_list("pk", "starts_at", "call_event_id")),
        "participations": Participation.objects.count(),
        "workshop_ideas": WorkshopIdea.objects.count(),
        "lineage": ProposalLineage.objects.count(),
    }


def dates():
    """Every date the seed derives from the calls' schedules."""
    return (
        list(Proposal.objects.order_by("pk").values_list("pk", "created_at", "submitted_at", "updated_at")),
        list(ProposalEvent.objects.order_by("pk").values_list("pk", "created_at")),
        list(Support.objects.order_by("pk").values_list("pk", "created_at")),
        list(XtdComment.objects.order_by("pk").values_list("pk", "submit_date")),
        list(EvaluationAssignment.objects.order_by("pk").values_list("pk", "assigned_at", "submitted_at")),
        list(EvaluationNote.objects.order_by("pk").values_list("pk", "created_at")),
        list(EvaluationDecision.objects.order_by("pk").values_list("pk", "decided_at", "published_at")),
        list(Ballot.objects.order_by("pk").values_list("pk", "created_at")),
    )


def step_lines(output):
    return [line for line in output.splitlines() if line.startswith("[")]


@pytest.fixture
def seeded():
    return seed()


def call(slug):
    return CallPage.objects.get(slug=slug)


@pytest.mark.parametrize("args", [(), ("--refresh-schedules",)])
def test_second_run_changes_nothing(seeded, args):
    before = counts()
    dates_before = dates()
    phases_before = list(CallPhase.objects.order_by("pk").values_list("pk", "kind", "starts_at", "ends_at"))
    output = seed(*args)
    assert counts() == before
    assert dates() == dates_before
    assert list(CallPhase.objects.order_by("pk").values_list("pk", "kind", "starts_at", "ends_at")) == phases_before
    for line in step_lines(output):
        assert ": 0 creados, 0 actualizados, " in line, line
    assert " actualizados, 0 sin cambios" not in output.split("Cuentas")[0]


def test_every_step_reports_one_line(seeded):
    steps = step_lines(seeded)
    assert len(steps) == 27
    assert steps[0].startswith("[1/27] ")
    assert any(line.startswith("[12/27] Propuestas: ") for line in steps)
    assert any(line.startswith("[15/27] Evaluación técnica: ") for line in steps)
    assert steps[19].startswith("[20/27] Votación abierta: papeletas: ")
    assert steps[21].startswith("[22/27] Seguimiento de la ejecución: ")
    assert steps[22].startswith("[23/27] Planes de desarrollo y registro de proyectos: ")
    assert steps[23].startswith("[24/27] Padrón y mesa de verificación: ")
    assert steps[-3].startswith("[25/27] Indicadores, monitores y fichas por colonia: ")
    assert steps[-2].startswith("[26/27] Talleres y encuentros: ")
    assert steps[-1].startswith("[27/27] Avisos de demostración: ")


def test_home_page_is_the_site_root_and_welcome_page_is_gone(seeded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    home = site.root_page.specific
    assert len(home.figures) >= 4
    assert all(block.value["source"] for block in home.figures)
    assert any("1.302" in block.value["value"] for block in home.figures)


def test_site_settings(seeded):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert "IMPLAN Torreón" in settings.institution_name
    assert "Torreón" in settings.address
    assert settings.legal_notice and settings.privacy_notice
    links = {block.value["label"]: block.value for block in settings.navigation}
    assert links["Convocatorias"]["page"].specific.__class__.__name__ == "CallIndexPage"
    assert links["Aprende"]["page"].specific.__class__.__name__ == "GuideIndexPage"
    assert links["Buscar"]["url"] == "/buscar/"


def test_themes_and_territories(seeded):
    slugs = set(Theme.objects.values_list("slug", flat=True))
    assert set(demo.PEM_THEMES) <= slugs and len(demo.PEM_THEMES) == 6
    medellin = Territory.objects.filter(municipality="Medellín")
    assert medellin.filter(kind="comuna").count() == 16
    assert medellin.filter(kind="corregimiento").count() == 5
    assert medellin.get(code="08").name == "Villa Hermosa"
    assert medellin.get(code="90").name == "Santa Elena"
    assert Territory.objects.filter(municipality="Torreón", kind="colonia").count() == 5


def test_five_calls(seeded):
    assert set(CallPage.objects.live().values_list("slug", flat=True)) == {
        PEM_SLUG, CITIZEN_SLUG, MEDELLIN_SLUG, VOTED_SLUG, OPEN_SLUG,
    }


def test_medellin_ceilings_add_up_exactly(seeded):
    medellin = call(MEDELLIN_SLUG)
    rows = list(medellin.territories.select_related("territory"))
    assert len(rows) == 21
    assert {row.territory.municipality for row in rows} == {"Medellín"}
    assert sum(row.budget_ceiling for row in rows) == 251_265_148_208
    by_kind = {row.territory.kind: row.budget_ceiling for row in rows[:-1]}
    assert by_kind["corregimiento"] > by_kind["comuna"]
    assert medellin.currency == "COP"
    assert medellin.ballot_type == "knapsack"
    assert medellin.results_rule == "equal_shares"
    assert medellin.current_phase().kind == "technical_evaluation"
    assert medellin.next_phase().kind == "voting"


def test_citizen_projects_intake_is_open_now(seeded):
    citizen = call(CITIZEN_SLUG)
    assert citizen.current_phase().kind == "intake"
    assert citizen.may("submit_proposal")
    assert citizen.currency == "MXN"
    assert citizen.max_proposal_cost == 2_000_000
    assert citizen.supports_threshold
    assert citizen.ballot_type == "approval"
    kinds = [phase.kind for phase in citizen.schedule]
    assert kinds[kinds.index("intake") :] == [
        "intake", "review", "supports", "technical_evaluation", "voting", "results", "monitoring",
    ]
    assert {row.territory.municipality for row in citizen.territories.all()} == {"Torreón"}


def test_pem_call_has_the_real_calendar(seeded):
    pem = call(PEM_SLUG)
    local = [timezone.localtime(event.starts_at, demo.TORREON_TZ).date() for event in pem.events.all()]
    assert local == [dt.date(2014, 10, 2), dt.date(2014, 10, 23), dt.date(2014, 11, 20), dt.date(2015, 2, 19)]
    calendar = [block for block in pem.bases if block.block_type == "calendar"]
    assert [row["date"] for row in calendar[0].value["rows"]] == local
    assert pem.themes.count() == 6
    assert pem.status() == "finished"
    assert max(phase.ends_at for phase in pem.phases.all()) <= dt.datetime(2015, 3, 1, tzinfo=dt.UTC)
    assert min(phase.starts_at for phase in pem.phases.all()).astimezone(demo.TORREON_TZ).date() == dt.date(2014, 9, 11)
    assert "Consulta ciudadana vía internet" in str(pem.bases)


def test_guides_and_capsules(seeded):
    guides = GuidePage.objects.live()
    assert guides.count() == 3
    for guide in guides:
        types = {block.block_type for block in guide.body}
        assert {"heading", "paragraph", "faq"} <= types
    assert Capsule.objects.count() >= 8
    kinds = set(Capsule.objects.values_list("kind", flat=True))
    assert {"question", "acronym", "concept", "norm", "statement"} <= kinds
    assert Capsule.objects.filter(show_on_home=True).count() >= 6
    assert not Capsule.objects.filter(themes__isnull=True).exists()


def test_demo_accounts_and_roles(seeded):
    User = get_user_model()
    citizen = User.objects.get(email="ciudadana@participa.test")
    editor = User.objects.get(email="editor@participa.test")
    evaluator = User.objects.get(email="evaluador@participa.test")
    admin = User.objects.get(email="admin@participa.test")
    for user in (citizen, editor, evaluator, admin):
        assert user.check_password(demo.DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    assert not citizen.is_staff and citizen.display_name and citizen.territory.name == "Moderna"
    assert editor.is_staff and not editor.is_superuser
    assert editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("convocatorias.change_theme")
    assert editor.has_perm("convocatorias.add_territory")
    assert editor.has_perm("portal.change_capsule")
    assert editor.has_perm("portal.change_sitesettings")
    home = HomePage.objects.get()
    permissions = home.permissions_for_user(editor)
    assert permissions.can_edit() and permissions.can_publish()
    assert call(CITIZEN_SLUG).get_parent().permissions_for_user(editor).can_add_subpage()
    assert call(CITIZEN_SLUG).permissions_for_user(editor).can_publish()
    assert evaluator.is_staff and evaluator.groups.filter(name="Evaluadores").exists()
    assert evaluator.has_perm("wagtailadmin.access_admin")
    assert not evaluator.has_perm("portal.change_capsule")
    assert admin.is_superuser and admin.is_staff
    moderator = User.objects.get(email="moderacion@participa.test")
    assert moderator.is_staff and moderator.has_perm("propuestas.review_proposal")
    assert not moderator.has_perm("propuestas.change_proposal")
    assert not evaluator.has_perm("propuestas.review_proposal") and not editor.has_perm("propuestas.review_proposal")


def test_passwords_are_only_reset_on_request(seeded):
    user = get_user_model().objects.get(email="ciudadana@participa.test")
    user.set_password("otra-contraseña-propia")
    user.save()
    output = seed()
    user.refresh_from_db()
    assert user.check_password("otra-contraseña-propia")
    assert "contraseña sin cambios" in output
    seed("--reset-passwords")
    user.refresh_from_db()
    assert user.check_password(demo.DEMO_PASSWORD)


def test_output_lists_the_demo_accounts(seeded):
    table = seeded.split("Cuentas de demostración\n")[-1]
    for email in (
        "ciudadana@participa.test",
        "editor@participa.test",
        "evaluador@participa.test",
        "coordinacion@participa.test",
        "moderacion@participa.test",
        "admin@participa.test",
    ):
        line = next(line for line in table.splitlines() if line.startswith(email))
        assert demo.DEMO_PASSWORD in line
    assert "Correo" in table and "Rol" in table
    assert demo.SECOND_EVALUATOR_EMAIL not in table  # cannot sign in: not printed


def test_changed_content_is_updated_with_one_revision(seeded):
    guide = GuidePage.objects.get(slug=demo.GUIDES[0]["slug"])
    guide.summary = "Resumen editado"
    guide.save_revision().publish()
    revisions = Revision.objects.count()
    seed()
    guide.refresh_from_db()
    assert guide.summary == demo.GUIDES[0]["summary"]
    assert Revision.objects.count() == revisions + 1


def test_refresh_schedules_recomputes_open_calls(seeded):
    citizen = call(CITIZEN_SLUG)
    CallPhase.objects.filter(call=citizen).update(
        starts_at=timezone.now() - dt.timedelta(days=900), ends_at=timezone.now() - dt.timedelta(days=800)
    )
    seed()
    assert call(CITIZEN_SLUG).current_phase() is None
    seed("--refresh-schedules")
    assert call(CITIZEN_SLUG).current_phase().kind == "intake"


def test_pages_render(seeded, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Proyectos Ciudadanos" in html
    assert "Presupuesto Participativo – Medellín" in html
    assert "Cápsulas del saber" in html
    assert "IMPLAN Torreón" in html
    for page in Page.objects.live().filter(depth__gt=2):
        assert client.get(page.url).status_code == 200, page.url
    assert client.get("/buscar/?q=presupuesto").status_code == 200


# --- participation: proposals, groups, supports, comments ---------------------------------------

REFERENCE = re.compile(r"^(?P<code>[A-Z0-9]+)-(?P<year>\d{4})-(?P<sequence>\d{4})$")


def test_calls_have_codes(seeded):
    assert {slug: call(slug).code for slug in (PEM_SLUG, CITIZEN_SLUG, MEDELLIN_SLUG)} == {
        PEM_SLUG: "PEM",
        CITIZEN_SLUG: "PCT",
        MEDELLIN_SLUG: "PPM",
    }
    assert call(PEM_SLUG).territories.count() == len(demo.ZML_MUNICIPALITIES)


def _from_workshops():
    """The ideas entered at the demo's workshops and the projects formulated from them (talleres:
    `test_workshops_from_the_documents`), which the proposals' YAML does not list."""
    return Q(workshop_origin__isnull=False) | Q(lineage_sources__isnull=False)


def test_proposals_across_calls_and_statuses(seeded):
    proposals = Proposal.objects.filter(call__isnull=False).select_related("call").exclude(_from_workshops()).distinct()
    assert 20 <= proposals.exclude(call__slug__in=[VOTED_SLUG, OPEN_SLUG]).count() == len(demo.PROPOSALS) <= 30
    assert proposals.filter(call__slug=VOTED_SLUG).count() == len(demo.VOTED_PROPOSALS)
    assert proposals.filter(call__slug=OPEN_SLUG).count() == len(demo.OPEN_VOTE_PROPOSALS)
    per_call = {slug: proposals.filter(call__slug=slug).count() for slug in (PEM_SLUG, CITIZEN_SLUG, MEDELLIN_SLUG)}
    assert all(count >= 3 for count in per_call.values()), per_call
    statuses = set(proposals.values_list("status", flat=True))
    assert {"draft", "submitted", "admitted", "rejected", "withdrawn", "shortlisted", "not_viable"} <= statuses
    assert proposals.filter(hidden=True).exclude(hidden_reason="").count() == 1
    assert proposals.filter(group__isnull=False).exists()
    assert proposals.filter(latitude__isnull=False, longitude__isnull=False).exists()
    assert len({proposal.territory_id for proposal in proposals}) >= 8
    assert len({proposal.theme_id for proposal in proposals}) >= 5
    for proposal in proposals:
        page = proposal.call
        assert len(proposal.summary) <= 280, proposal.title
        assert page.themes.filter(pk=proposal.theme_id).exists(), proposal.title
        assert page.territories.filter(territory_id=proposal.territory_id).exists(), proposal.title
        if page.max_proposal_cost is not None:
            assert proposal.estimated_cost <= page.max_proposal_cost, proposal.title
        proposal.full_clean()


def test_references_are_well_formed_and_unique(seeded):
    # The registry's projects (no call) have their own references: REG-<year>-<id>.
    references = list(
        Proposal.objects.exclude(status="draft").filter(call__isnull=False).values_list("reference", "call__code", "submitted_at")
    )
    for reference, year in Proposal.objects.filter(call__isnull=True).values_list("reference", "year"):
        assert reference.startswith(f"REG-{year}-")
    assert len({reference for reference, _code, _at in references}) == len(references)
    for reference, code, submitted_at in references:
        match = REFERENCE.match(reference)
        assert match, reference
        assert match["code"] == code
        assert int(match["year"]) == timezone.localtime(submitted_at).year
    assert "PEM-2014-0001" in {reference for reference, _code, _at in references}
    assert not Proposal.objects.filter(status="draft", reference__isnull=False).exists()
    # The counters are past every demo reference: the next real submission gets a new one.
    for counter in ReferenceCounter.objects.select_related("call"):
        used = [
            int(REFERENCE.match(reference)["sequence"])
            for reference in Proposal.objects.filter(
                call=counter.call, reference__startswith=f"{counter.call.code}-{counter.year}-"
            ).values_list("reference", flat=True)
        ]
        assert counter.last == max(used)


def test_the_demo_citizen_can_submit_her_draft(seeded):
    citizen = get_user_model().objects.get(email=demo.CITIZEN_EMAIL)
    draft = Proposal.objects.filter(author=citizen, status="draft").first()
    taken = set(Proposal.objects.exclude(reference=None).values_list("reference", flat=True))
    submitted = services.submit_proposal(proposal=draft, user=citizen)
    assert submitted.status == "submitted"
    assert REFERENCE.match(submitted.reference) and submitted.reference not in taken


def test_history_of_each_status(seeded):
    moderator = get_user_model().objects.get(email=demo.MODERATOR_EMAIL)
    for proposal in Proposal.objects.filter(call__isnull=False).exclude(_from_workshops()).distinct().prefetch_related("events"):
        events = list(proposal.events.order_by("created_at", "pk"))
        if proposal.status == "draft":
            assert events == [] and proposal.submitted_at is None
            continue
        first = events[0]
        assert (first.transition, first.from_status, first.to_status) == ("submit", "draft", "submitted")
        assert first.actor_id == proposal.author_id and first.created_at == proposal.submitted_at
        status_events = [event for event in events if event.kind == "status"]
        assert status_events[-1].to_status == proposal.status
        for event in events[1:]:
            assert event.created_at >= first.created_at
        if proposal.status in ("admitted", "rejected"):
            review = status_events[-1]
            assert review.transition == ("admit" if proposal.status == "admitted" else "reject")
            assert review.actor == moderator
        if proposal.status == "rejected":
            assert status_events[-1].reason.strip()
        if proposal.status == "withdrawn":
            assert status_events[-1].actor_id == proposal.author_id
        if proposal.hidden:
            hidden = [event for event in events if event.kind == "hidden"]
            assert len(hidden) == 1 and hidden[0].reason == proposal.hidden_reason and hidden[0].actor == moderator
    # Every date lies inside the call's schedule and before now.
    for proposal in Proposal.objects.exclude(status="draft").filter(call__isnull=False).select_related("call"):
        phases = list(proposal.call.phases.all())
        assert min(p.starts_at for p in phases) <= proposal.submitted_at <= timezone.now()
        intake = next(p for p in phases if p.kind == "intake")
        assert intake.starts_at <= proposal.submitted_at < intake.ends_at


def test_groups_with_the_demo_citizen(seeded):
    citizen = get_user_model().objects.get(email=demo.CITIZEN_EMAIL)
    groups = ProposalGroup.objects.all()
    assert groups.count() == len(demo.PROPOSAL_GROUPS) >= 2
    assert groups.filter(name__icontains="Laguna Y2040").exists()
    mine = GroupMembership.objects.filter(user=citizen)
    assert mine.count() >= 2 and mine.filter(role="coordinator").exists()
    for group in groups:
        assert group.memberships.filter(role="coordinator").count() == 1
        assert group.memberships.count() >= 3
        assert group.join_code


def test_supports(seeded):
    supports = Support.objects.select_related("proposal", "proposal__call")
    assert supports.count() >= 15
    assert supports.values("user").distinct().count() >= 5
    for proposal in Proposal.objects.all():
        assert proposal.supports_count == proposal.supports.count(), proposal.title
    for support in supports:
        # Admitted proposals gather supports; the Medellín ones were evaluated afterwards.
        assert support.proposal.status in ("admitted", "shortlisted", "not_viable")
        phase = support.proposal.call.phases.get(kind="supports")
        assert phase.starts_at <= support.created_at < phase.ends_at


def test_threaded_comments(seeded):
    comments = XtdComment.objects.filter(content_type=proposal_content_type())
    assert comments.count() >= 12
    assert comments.filter(level=1).count() >= 3 and comments.filter(level=2).exists()
    for comment in comments.filter(level__gt=0):
        parent = XtdComment.objects.get(pk=comment.parent_id)
        assert parent.thread_id == comment.thread_id and parent.level == comment.level - 1
        assert parent.object_pk == comment.object_pk and parent.submit_date < comment.submit_date
    for comment in comments:
        assert comment.user_name == comment.user.public_name and comment.is_public and not comment.is_removed
        assert comment.site_id == 1
    for proposal in Proposal.objects.all():
        assert proposal.comments_count == comments.filter(object_pk=str(proposal.pk)).count()


def test_my_participation_is_not_empty(seeded, client):
    citizen = get_user_model().objects.get(email=demo.CITIZEN_EMAIL)
    mine = selectors.participation(citizen)
    statuses = {proposal.status for proposal in mine["proposals"]}
    assert {"draft", "submitted", "admitted"} <= statuses
    assert mine["memberships"] and mine["supports"] and mine["comments"]
    client.force_login(citizen)
    response = client.get(reverse("propuestas:participation"))
    assert response.status_code == 200
    assert "Ciclovía protegida entre la colonia Moderna y el Centro Histórico" in response.content.decode()


def test_proposal_dates_follow_refreshed_schedules(seeded):
    citizen_call = call(CITIZEN_SLUG)
    shift = dt.timedelta(days=30)
    CallPhase.objects.filter(call=citizen_call).update(starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift)
    moved = Proposal.objects.filter(call=citizen_call).exclude(status="draft").first()
    seed()
    moved.refresh_from_db()
    intake = CallPhase.objects.get(call=citizen_call, kind="intake")
    assert intake.starts_at <= moved.submitted_at < intake.ends_at
    assert all(event.created_at >= moved.submitted_at for event in moved.events.all())
    output = seed("--refresh-schedules")
    assert "[12/27] Propuestas: 0 creados, 0 actualizados" not in output
    moved.refresh_from_db()
    assert CallPhase.objects.get(call=citizen_call, kind="intake").starts_at <= moved.submitted_at
    before = dates()
    output = seed("--refresh-schedules")
    assert dates() == before
    assert "[12/27] Propuestas: 0 creados, 0 actualizados" in output


def test_proposal_pages_render(seeded, client):
    for slug in (PEM_SLUG, CITIZEN_SLUG, MEDELLIN_SLUG):
        page = call(slug)
        response = client.get(page.proposals_url)
        assert response.status_code == 200, slug
    html = client.get(call(CITIZEN_SLUG).proposals_url).content.decode()
    assert "Recolección nocturna de residuos en el primer cuadro del Centro Histórico" in html
    assert "Venta de terrenos" not in html  # hidden by moderation
    for proposal in Proposal.objects.exclude(status="draft"):
        response = client.get(reverse("propuestas:detail", args=[proposal.pk]))
        assert response.status_code == 200, proposal.title
        assert proposal.reference in response.content.decode()


# --- the concluded vote and its results ------------------------------------------------------------


def test_concluded_vote_with_results(seeded, client):
    from votaciones.services import voting_closed

    page = call(VOTED_SLUG)
    assert voting_closed(page) and page.results_rule == "equal_shares"
    assert page.territories.count() == 3
    boxes = BallotBox.objects.filter(call=page)
    assert boxes.count() == 3
    channels = set(Ballot.objects.filter(box__call=page).values_list("channel", flat=True))
    assert channels == {"online", "code", "paper"}
    # Online voters are generated citizens who cannot sign in; each voted once in the call.
    online = Ballot.objects.filter(box__call=page, channel="online").select_related("voter")
    assert online.count() >= 100
    assert all(not ballot.voter.has_usable_password() for ballot in online)
    assert len({ballot.voter_id for ballot in online}) == online.count()
    assert Ballot.objects.filter(box__call=page, channel="code", code__spent_at__isnull=False).count() == Ballot.objects.filter(
        box__call=page, channel="code"
    ).count()
    phase = page.phases.get(kind="voting")
    for ballot in Ballot.objects.filter(box__call=page):
        assert phase.starts_at <= ballot.created_at < phase.ends_at
    # Every box is counted with equal shares, and the proposals follow the count.
    for box in boxes:
        result = box.result
        assert result.rule == "equalshares/add1" and result.ballots_count == box.ballots.count()
        assert result.budget_used <= result.budget
        for entry in result.projects:
            status = Proposal.objects.get(pk=entry["id"]).status
            # Winners may have moved on into execution (the demo's progress updates).
            expected = {"selected", "in_execution", "completed"} if entry["selected"] else {"not_selected"}
            assert status in expected
    # In the Centro Histórico equal shares funds the minority's projects that greedy would not.
    centro = boxes.get(territory__name="Centro Histórico / Primitivo Centro").result
    rule = {e["title"] for e in centro.projects if e["selected"]}
    greedy = {e["title"] for e in centro.greedy if e["selected"]}
    assert rule - greedy == {
        "Fichas informativas de la historia del Centro Histórico en sus calles",
        "Parque de bolsillo en un predio baldío del centro",
    }
    # The public pages show the results.
    html = client.get(page.results_url).content.decode()
    assert "Resultados de la votación" in html and "¿Qué habría elegido la regla por votos?" in html
    assert "no cabía en lo que quedaba del techo" in html
    results_page = ResultsPage.objects.live().get(call=page)
    html = client.get(results_page.url).content.decode()
    assert "Método de Partes Iguales" in html and "<svg" in html and "Primera de Cobián" in html


def test_the_demo_citizen_did_not_vote_in_the_concluded_vote(seeded):
    citizen = get_user_model().objects.get(email=demo.CITIZEN_EMAIL)
    assert not Ballot.objects.filter(voter=citizen).exists()


# --- technical evaluation (SESP) of the Medellín call ----------------------------------------------


def test_evaluation_accounts(seeded):
    from evaluacion.services import is_coordinator

    User = get_user_model()
    coordinator = User.objects.get(email=demo.COORDINATOR_EMAIL)
    assert coordinator.check_password(demo.DEMO_PASSWORD)
    assert coordinator.is_staff and not coordinator.is_superuser
    assert set(coordinator.groups.values_list("name", flat=True)) == {"Coordinación de evaluación", "Evaluadores"}
    assert is_coordinator(coordinator) and coordinator.has_perm("wagtailadmin.access_admin")
    assert EmailAddress.objects.filter(user=coordinator, verified=True, primary=True).exists()
    assert not is_coordinator(User.objects.get(email=demo.EVALUATOR_EMAIL))
    second = User.objects.get(email=demo.SECOND_EVALUATOR_EMAIL)
    assert not second.has_usable_password() and second.is_staff and second.is_active
    assert second.groups.filter(name="Evaluadores").exists() and not is_coordinator(second)


def test_technical_evaluation_of_the_medellin_call(seeded):
    from evaluacion import services as evaluation

    page = call(MEDELLIN_SLUG)
    assert page.current_phase().kind == "technical_evaluation" and not page.vote_before_evaluation
    criteria = list(page.criteria.all())
    assert len(criteria) == 5 and [c.name for c in criteria if c.eliminatory] == ["Viabilidad técnica"]
    evaluated = Proposal.objects.filter(call=page).exclude(status="rejected").exclude(_from_workshops()).distinct()
    assert evaluated.count() == len(demo.EVALUATIONS) == 7
    evaluators = {demo.EVALUATOR_EMAIL, demo.SECOND_EVALUATOR_EMAIL}
    for proposal in evaluated:
        assignments = list(proposal.assignments.select_related("evaluator"))
        assert {a.evaluator.email for a in assignments} == evaluators, proposal.title
        assert all(a.due_date and a.assigned_at < timezone.now() for a in assignments)
    submitted = EvaluationAssignment.objects.filter(proposal__call=page, status="submitted")
    assert submitted.count() == 12
    for assignment in submitted.prefetch_related("scores"):
        scores = list(assignment.scores.all())
        assert len(scores) == 5 and all(len(s.justification) > 20 for s in scores)
        assert assignment.validated_cost and assignment.execution_months
        assert assignment.assigned_at < assignment.submitted_at < timezone.now()
    assert set(CriterionScore.objects.filter(assignment__in=submitted).values_list("score", flat=True)) >= {1, 2, 3, 4, 5}
    # A corrected cost comes with its explanation.
    corrected = [a for a in submitted.select_related("proposal") if a.validated_cost != a.proposal.estimated_cost]
    assert corrected and all(a.cost_explanation for a in corrected)
    # Pending for the demo evaluator: the dashboard panel lists them (one overdue).
    evaluator = get_user_model().objects.get(email=demo.EVALUATOR_EMAIL)
    pending = list(evaluation.pending_for(evaluator))
    assert len(pending) == 2
    assert any(a.due_date < timezone.localdate() for a in pending)
    assert any(a.due_date >= timezone.localdate() for a in pending)
    # One strong disagreement, one eliminatory failure.
    summaries = {p.title: evaluation.summary(p) for p in evaluated}
    assert summaries["Ciclorruta de conexión entre Laureles-Estadio y el metro"].disagreement
    assert summaries["Parque lineal de quebrada en San Antonio de Prado"].fails
    assert EvaluationNote.objects.filter(proposal__call=page).values("proposal").distinct().count() == 2
    # Decisions: viable with the validated cost, not viable with a public explanation.
    decisions = EvaluationDecision.objects.filter(proposal__call=page).select_related("proposal")
    assert decisions.filter(viable=True, validated_cost__gt=0).count() == 3
    not_viable = decisions.get(viable=False)
    assert not_viable.explanation and not_viable.validated_cost is None
    assert decisions.filter(published_at__isnull=True).count() == 1  # decided, not moved on yet
    statuses = dict(evaluated.values_list("title", "status"))
    assert statuses["Senderos peatonales y escaleras seguras en la Comuna 8 – Villa Hermosa"] == "shortlisted"
    assert statuses["Sistema de información de proyectos del barrio (piloto BIPL)"] == "shortlisted"
    assert statuses["Parque lineal de quebrada en San Antonio de Prado"] == "not_viable"
    assert list(statuses.values()).count("admitted") == 4
    shortlisted = Proposal.objects.get(call=page, title__startswith="Senderos peatonales")
    assert shortlisted.validated_cost == 1_920_000_000 and shortlisted.cost == 1_920_000_000
    # The move is dated inside the evaluation phase and after the decisions.
    phase = page.phases.get(kind="technical_evaluation")
    for decision in decisions:
        assert phase.starts_at < decision.decided_at < timezone.now()
        if decision.published_at:
            assert decision.decided_at < decision.published_at < timezone.now()
            event = decision.proposal.events.get(transition__in=["shortlist", "declare_not_viable"])
            assert event.created_at == decision.published_at


def test_published_evaluation_sheets(seeded, client):
    page = call(MEDELLIN_SLUG)
    published = EvaluationDecision.objects.filter(proposal__call=page, published_at__isnull=False)
    assert published.count() == 3
    for decision in published.select_related("proposal"):
        response = client.get(reverse("propuestas:evaluation_sheet", args=[decision.proposal_id]))
        assert response.status_code == 200, decision.proposal.title
        html = response.content.decode()
        assert decision.proposal.reference in html
        assert "Ing. Catalina Posada" not in html and "Pedir a la Secretaría" not in html  # no names, no notes
    parque = published.get(viable=False).proposal
    html = client.get(reverse("propuestas:evaluation_sheet", args=[parque.pk])).content.decode()
    assert "faja de retiro" in html
    undecided = Proposal.objects.get(call=page, title__startswith="Ciclorruta")
    assert client.get(reverse("propuestas:evaluation_sheet", args=[undecided.pk])).status_code == 404
    # The viable ones are on their territory's ballot for the coming vote.
    from votaciones.services import box_for, box_proposals

    senderos = Proposal.objects.get(call=page, title__startswith="Senderos peatonales")
    box = box_for(call=page, territory=senderos.territory)
    assert set(box_proposals(box).values_list("status", flat=True)) == {"shortlisted"}
    assert box_proposals(box).count() == 2


def test_evaluator_dashboard_lists_pending_evaluations(seeded, client):
    client.force_login(get_user_model().objects.get(email=demo.EVALUATOR_EMAIL))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Mis evaluaciones pendientes" in html
    assert "Escuela de formación en planeación local para jóvenes de Manrique" in html
    assert "vencida" in html


# --- the open vote ---------------------------------------------------------------------------------


def test_open_vote(seeded):
    from votaciones.services import counts_visible, voting_open

    page = call(OPEN_SLUG)
    assert voting_open(page) and page.current_phase().kind == "voting"
    assert page.ballot_type == "knapsack" and not page.vote_residents_only and page.hide_counts_until_close
    assert not counts_visible(page)
    rows = {row.territory.name: row.budget_ceiling for row in page.territories.select_related("territory")}
    assert rows == {"Torreón Viejo": 1_000_000, "Torreón Jardín": 1_200_000}
    proposals = Proposal.objects.filter(call=page)
    assert set(proposals.values_list("status", flat=True)) == {"shortlisted"}
    for name, ceiling in rows.items():
        costs = [p.cost for p in proposals.filter(territory__name=name)]
        assert len(costs) == 5 and sum(costs) > ceiling  # choosing is needed
    ballots = Ballot.objects.filter(box__call=page).prefetch_related("choices__proposal")
    assert ballots.count() == 33
    phase = page.phases.get(kind="voting")
    for ballot in ballots:
        assert ballot.channel == "online" and not ballot.voter.has_usable_password()
        assert phase.starts_at <= ballot.created_at <= timezone.now()
        budget = rows[ballot.box.territory.name]
        assert sum(choice.proposal.cost for choice in ballot.choices.all()) <= budget


def test_the_demo_citizen_votes_in_the_open_vote(seeded, client):
    page = call(OPEN_SLUG)
    citizen = get_user_model().objects.get(email=demo.CITIZEN_EMAIL)
    client.force_login(citizen)
    assert client.get(reverse("votaciones:call", args=[page.pk])).status_code == 200
    box = BallotBox.objects.get(call=page, territory__name="Torreón Jardín")
    url = reverse("votaciones:ballot", args=[box.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Conexión de Torreón Jardín con la red de infraestructura ciclista" in response.content.decode()
    chosen = list(
        Proposal.objects.filter(call=page, territory=box.territory).filter(
            title__in=["Rutas seguras e iluminadas para mujeres hacia el transporte público",
                       "Corredor verde con especies nativas en el camellón central",
                       "Centro de acopio de reciclables y composta vecinal"]
        )
    )
    assert sum(p.cost for p in chosen) <= 1_200_000
    response = client.post(url, {"step": "confirm", "choice": [str(p.pk) for p in chosen]})
    assert response.status_code == 302, response.content.decode()[:2000]
    ballot = Ballot.objects.get(box=box, voter=citizen)
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {p.pk for p in chosen}
    # A later run leaves her ballot alone and adds nothing.
    before = Ballot.objects.filter(box__call=page).count()
    output = seed()
    assert Ballot.objects.filter(box__call=page).count() == before
    assert Ballot.objects.filter(box=box, voter=citizen).exists()
    assert "[20/27] Votación abierta: papeletas: 0 creados, 0 actualizados" in output


def test_the_demo_citizen_follows_and_has_notices(seeded, client):
    person = get_user_model().objects.get(email="ciudadana@participa.test")
    assert Follow.objects.filter(user=person, call__isnull=False).count() == 2
    assert Follow.objects.filter(user=person, territory__code="01").exists()
    notices = Notification.objects.filter(user=person).select_related("event")
    assert notices.count() >= 3 and notices.filter(read_at=None).count() >= 2
    assert all("demostración" in n.event.body for n in notices if n.event.key.startswith("demo:"))
    client.force_login(person)
    page = client.get(reverse("avisos:inbox")).content.decode()
    assert "Ya puede votar en «Presupuesto por colonia»" in page


# --- workshops ----------------------------------------------------------------------------------


def test_workshops_from_the_documents(seeded, client):
    pem = Workshop.objects.filter(call__slug=PEM_SLUG).order_by("starts_at")
    assert [w.title.split(":")[0] for w in pem] == ["Taller 1", "Taller 2", "Taller 3"]
    assert all(w.tables.count() == 6 for w in pem)
    # Each PEM workshop is the call's calendar entry: no duplicates on the calendar.
    assert CallEvent.objects.filter(call__slug=PEM_SLUG, title__startswith="Taller").count() == 3
    encuentros = Workshop.objects.filter(kind="encuentro")
    assert encuentros.count() >= 7
    assert Participation.objects.filter(workshop__in=encuentros, synthetic=True).count() > 100
    assert "sintética" in encuentros.first().description
    merged = ProposalLineage.objects.filter(kind="merge", reverted_at__isnull=True)
    assert merged.values("result").distinct().count() == 2
    idea = merged.first().source
    assert idea.status == "superseded"
    assert "Fusionada en" in client.get(idea.get_absolute_url()).content.decode()
    from portal.models import GuideIndexPage

    body = client.get(GuideIndexPage.objects.get().url).content.decode()
    assert "La pedagogía en cifras" in body and "encuentros pedagógicos realizados" in body
    assert client.get("/talleres/estadisticas/").status_code == 200
