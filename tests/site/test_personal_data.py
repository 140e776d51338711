"""A person's data: every model that holds it is covered by the download and by the deletion.

The models are found, not listed: every model with a relation to the user model (and every model
with an email field) must be declared by a source of `portal.personal_data`; a new one fails here
until its app says how it is exported and what deleting an account does to it. Then a person who
did everything (proposal, group, support, comment, reaction, ballot, follow) downloads all of it,
and after deleting the account neither their email nor their name is left in any text column of
any table.
"""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import models
from django.urls import reverse
from django.utils import timezone

from banco.models import ProjectFollow
from portal import personal_data, services
from propuestas.models import GroupMembership, ProposalGroup, Support
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory
from tests.votaciones.factories import make_voting_call
from votaciones.services import cast_online_ballot

EMAIL = "zqx.persona.unica@example.org"
NAME = "Zqxnombre Únicoapellido"


def models_with_personal_data():
    """Labels of every model with a relation to the user model, or an email field of its own."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if field.model is not model and not model._meta.auto_created:
                continue  # inherited or reverse: counted where it is declared
            if field.is_relation and field.concrete and field.related_model is user_model:
                found.add(model._meta.label)
            elif field.is_relation and field.many_to_many and not field.auto_created and field.related_model is user_model:
                found.add(model._meta.label)
            elif isinstance(field, models.EmailField):
                found.add(model._meta.label)
    return found


def test_every_model_holding_personal_data_is_covered():
    missing = models_with_personal_data() - personal_data.covered_models()
    assert not missing, (
        "Models with personal data that no portal.personal_data source covers (register them "
        f"in their app's personal_data.py: how they are exported and erased): {sorted(missing)}"
    )


def test_every_source_is_exported_or_says_why_not():
    for source in personal_data.sources():
        assert source.export or str(source.note), source.key
    assert {"proposals", "groups", "supports", "comments", "ballots", "follows"} <= {
        source.key for source in personal_data.sources() if source.export
    }


def test_models_kept_after_deletion_hold_no_copy_of_the_person_unless_erased():
    """A model that survives the deletion of its user (SET_NULL / DO_NOTHING) and keeps a text
    copy of who they were (an email field, a name) must have an eraser."""
    by_model = {label: source for source in personal_data.sources() for label in source.models}
    user_model = get_user_model()
    unerased = []
    for model in apps.get_models():
        kept = [
            field for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is user_model
            and field.remote_field.on_delete is not models.CASCADE
        ]  # fmt: skip
        copies = [
            field for field in model._meta.concrete_fields
            if isinstance(field, models.EmailField) or field.name in {"user_name", "author_name", "name_of_user"}
        ]  # fmt: skip
        if kept and copies and not by_model[model._meta.label].erase:
            unerased.append(model._meta.label)
    assert not unerased, f"kept without their person but with a copy of their name or email: {unerased}"


@pytest.fixture
def active_person(db, site):
    """A person who did one of everything the platform keeps."""
    from django_comments.models import CommentFlag
    from django_comments_xtd.models import XtdComment

    person = UserFactory(email=EMAIL, display_name=NAME)
    call, box, proposals = make_voting_call()
    own = ProposalFactory(call=call, author=person, territory=box.territory)
    group = ProposalGroup.objects.create(name="Colectivo del barrio", created_by=person)
    GroupMembership.objects.create(group=group, user=person, role=GroupMembership.Role.COORDINATOR)
    Support.objects.create(proposal=proposals[0], user=person)
    ProjectFollow.objects.create(proposal=proposals[1], user=person)
    from avisos.models import Event, Follow, Notification, Preferences

    Follow.objects.create(user=person, call=call)
    Preferences.objects.create(user=person, emails=False)
    event = Event.objects.create(key="datos:1", kind="phase_opened", call=call, subject="Empezó la fase", body="Texto")
    Notification.objects.create(user=person, event=event)
    comment = XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(own),
        object_pk=str(own.pk),
        site=Site.objects.get_current(),
        user=person,
        user_name=NAME,
        user_email=EMAIL,
        user_url="https://example.org/zqx",
        ip_address="203.0.113.9",
        comment="Me parece una gran idea.",
        submit_date=timezone.now(),
    )
    CommentFlag.objects.create(comment=comment, user=person, flag="I liked it", flag_date=timezone.now())
    ballot, receipt = cast_online_ballot(box=box, user=person, choices={proposals[0].pk: 1})
    from talleres.models import Participation, Workshop

    workshop = Workshop.objects.create(title="Taller del barrio", starts_at=timezone.now())
    Participation.objects.create(workshop=workshop, user=person, attended=True)
    return {"person": person, "proposal": own, "comment": comment, "receipt": receipt, "box": box}


def test_download_contains_everything(client, active_person):
    person = active_person["person"]
    client.force_login(person)
    response = client.get(reverse("profile_export"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert [p["title"] for p in data["proposals"]] == [active_person["proposal"].title]
    assert data["groups"][0]["name"] == "Colectivo del barrio" and data["groups"][0]["created_by_you"]
    assert len(data["supports"]) == 1
    assert data["comments"][0]["comment"] == "Me parece una gran idea."
    assert data["comment_reactions"][0]["flag"] == "I liked it"
    assert data["ballots"][0]["receipt"] == active_person["receipt"]
    assert len(data["ballots"][0]["choices"]) == 1
    assert len(data["follows"]) == 1
    # Every exported source has its section, and it is not empty for this person.
    for source in personal_data.sources():
        if source.export and source.key not in {"mfa"}:
            assert data.get(source.key), source.key


def _text_columns_containing(needle):
    """(model, field) of every text column of every table that contains `needle`."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):  # EmailField is a CharField
                if model._default_manager.filter(**{f"{field.attname}__icontains": needle}).exists():
                    hits.append(f"{model._meta.label}.{field.name}")
    return hits


def test_deleting_the_account_leaves_neither_email_nor_name(active_person):
    person = active_person["person"]
    # Before: the probe finds them (the comment copies both), so an empty result below means something.
    assert "django_comments.Comment.user_email" in _text_columns_containing(EMAIL)
    services.delete_account(user=person)
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    assert _text_columns_containing(EMAIL) == []
    assert _text_columns_containing(NAME) == []
    assert _text_columns_containing("203.0.113.9") == []
    comment = type(active_person["comment"]).objects.get(pk=active_person["comment"].pk)
    assert (comment.user_id, comment.user_name, comment.user_email, comment.user_url) == (None, "", "", "")
    assert comment.comment == "Me parece una gran idea."  # the thread keeps its text


def test_a_deleted_author_shows_as_deleted_account(client, active_person):
    services.delete_account(user=active_person["person"])
    page = client.get(active_person["proposal"].get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cuenta eliminada" in html
    assert NAME not in html and EMAIL not in html
