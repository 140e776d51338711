"""Staff review of proposals in the Wagtail admin: the viewset, its actions, bulk actions, the
dashboard panel and the moderators' role."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convocatorias.money import format_money
from portal.roles import MODERATORS, ensure_moderators, ensure_roles
from propuestas.models import Proposal, ProposalEvent
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

NS = "revision_propuestas"
XSS_TITLE = '<script>alert("título")</script>'
XSS_SUMMARY = '<img src=x onerror=alert(1)>'


@pytest.fixture
def roles(citizen, editor, evaluator, moderator, admin_user):
    return {
        "anonymous": None,
        "citizen": citizen,
        "editor": editor,
        "evaluator": evaluator,
        "moderator": moderator,
        "admin": admin_user,
    }


@pytest.fixture
def call(site):
    return make_proposal_call(title="Presupuesto Participativo", code="PEM")


def submitted(call, **fields):
    fields.setdefault("status", "submitted")
    return ProposalFactory(call=call, **fields)


def bulk_url(action, proposals, **params):
    query = "&".join([f"id={proposal.pk}" for proposal in proposals] + [f"{k}={v}" for k, v in params.items()])
    return reverse("wagtail_bulk_action", args=["propuestas", "proposal", action]) + "?" + query


def index_url():
    return reverse(f"{NS}:index")


# --- Permissions -------------------------------------------------------------------------------

ROLES = ["anonymous", "citizen", "editor", "evaluator", "moderator", "admin"]
#: "login": redirected to the login page; "home": the admin refuses (redirect to its home page).
REVIEWERS = {
    "anonymous": "login",
    "citizen": "login",
    "editor": "home",
    "evaluator": "home",
    "moderator": 200,
    "admin": 200,
}
VIEWS = [
    "list",
    "list results",
    "inspect",
    "admit",
    "reject",
    "hide",
    "show",
    "bulk admit",
    "bulk reject",
    "bulk hide",
    "bulk show",
]


def _view_url(view, proposal, hidden):
    if view == "list":
        return index_url()
    if view == "list results":
        return reverse(f"{NS}:index_results")
    if view == "inspect":
        return reverse(f"{NS}:inspect", args=[proposal.pk])
    if view.startswith("bulk "):
        target = hidden if view == "bulk show" else proposal
        return bulk_url(f"review_{view.split()[1]}", [target])
    target = hidden if view == "show" else proposal
    return reverse(f"{NS}:{view}", args=[target.pk])


def _assert_outcome(response, expected, context):
    if expected == "login":
        assert response.status_code == 302, context
        assert "/login/" in response["Location"], (context, response["Location"])
    elif expected == "home":
        assert response.status_code == 302, context
        assert response["Location"] == reverse("wagtailadmin_home"), (context, response["Location"])
    else:
        assert response.status_code == expected, (context, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_every_review_view_by_role(client, call, roles, role):
    proposal = submitted(call)
    hidden = submitted(call, hidden=True, hidden_reason="Spam")
    user = roles[role]
    if user is not None:
        client.force_login(user)
    for view in VIEWS:
        response = client.get(_view_url(view, proposal, hidden))
        _assert_outcome(response, REVIEWERS[role], (view, role))


@pytest.mark.parametrize("role", ["anonymous", "citizen", "editor", "evaluator"])
def test_actions_posted_by_non_moderators_change_nothing(client, call, roles, role):
    proposal = submitted(call)
    hidden = submitted(call, hidden=True, hidden_reason="Spam")
    user = roles[role]
    if user is not None:
        client.force_login(user)
    for view in ["admit", "reject", "hide", "show", "bulk admit", "bulk reject", "bulk hide", "bulk show"]:
        response = client.post(_view_url(view, proposal, hidden), {"reason": "Porque sí"})
        _assert_outcome(response, REVIEWERS[role], (view, role))
    proposal.refresh_from_db()
    hidden.refresh_from_db()
    assert (proposal.status, proposal.hidden, hidden.hidden) == ("submitted", False, True)
    assert not ProposalEvent.objects.exists()
    assert mail.outbox == []


def test_staff_who_may_only_view_get_no_review_controls(client, call):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_proposal")
    )
    proposal = submitted(call)
    client.force_login(viewer)
    listing = client.get(index_url()).content.decode()
    assert proposal.title in listing
    assert "data-bulk-action-checkbox" not in listing
    assert reverse(f"{NS}:admit", args=[proposal.pk]) not in listing
    inspect = client.get(reverse(f"{NS}:inspect", args=[proposal.pk])).content.decode()
    assert proposal.title in inspect
    assert reverse(f"{NS}:admit", args=[proposal.pk]) not in inspect
    response = client.post(reverse(f"{NS}:admit", args=[proposal.pk]))
    assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(bulk_url("review_admit", [proposal]), {"reason": ""})
    assert response["Location"] == reverse("wagtailadmin_home")
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_drafts_are_not_in_the_review_admin(client, call, moderator):
    draft = ProposalFactory(call=call, status="draft", title="Borrador privado")
    client.force_login(moderator)
    assert "Borrador privado" not in client.get(index_url()).content.decode()
    assert client.get(reverse(f"{NS}:inspect", args=[draft.pk])).status_code == 404
    assert client.post(reverse(f"{NS}:admit", args=[draft.pk])).status_code == 404


def test_no_add_edit_or_delete_views(client, call, admin_user):
    proposal = submitted(call)
    client.force_login(admin_user)
    response = client.get(index_url())
    content = response.content.decode()
    assert response.status_code == 200
    for suffix in ("new/", f"edit/{proposal.pk}/", f"delete/{proposal.pk}/", f"copy/{proposal.pk}/"):
        assert client.get(index_url() + suffix).status_code == 404, suffix
        assert index_url() + suffix not in content


def test_moderators_role(moderator, editor, evaluator):
    editors, evaluators = ensure_roles()
    assert {editors.name, evaluators.name} == {"Editors", "Evaluadores"}
    assert moderator.groups.get().name == MODERATORS
    assert moderator.has_perm("wagtailadmin.access_admin")
    assert moderator.has_perm("propuestas.view_proposal")
    assert moderator.has_perm("propuestas.review_proposal")
    assert not moderator.has_perm("propuestas.change_proposal")
    assert not moderator.has_perm("propuestas.delete_proposal")
    for user in (editor, evaluator):
        assert not user.has_perm("propuestas.review_proposal")
        assert not user.has_perm("propuestas.view_proposal")
    # Idempotent.
    assert ensure_moderators().permissions.count() == 3


def test_menu_item_for_moderators_only(client, moderator, editor):
    client.force_login(moderator)
    assert index_url() in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    assert index_url() not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- One proposal at a time --------------------------------------------------------------------


def test_admit_records_who_when_why_and_emails_the_author(
    client, call, moderator, django_capture_on_commit_callbacks
):
    proposal = submitted(call)
    client.force_login(moderator)
    url = reverse(f"{NS}:admit", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert proposal.title in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Cumple las bases."})
    assert response.status_code == 302
    assert response["Location"] == reverse(f"{NS}:inspect", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == "admitted"
    event = ProposalEvent.objects.get(proposal=proposal)
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        moderator,
        "submitted",
        "admitted",
        "Cumple las bases.",
    )
    assert event.created_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [proposal.author.email]
    # The inspect page shows the history: who, from → to, why.
    content = client.get(response["Location"]).content.decode()
    assert "Moderadora" in content
    assert "Enviada → Admitida" in content
    assert "Cumple las bases." in content


def test_reject_requires_a_reason(client, call, moderator, django_capture_on_commit_callbacks):
    proposal = submitted(call)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(f"{NS}:reject", args=[proposal.pk]), {"reason": "   "})
    assert response.status_code == 400
    assert "Escriba el motivo: la persona autora lo verá." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not ProposalEvent.objects.exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(f"{NS}:reject", args=[proposal.pk]), {"reason": "Fuera del territorio."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert ProposalEvent.objects.get(proposal=proposal).reason == "Fuera del territorio."
    assert len(mail.outbox) == 1
    assert "Fuera del territorio." in mail.outbox[0].body


def test_refused_action_reports_the_reason_and_changes_nothing(client, call, moderator):
    proposal = submitted(call, status="rejected")
    client.force_login(moderator)
    response = client.post(reverse(f"{NS}:admit", args=[proposal.pk]), {"reason": ""})
    assert response.status_code == 409
    assert "La propuesta ya no está en un estado que lo permita" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert not ProposalEvent.objects.exists()


def test_review_closed_outside_the_review_window(client, site, moderator):
    closed = make_proposal_call(current="voting", code="VOT")
    proposal = submitted(closed)
    client.force_login(moderator)
    response = client.post(reverse(f"{NS}:admit", args=[proposal.pk]))
    assert response.status_code == 409
    assert "La convocatoria no lo permite en su fase actual." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_hide_and_show_again(client, call, moderator, django_capture_on_commit_callbacks):
    proposal = submitted(call, status="admitted")
    client.force_login(moderator)
    hide_url = reverse(f"{NS}:hide", args=[proposal.pk])
    response = client.post(hide_url, {"reason": ""})
    assert response.status_code == 400
    assert "Escriba el motivo de la ocultación" in response.content.decode()
    assert proposal in Proposal.objects.public()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(hide_url, {"reason": "Contiene datos personales de terceros."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.hidden
    assert proposal not in Proposal.objects.public()
    event = ProposalEvent.objects.get(proposal=proposal)
    reason = "Contiene datos personales de terceros."
    assert (event.kind, event.actor, event.reason) == ("hidden", moderator, reason)
    assert len(mail.outbox) == 1
    client.logout()
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "Propuesta ocultada por moderación" in content
    assert "Contiene datos personales de terceros." in content
    assert proposal.title not in client.get(call.proposals_url).content.decode()

    client.force_login(moderator)
    response = client.post(reverse(f"{NS}:show", args=[proposal.pk]), {"reason": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert not proposal.hidden
    assert proposal in Proposal.objects.public()
    assert ProposalEvent.objects.filter(proposal=proposal, kind="shown", actor=moderator).exists()


# --- Bulk actions ------------------------------------------------------------------------------


def test_bulk_admit_reports_the_refused_ones(client, call, moderator, django_capture_on_commit_callbacks):
    first, second = submitted(call), submitted(call)
    rejected = submitted(call, status="rejected")
    client.force_login(moderator)
    url = bulk_url("review_admit", [first, second, rejected], next=index_url())
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert first.title in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": ""}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == index_url()
    for proposal in (first, second, rejected):
        proposal.refresh_from_db()
    assert (first.status, second.status, rejected.status) == ("admitted", "admitted", "rejected")
    assert ProposalEvent.objects.filter(actor=moderator, to_status="admitted").count() == 2
    assert not ProposalEvent.objects.filter(proposal=rejected).exists()
    assert len(mail.outbox) == 2
    content = response.content.decode()
    assert "2 propuestas admitidas." in content
    assert f"{rejected.reference}: La propuesta ya no está en un estado que lo permita" in content


def test_bulk_reject_needs_one_reason_for_all(client, call, moderator, django_capture_on_commit_callbacks):
    proposals = [submitted(call), submitted(call)]
    client.force_login(moderator)
    url = bulk_url("review_reject", proposals, next=index_url())
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200  # the confirmation page again, with the error
    assert "Escriba el motivo: la persona autora lo verá." in response.content.decode()
    assert set(Proposal.objects.values_list("status", flat=True)) == {"submitted"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Duplica otra propuesta."})
    assert response.status_code == 302
    assert set(Proposal.objects.values_list("status", flat=True)) == {"rejected"}
    assert set(ProposalEvent.objects.values_list("reason", flat=True)) == {"Duplica otra propuesta."}
    assert len(mail.outbox) == 2


def test_bulk_hide(client, call, moderator):
    proposals = [submitted(call, status="admitted"), submitted(call, status="admitted")]
    already = submitted(call, status="admitted", hidden=True, hidden_reason="Spam")
    client.force_login(moderator)
    url = bulk_url("review_hide", [*proposals, already], next=index_url())
    response = client.post(url, {"reason": "Publicidad."}, follow=True)
    assert response.status_code == 200
    assert not Proposal.objects.public().exists()
    assert ProposalEvent.objects.filter(kind="hidden").count() == 2
    already.refresh_from_db()
    assert already.hidden_reason == "Spam"
    assert f"{already.reference}: La propuesta ya está oculta." in response.content.decode()


def test_bulk_select_all_in_listing_follows_the_filters(client, call, moderator, site):
    other = make_proposal_call(title="Otra convocatoria", code="OTR")
    mine = [submitted(call), submitted(call)]
    theirs = submitted(other)
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=["propuestas", "proposal", "review_admit"])
    response = client.post(f"{url}?id=all&call={call.pk}&next={index_url()}", {"reason": ""})
    assert response.status_code == 302
    assert {p.status for p in Proposal.objects.filter(pk__in=[p.pk for p in mine])} == {"admitted"}
    theirs.refresh_from_db()
    assert theirs.status == "submitted"


def test_bulk_action_with_bad_ids(client, call, moderator):
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=["propuestas", "proposal", "review_admit"])
    assert client.get(url + "?id=abc").status_code == 404
    assert client.get(url + "?id=999999").status_code == 404


# --- Listing: filters, search, queries, escaping -----------------------------------------------


def _titles(response):
    return response.content.decode()


def test_filters_and_search(client, site, moderator):
    theme_a, theme_b = ThemeFactory(name="Movilidad"), ThemeFactory(name="Residuos")
    north, south = TerritoryFactory(name="Comuna Norte"), TerritoryFactory(name="Comuna Sur")
    call = make_proposal_call(code="PEM", territories=[north, south], theme=theme_a)
    call.themes.add(theme_b)
    other = make_proposal_call(title="Otra", code="OTR")
    bikes = submitted(call, title="Ciclovía escolar", theme=theme_a, territory=north)
    waste = submitted(
        call,
        title="Contenedores soterrados",
        theme=theme_b,
        territory=south,
        summary="Basura en el centro histórico",
    )
    admitted = submitted(call, title="Parque lineal", status="admitted", territory=south)
    hidden = submitted(
        call, title="Anuncio comercial", status="admitted", territory=south, hidden=True, hidden_reason="Spam"
    )
    elsewhere = submitted(other, title="Biblioteca del barrio")
    client.force_login(moderator)
    everything = [bikes, waste, admitted, hidden, elsewhere]

    def shown(query):
        content = client.get(index_url() + query).content.decode()
        return {proposal.title for proposal in everything if proposal.title in content}

    assert shown("") == {p.title for p in everything}
    assert shown(f"?call={other.pk}") == {"Biblioteca del barrio"}
    assert shown(f"?theme={theme_b.pk}") == {"Contenedores soterrados"}
    assert shown(f"?territory={north.pk}") == {"Ciclovía escolar"}
    assert shown(f"?call={call.pk}&territory={south.pk}&status=admitted") == {"Parque lineal", "Anuncio comercial"}
    assert shown(f"?call={call.pk}&territory={south.pk}&status=admitted&hidden=false") == {"Parque lineal"}
    assert shown("?status=submitted") == {"Ciclovía escolar", "Contenedores soterrados", "Biblioteca del barrio"}
    assert shown("?hidden=true") == {"Anuncio comercial"}
    assert shown("?q=ciclov") == {"Ciclovía escolar"}
    assert shown("?q=centro+hist") == {"Contenedores soterrados"}  # summary
    assert shown(f"?q={elsewhere.reference}") == {"Biblioteca del barrio"}
    # The results fragment (search and filters without reloading the page) agrees.
    fragment = client.get(reverse(f"{NS}:index_results") + f"?theme={theme_b.pk}").content.decode()
    assert "Contenedores soterrados" in fragment and "Ciclovía escolar" not in fragment
    # The export follows the filters.
    export = client.get(index_url() + f"?theme={theme_b.pk}&export=csv")
    assert export.status_code == 200
    exported = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Contenedores soterrados" in exported and "Ciclovía escolar" not in exported
    assert "Enviada" in exported
    # A bad filter value is ignored, not an error.
    assert client.get(index_url() + "?call=abc&status=nonsense").status_code == 200


def test_list_query_count_does_not_grow(client, site, moderator):
    calls = [make_proposal_call(code="AAA"), make_proposal_call(title="Segunda", code="BBB")]
    client.force_login(moderator)
    client.get(index_url())  # warm caches (content types, site, permissions)

    def count(total):
        existing = Proposal.objects.count()
        for index in range(existing, total):
            submitted(calls[index % 2], hidden=index % 3 == 0)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(index_url())
        assert response.status_code == 200
        assert response.content.decode().count("data-bulk-action-checkbox") == total
        return len(queries)

    assert count(5) == count(25)


def test_user_text_is_escaped(client, call, moderator):
    proposal = submitted(call, title=XSS_TITLE, summary=XSS_SUMMARY, problem=XSS_SUMMARY, solution=XSS_TITLE)
    ProposalEvent.objects.create(proposal=proposal, from_status="submitted", to_status="submitted", reason=XSS_TITLE)
    client.force_login(moderator)
    pages = [
        client.get(index_url()),
        client.get(index_url() + "?q=script"),
        client.get(reverse(f"{NS}:inspect", args=[proposal.pk])),
        client.get(reverse(f"{NS}:reject", args=[proposal.pk])),
        client.get(bulk_url("review_admit", [proposal])),
    ]
    for response in pages:
        content = response.content.decode()
        assert response.status_code == 200
        assert XSS_TITLE not in content
        assert XSS_SUMMARY not in content
        assert "&lt;script&gt;" in content
    # A refusal reported in a message carries the reason escaped too.
    response = client.post(
        bulk_url("review_hide", [proposal], next=index_url()), {"reason": XSS_TITLE}, follow=True
    )
    assert XSS_TITLE not in response.content.decode()
    response = client.post(
        bulk_url("review_hide", [proposal], next=index_url()), {"reason": "otra vez"}, follow=True
    )
    assert "La propuesta ya está oculta." in response.content.decode()
    client.logout()
    public_page = client.get(proposal.get_absolute_url()).content.decode()
    assert XSS_TITLE not in public_page


def test_inspect_shows_the_whole_proposal(client, call, moderator):
    proposal = submitted(call, address="Calle 10 # 20-30", problem="Un problema concreto", solution="Una solución")
    client.force_login(moderator)
    content = client.get(reverse(f"{NS}:inspect", args=[proposal.pk])).content.decode()
    for text in (
        proposal.reference,
        proposal.title,
        proposal.summary,
        "Un problema concreto",
        "Una solución",
        "Calle 10 # 20-30",
        format_money(proposal.estimated_cost, call.currency),
        str(proposal.territory),
        reverse(f"{NS}:admit", args=[proposal.pk]),
        reverse(f"{NS}:reject", args=[proposal.pk]),
        reverse(f"{NS}:hide", args=[proposal.pk]),
    ):
        assert text in content, text


# --- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_panel_counts_proposals_to_review(client, call, moderator, editor):
    submitted(call)
    submitted(call)
    submitted(call, status="admitted")
    client.force_login(moderator)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Propuestas por revisar" in content
    assert f"?call={call.pk}&amp;status=submitted" in content
    assert ">2</a>" in content
    client.force_login(editor)
    assert "Propuestas por revisar" not in client.get(reverse("wagtailadmin_home")).content.decode()

