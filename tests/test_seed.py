"""`manage.py seed_demo`: idempotent demo content from the seeds."""

import datetime as dt
import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Revision, Site

from convocatorias.models import CallEvent, CallPage, CallPhase, CallTerritory, Territory, Theme
from django_comments_xtd.models import XtdComment
from home.models import HomePage
from portal import demo
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

pytestmark = pytest.mark.django_db

PEM_SLUG = "plan-estrategico-metropolitano"
CITIZEN_SLUG = "proyectos-ciudadanos"
MEDELLIN_SLUG = "presupuesto-participativo-medellin"
VOTED_SLUG = "presupuesto-por-colonia-votacion-concluida"


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
    }


def dates():
    """Every date the seed derives from the calls' schedules."""
    return (
        list(Proposal.objects.order_by("pk").values_list("pk", "created_at", "submitted_at", "updated_at")),
        list(ProposalEvent.objects.order_by("pk").values_list("pk", "created_at")),
        list(Support.objects.order_by("pk").values_list("pk", "created_at")),
        list(XtdComment.objects.order_by("pk").values_list("pk", "submit_date")),
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
    assert len(steps) == 17
    assert steps[0].startswith("[1/17] ")
    assert any(line.startswith("[12/17] Propuestas: ") for line in steps)


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


def test_four_calls(seeded):
    assert set(CallPage.objects.live().values_list("slug", flat=True)) == {PEM_SLUG, CITIZEN_SLUG, MEDELLIN_SLUG, VOTED_SLUG}


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
        "moderacion@participa.test",
        "admin@participa.test",
    ):
        line = next(line for line in table.splitlines() if line.startswith(email))
        assert demo.DEMO_PASSWORD in line
    assert "Correo" in table and "Rol" in table


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


def test_proposals_across_calls_and_statuses(seeded):
    proposals = Proposal.objects.select_related("call")
    assert 20 <= proposals.exclude(call__slug=VOTED_SLUG).count() == len(demo.PROPOSALS) <= 30
    assert proposals.filter(call__slug=VOTED_SLUG).count() == len(demo.VOTED_PROPOSALS)
    per_call = {slug: proposals.filter(call__slug=slug).count() for slug in (PEM_SLUG, CITIZEN_SLUG, MEDELLIN_SLUG)}
    assert all(count >= 3 for count in per_call.values()), per_call
    statuses = set(proposals.values_list("status", flat=True))
    assert {"draft", "submitted", "admitted", "rejected", "withdrawn"} <= statuses
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
    references = list(Proposal.objects.exclude(status="draft").values_list("reference", "call__code", "submitted_at"))
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
    for proposal in Proposal.objects.prefetch_related("events"):
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
    for proposal in Proposal.objects.exclude(status="draft").select_related("call"):
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
        assert support.proposal.status == "admitted"
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
    assert "[12/17] Propuestas: 0 creados, 0 actualizados" not in output
    moved.refresh_from_db()
    assert CallPhase.objects.get(call=citizen_call, kind="intake").starts_at <= moved.submitted_at
    before = dates()
    output = seed("--refresh-schedules")
    assert dates() == before
    assert "[12/17] Propuestas: 0 creados, 0 actualizados" in output


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
            assert status == ("selected" if entry["selected"] else "not_selected")
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
