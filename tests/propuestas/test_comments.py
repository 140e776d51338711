"""Comments on proposals: who may post and when, threads, reactions, reports, moderation,
follow-up emails, escaping, rate limit, admin permissions and query counts."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG, XtdComment

from propuestas import comments as service
from propuestas import selectors
from propuestas.comments import CommentForm
from propuestas.models import Proposal
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

XSS_PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]
HIDDEN_NOTICE = "Este comentario fue ocultado por moderación."


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limit lives in the cache; user ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def proposal(site):
    return ProposalFactory(call=make_proposal_call(current="intake"))


def form_data(proposal, text="Muy buena idea para el barrio.", *, reply_to=0, followup=False):
    form = CommentForm(proposal)
    data = {key: form.initial[key] for key in ("content_type", "object_pk", "timestamp", "security_hash")}
    data.update({"comment": text, "reply_to": reply_to, "honeypot": ""})
    if followup:
        data["followup"] = "on"
    return data


def post_comment(client, proposal, text="Muy buena idea para el barrio.", **kwargs):
    return client.post(reverse("comments-post-comment"), form_data(proposal, text, **kwargs))


def make_comment(proposal, user, text="Un comentario.", *, parent=None, followup=False):
    """A comment written directly (the same object the post view creates)."""
    from django.contrib.contenttypes.models import ContentType

    comment = XtdComment(
        content_type=ContentType.objects.get_for_model(Proposal),
        object_pk=str(proposal.pk),
        site_id=1,
        user=user,
        user_name=str(user.public_name),
        user_email=user.email,
        comment=text,
        followup=followup,
        parent_id=parent.pk if parent else 0,
    )
    comment.save()
    return comment


def proposal_comments(proposal):
    return XtdComment.objects.filter(object_pk=str(proposal.pk))


def detail(client, proposal):
    return client.get(reverse("propuestas:detail", args=[proposal.pk]))


# --- Posting -----------------------------------------------------------------------------------


def test_confirmed_user_posts_and_the_count_goes_up(client, citizen, proposal):
    client.force_login(citizen)
    response = post_comment(client, proposal, "Me parece necesaria.\nSobre todo en la escuela.")
    comment = proposal_comments(proposal).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("propuestas:detail", args=[proposal.pk]) + f"#c{comment.pk}"
    assert comment.user == citizen
    assert comment.user_name == "Ciudadana"  # the public name, never the email
    assert comment.user_url == ""
    proposal.refresh_from_db()
    assert proposal.comments_count == 1
    page = detail(client, proposal).content.decode()
    assert "Me parece necesaria.<br>Sobre todo en la escuela." in page
    assert f'id="c{comment.pk}"' in page


def test_the_name_and_email_in_the_form_are_ignored(client, citizen, proposal):
    client.force_login(citizen)
    data = form_data(proposal)
    data.update({"name": "Otra persona", "email": "otra@example.org", "url": "https://spam.example"})
    client.post(reverse("comments-post-comment"), data)
    comment = proposal_comments(proposal).get()
    assert (comment.user_name, comment.user_email, comment.user_url) == ("Ciudadana", citizen.email, "")


def test_anonymous_is_sent_to_login_and_nothing_is_created(client, proposal):
    response = post_comment(client, proposal)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not proposal_comments(proposal).exists()
    assert "Inicie sesión para comentar" in detail(client, proposal).content.decode()


def test_unconfirmed_user_is_refused_with_a_message(client, proposal):
    user = UserFactory(verified=False)
    client.force_login(user)
    response = post_comment(client, proposal)
    assert response.status_code == 302
    assert not proposal_comments(proposal).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Confirme su correo electrónico para comentar." in page
    assert "Confirme su correo para comentar." in page  # the notice instead of the form


@pytest.mark.parametrize("phase", ["announced", "technical_evaluation", "results"])
def test_comments_are_closed_outside_the_comment_phases(client, citizen, site, phase):
    proposal = ProposalFactory(call=make_proposal_call(current=phase))
    client.force_login(citizen)
    response = post_comment(client, proposal)
    assert response.status_code == 302
    assert not proposal_comments(proposal).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Los comentarios están cerrados en esta fase de la convocatoria." in page
    assert 'name="comment"' not in page


@pytest.mark.parametrize("phase", ["intake", "review", "supports", "voting"])
def test_comments_are_open_in_the_comment_phases(client, citizen, site, phase):
    proposal = ProposalFactory(call=make_proposal_call(current=phase))
    client.force_login(citizen)
    assert post_comment(client, proposal).status_code == 302
    assert proposal_comments(proposal).count() == 1


def test_a_hidden_proposal_takes_no_comments(client, citizen, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(hidden=True)
    client.force_login(citizen)
    post_comment(client, proposal)
    assert not proposal_comments(proposal).exists()


def test_the_moderator_refuses_what_the_view_would_refuse(rf, proposal):
    """Defence in depth: even a direct call to django-comments' view is refused."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.middleware import SessionMiddleware
    from django_comments.views.comments import post_comment as library_post_comment

    user = UserFactory(verified=False)
    request = rf.post(reverse("comments-post-comment"), form_data(proposal))
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    request._dont_enforce_csrf_checks = True
    response = library_post_comment(request)
    assert response.status_code == 400
    request.user = AnonymousUser()
    assert library_post_comment(request).status_code == 400
    assert not proposal_comments(proposal).exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Escriba su comentario: no puede estar vacío."),
        ("   \n  ", "Escriba su comentario: no puede estar vacío."),
        ("x" * 3001, "El comentario puede tener como máximo 3000 caracteres (tiene 3001)."),
    ],
)
def test_bad_comments_get_a_spanish_400(client, citizen, proposal, text, message):
    client.force_login(citizen)
    response = post_comment(client, proposal, text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not proposal_comments(proposal).exists()


def test_an_expired_or_tampered_form_gets_a_400_and_keeps_the_text(client, citizen, proposal):
    client.force_login(citizen)
    data = form_data(proposal, "Mi texto largo y pensado")
    data["timestamp"] = str(int(data["timestamp"]) - 3 * 3600)
    response = client.post(reverse("comments-post-comment"), data)
    assert response.status_code == 400
    assert "El formulario caducó" in response.content.decode()
    assert "Mi texto largo y pensado" in response.content.decode()
    data = form_data(proposal)
    data["security_hash"] = "0" * 40
    assert client.post(reverse("comments-post-comment"), data).status_code == 400
    assert not proposal_comments(proposal).exists()


def test_a_post_without_a_proposal_is_a_400(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("comments-post-comment"), {"comment": "hola"})
    assert response.status_code == 400
    response = client.post(
        reverse("comments-post-comment"), {"comment": "hola", "content_type": "auth.user", "object_pk": citizen.pk}
    )
    assert response.status_code == 400


def test_a_double_click_posts_once(client, citizen, proposal):
    client.force_login(citizen)
    post_comment(client, proposal, "Una sola vez")
    response = post_comment(client, proposal, "Una sola vez")
    assert response.status_code == 302
    assert proposal_comments(proposal).count() == 1


def test_get_on_the_post_address_is_not_allowed(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("comments-post-comment")).status_code == 405


# --- Threads -----------------------------------------------------------------------------------


def test_replies_go_three_levels_deep_and_no_further(client, citizen, proposal):
    other = UserFactory()
    root = make_comment(proposal, other, "Nivel 0")
    client.force_login(citizen)
    assert post_comment(client, proposal, "Nivel 1", reply_to=root.pk).status_code == 302
    level_1 = proposal_comments(proposal).get(comment="Nivel 1")
    assert level_1.level == 1
    assert post_comment(client, proposal, "Nivel 2", reply_to=level_1.pk).status_code == 302
    level_2 = proposal_comments(proposal).get(comment="Nivel 2")
    assert level_2.level == 2 and level_2.thread_id == root.pk

    response = post_comment(client, proposal, "Nivel 3", reply_to=level_2.pk)
    assert response.status_code == 400
    assert "tres niveles" in response.content.decode()
    assert not proposal_comments(proposal).filter(comment="Nivel 3").exists()

    page = detail(client, proposal).content.decode()
    # A reply form for levels 0 and 1, none for level 2.
    assert f'name="reply_to" value="{root.pk}"' in page
    assert f'name="reply_to" value="{level_1.pk}"' in page
    assert f'name="reply_to" value="{level_2.pk}"' not in page
    assert client.get(reverse("comments-xtd-reply", args=[level_1.pk])).status_code == 200
    assert client.get(reverse("comments-xtd-reply", args=[level_2.pk])).status_code == 302


def test_a_reply_to_another_proposals_comment_is_refused(client, citizen, proposal, site):
    elsewhere = ProposalFactory(call=proposal.call)
    foreign = make_comment(elsewhere, UserFactory())
    client.force_login(citizen)
    response = post_comment(client, proposal, "Cruzado", reply_to=foreign.pk)
    assert response.status_code == 400
    assert not proposal_comments(proposal).exists()


def test_replies_to_a_hidden_comment_are_refused(client, citizen, moderator, proposal):
    root = make_comment(proposal, UserFactory())
    service.set_comment_hidden(comment=root, user=moderator, hidden=True)
    client.force_login(citizen)
    assert post_comment(client, proposal, "Respuesta", reply_to=root.pk).status_code == 400


# --- Reactions and reports ---------------------------------------------------------------------


def test_like_and_dislike_toggle(client, citizen, proposal):
    comment = make_comment(proposal, UserFactory())
    client.force_login(citizen)
    like = reverse("comments-xtd-like", args=[comment.pk])
    dislike = reverse("comments-xtd-dislike", args=[comment.pk])

    response = client.post(like)
    assert response.status_code == 302 and response["Location"].endswith(f"#c{comment.pk}")
    assert CommentFlag.objects.filter(comment=comment, user=citizen, flag=LIKEDIT_FLAG).exists()
    client.post(dislike)  # replaces the like
    flags = set(CommentFlag.objects.filter(comment=comment, user=citizen).values_list("flag", flat=True))
    assert flags == {DISLIKEDIT_FLAG}
    client.post(dislike)  # undoes it
    assert not CommentFlag.objects.filter(comment=comment, user=citizen).exists()
    client.post(like)
    page = detail(client, proposal).content.decode()
    assert "Me gusta <span aria-hidden=\"true\">·</span> 1" in page
    assert client.get(like).status_code == 200  # a confirmation page for links


def test_reactions_need_a_confirmed_account_and_an_open_phase(client, site):
    closed = ProposalFactory(call=make_proposal_call(current="results"))
    comment = make_comment(closed, UserFactory())
    like = reverse("comments-xtd-like", args=[comment.pk])
    assert reverse("account_login") in client.post(like)["Location"]
    client.force_login(UserFactory(verified=False))
    client.post(like)
    client.force_login(UserFactory())
    client.post(like)
    assert not CommentFlag.objects.filter(comment=comment).exists()


def test_flag_creates_one_report(client, citizen, proposal):
    comment = make_comment(proposal, UserFactory())
    client.force_login(citizen)
    url = reverse("comments-flag", args=[comment.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Reportar este comentario" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    client.post(url)
    assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).count() == 1


def test_flag_needs_a_signed_in_confirmed_account(client, proposal):
    comment = make_comment(proposal, UserFactory())
    url = reverse("comments-flag", args=[comment.pk])
    assert reverse("account_login") in client.get(url)["Location"]
    assert reverse("account_login") in client.post(url)["Location"]
    client.force_login(UserFactory(verified=False))
    client.post(url)
    assert not CommentFlag.objects.filter(comment=comment).exists()


def test_comments_on_a_draft_are_not_reachable(client, citizen, site):
    draft = ProposalFactory(call=make_proposal_call(), status="draft")
    comment = make_comment(draft, UserFactory())
    client.force_login(citizen)
    assert client.get(reverse("comments-flag", args=[comment.pk])).status_code == 404


# --- Moderation --------------------------------------------------------------------------------


def test_moderator_hides_a_comment(client, moderator, proposal):
    author = UserFactory()
    comment = make_comment(proposal, author, "Texto ofensivo")
    reply = make_comment(proposal, UserFactory(), "Una respuesta", parent=comment)
    proposal.refresh_from_db()
    assert proposal.comments_count == 2
    client.force_login(moderator)
    response = client.post(reverse("propuestas_comments:hide", args=[comment.pk]), {"reason": "Insultos"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_removed
    proposal.refresh_from_db()
    assert proposal.comments_count == 1
    client.logout()
    page = detail(client, proposal).content.decode()
    assert HIDDEN_NOTICE in page
    assert "Texto ofensivo" not in page
    assert "Una respuesta" in page  # the replies stay
    reply.refresh_from_db()
    assert reply.is_public

    client.force_login(moderator)
    client.post(reverse("propuestas_comments:show", args=[comment.pk]))
    comment.refresh_from_db()
    proposal.refresh_from_db()
    assert not comment.is_removed and proposal.comments_count == 2


def test_non_moderators_cannot_hide(client, citizen, editor, proposal):
    comment = make_comment(proposal, UserFactory())
    url = reverse("propuestas_comments:hide", args=[comment.pk])
    assert client.post(url).status_code == 302
    for user in (citizen, editor):
        client.force_login(user)
        response = client.post(url)
        assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert not comment.is_removed
    with pytest.raises(service.CommentRefused):
        service.set_comment_hidden(comment=comment, user=citizen, hidden=True)


def test_resolving_reports_clears_them_and_keeps_the_comment(client, moderator, proposal):
    comment = make_comment(proposal, UserFactory())
    for _ in range(2):
        service.flag_comment(comment=comment, user=UserFactory())
    client.force_login(moderator)
    listing = client.get(reverse("propuestas_comments:index"))
    assert comment.comment in listing.content.decode()
    client.post(reverse("propuestas_comments:resolve", args=[comment.pk]))
    assert not CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).exists()
    assert CommentFlag.objects.filter(comment=comment, user=moderator, flag=CommentFlag.MODERATOR_APPROVAL).exists()
    comment.refresh_from_db()
    assert not comment.is_removed
    # The reported filter no longer lists it; "all" does.
    assert comment.comment not in client.get(reverse("propuestas_comments:index")).content.decode()
    all_comments = client.get(reverse("propuestas_comments:index"), {"estado": "todos"})
    assert comment.comment in all_comments.content.decode()


def test_the_admin_listing_filters_and_searches(client, moderator, proposal):
    hidden = make_comment(proposal, UserFactory(), "Ocultable")
    make_comment(proposal, UserFactory(), "Arborización del parque")
    service.set_comment_hidden(comment=hidden, user=moderator, hidden=True)
    client.force_login(moderator)
    url = reverse("propuestas_comments:index")
    page = client.get(url, {"estado": "ocultos"}).content.decode()
    assert "Ocultable" in page and "Arborización" not in page
    page = client.get(url, {"estado": "todos", "q": "arboriz"}).content.decode()
    assert "Arborización" in page and "Ocultable" not in page
    page = client.get(url, {"estado": "nada", "propuesta": "x", "p": "zz"})
    assert page.status_code == 200


@pytest.mark.parametrize(
    "role, allowed",
    [("anonymous", False), ("citizen", False), ("editor", False), ("evaluator", False), ("moderator", True), ("admin", True)],
)
def test_admin_moderation_permissions(client, user_by_role, moderator, proposal, role, allowed):
    comment = make_comment(proposal, UserFactory(), "Comentario a moderar")
    service.flag_comment(comment=comment, user=UserFactory())
    user = moderator if role == "moderator" else user_by_role[role]
    if user:
        client.force_login(user)
    response = client.get(reverse("propuestas_comments:index"))
    if allowed:
        assert response.status_code == 200
        assert "Comentario a moderar" in response.content.decode()
    else:
        assert response.status_code == 302
        assert "Comentario a moderar" not in response.content.decode()
    client.post(reverse("propuestas_comments:hide", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.is_removed is allowed


def test_the_admin_menu_shows_comments_to_moderators_only(client, moderator, editor):
    url = reverse("propuestas_comments:index")
    client.force_login(moderator)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- Follow-up emails --------------------------------------------------------------------------


def test_followup_email_goes_to_earlier_commenters_who_asked(
    client, citizen, proposal, django_capture_on_commit_callbacks
):
    follower = UserFactory(email="sigue@example.org", display_name="Seguidora")
    make_comment(proposal, follower, "Quiero saber más", followup=True)
    make_comment(proposal, UserFactory(email="callada@example.org"), "No me avisen")
    make_comment(proposal, citizen, "Yo también sigo", followup=True)  # the new author follows too
    mail.outbox.clear()
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, proposal, "Nueva opinión")
    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients == ["sigue@example.org"]
    message = mail.outbox[0]
    assert proposal.title in message.subject
    assert "Nueva opinión" in message.body
    assert "Ciudadana" in message.body
    assert citizen.email not in message.body
    assert "http://testserver/comentarios/mute/" in message.body

    # The mute link works and stops the emails.
    mute_path = message.body.split("http://testserver")[-1].split()[0]
    client.logout()
    assert client.get(mute_path).status_code == 200
    mail.outbox.clear()
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, proposal, "Otra más")
    assert "sigue@example.org" not in [address for message in mail.outbox for address in message.to]


# --- Escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_escaped_everywhere(client, moderator, proposal, payload, django_capture_on_commit_callbacks):
    follower = UserFactory(email="sigue@example.org")
    make_comment(proposal, follower, "Sigo esto", followup=True)
    author = UserFactory(display_name=payload[:50])
    client.force_login(author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_comment(client, proposal, f"Hola {payload} fin").status_code == 302
    comment = proposal_comments(proposal).get(user=author)
    service.flag_comment(comment=comment, user=follower)

    def assert_escaped(html):
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x onerror" not in html
        assert 'href="javascript:' not in html
        assert "Hola " in html

    page = detail(client, proposal).content.decode()
    assert_escaped(page)
    if payload.startswith("<script"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.force_login(moderator)
    assert_escaped(client.get(reverse("propuestas_comments:index")).content.decode())
    for view in ("comments-flag", "comments-xtd-like", "comments-xtd-reply"):
        client.force_login(follower)
        assert_escaped(client.get(reverse(view, args=[comment.pk])).content.decode())
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert_escaped(html)
    assert f"Hola {payload} fin" in message.body  # plain text stays as written


def test_an_error_page_escapes_the_text(client, citizen, proposal):
    client.force_login(citizen)
    response = post_comment(client, proposal, "<script>alert(1)</script>" + "x" * 3000)
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()


# --- Rate limit --------------------------------------------------------------------------------


def test_posting_is_rate_limited(client, citizen, proposal, settings):
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "comment": (3, 3600)}
    client.force_login(citizen)
    for number in range(3):
        assert post_comment(client, proposal, f"Comentario {number}").status_code == 302
    response = post_comment(client, proposal, "Uno de más")
    assert response.status_code == 429
    assert proposal_comments(proposal).count() == 3


# --- Query counts ------------------------------------------------------------------------------


def _add_comments(proposal, count):
    users = [UserFactory() for _ in range(3)]
    roots = []
    for number in range(count):
        user = users[number % 3]
        if number % 3 == 0 or not roots:
            roots.append(make_comment(proposal, user, f"Comentario {number}"))
        else:
            make_comment(proposal, user, f"Respuesta {number}", parent=roots[-1])
    flagger = UserFactory()
    for root in roots:
        CommentFlag.objects.create(comment=root, user=flagger, flag=LIKEDIT_FLAG)


def _count_queries(client, proposal):
    detail(client, proposal)  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as queries:
        response = detail(client, proposal)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "citizen", "moderator"])
def test_the_proposal_page_runs_the_same_queries_for_3_and_30_comments(
    client, site, citizen, moderator, who, django_assert_num_queries
):
    call = make_proposal_call()
    few = ProposalFactory(call=call)
    many = ProposalFactory(call=call)
    _add_comments(few, 3)
    _add_comments(many, 30)
    if who != "anonymous":
        client.force_login(citizen if who == "citizen" else moderator)
    expected = _count_queries(client, few)
    detail(client, many)
    with django_assert_num_queries(expected):
        response = detail(client, many)
    assert response.content.decode().count('class="comment"') == 30


def test_comment_tree_runs_two_queries(site, proposal, django_assert_num_queries):
    _add_comments(proposal, 30)
    with django_assert_num_queries(2):
        roots = selectors.comment_tree(proposal)
    assert len(roots) == 10 and all(len(root.children) == 2 for root in roots)
