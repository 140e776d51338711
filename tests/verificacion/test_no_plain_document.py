"""After a full journey (census import, online verification with a mistake, a request for an
in-person check, desk verification, a desk-bound code and a paper ballot, online and code votes,
the personal-data download, the close and the results), no document number appears in plain
text anywhere: not in any table, any log record (every logger, SQL included), any email, any API
response, nor any page or download of the journey."""

import io
import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.urls import reverse

from convocatorias.models import CallPage, CallPhase
from portal.roles import VERIFIERS, ensure_roles
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.verificacion.test_verification import CODE_RE, HEADER, all_text_columns
from tests.votaciones.factories import make_voting_call
from verificacion.models import Verification
from verificacion.services import document_digest
from votaciones import services as voting
from votaciones.models import Ballot

pytestmark = pytest.mark.django_db

#: The documents of the journey: online, desk-verified (not in the census), desk code, paper.
ONLINE, DESK, CODE, PAPER = "1098765432", "52987654", "7766554433", "88990011"
NUMBERS = (ONLINE, DESK, CODE, PAPER)


def forms_of(number):
    """How a number may be written: plain, with dots every three digits, with spaces."""
    dotted = f"{int(number):,}".replace(",", ".")
    return {number, dotted, dotted.replace(".", " ")}


class _Everything(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}: {text}")


@pytest.fixture
def all_logs():
    """Every log record of every logger at DEBUG, and the SQL with its parameters."""
    handler = _Everything()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    root = logging.getLogger()
    root.addHandler(handler)
    for logger in loggers:
        if not logger.propagate and logger is not root:
            logger.addHandler(handler)
    forced = connection.force_debug_cursor
    connection.force_debug_cursor = True  # django.db.backends logs each query with its parameters
    yield handler.lines
    connection.force_debug_cursor = forced
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled
        if handler in logger.handlers:
            logger.removeHandler(handler)


def test_no_document_number_anywhere_after_a_full_journey(client, site, all_logs, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    pages = []

    def keep(response):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        pages.append((response.request["PATH_INFO"], content.decode("utf-8", "replace")))
        return response

    villa, belen = TerritoryFactory(name="Villa Hermosa", code="08"), TerritoryFactory(name="Belén", code="16")
    call, box, proposals = make_voting_call(
        territories=[villa, belen],
        vote_requirement=CallPage.VoteRequirement.VERIFIED_TERRITORY,
        hide_counts_until_close=False,
        slug="presupuesto-verificado",
    )
    session = voting.create_session(box=box, user=None, name="Taller", place="Biblioteca")
    verifier = UserFactory(email="verificadora@example.org", is_staff=True)
    ensure_roles()
    verifier.groups.add(Group.objects.get(name=VERIFIERS))

    # 1. The census (with the numbers written as people write them).
    client.force_login(verifier)
    census = HEADER + "CC,1.098.765.432,1984-03-21,08\nCC,7766554433,1970-05-05,Villa Hermosa\nCC,88 990 011,1990-01-01,08\n"
    upload = io.BytesIO(census.encode())
    upload.name = "padron.csv"
    keep(client.post(reverse("verificacion_admin:census"), {"scope": "Padrón 2026", "file": upload}))
    keep(client.get(reverse("verificacion_admin:census")))

    # 2. A citizen verifies online (after a mistake) and votes.
    citizen = UserFactory(email="vecina@example.org")
    client.force_login(citizen)
    keep(client.post(reverse("verificacion:verify"), {"document_type": "CC", "number": ONLINE, "birth_date": "1984-03-22"}))
    keep(client.post(reverse("verificacion:verify"), {"document_type": "CC", "number": ONLINE, "birth_date": "1984-03-21"}, follow=True))
    assert Verification.objects.filter(user=citizen).exists()
    ballot_url = reverse("votaciones:ballot", args=[box.pk])
    keep(client.post(ballot_url, {"choice": [proposals[0].pk], "step": "confirm"}, follow=True))
    keep(client.get(reverse("profile_export")))

    # 3. Someone not in the census asks for an in-person check; the desk verifies them.
    newcomer = UserFactory(email="recien-llegada@example.org")
    client.force_login(newcomer)
    keep(client.post(reverse("verificacion:request_in_person"), {"message": "Me mudé en enero"}, follow=True))
    client.force_login(verifier)
    desk = reverse("verificacion_admin:desk")
    keep(client.get(reverse("verificacion_admin:requests")))
    keep(client.post(desk, {
        "desk_action": "verify", "verify-email": newcomer.email, "verify-document_type": "CC", "verify-number": DESK,
        "verify-territory": villa.pk, "verify-birth_date": "1992-02-02", "verify-place": "Biblioteca",
    }))
    assert Verification.objects.filter(user=newcomer).exists()
    # The same document again (refused) and a malformed one (the form's error, number blanked).
    keep(client.post(desk, {"desk_action": "lookup", "session": session.pk, "lookup-document_type": "CC", "lookup-number": DESK}))
    keep(client.post(desk, {"desk_action": "lookup", "session": session.pk, "lookup-document_type": "CC", "lookup-number": "52#987"}))

    # 4. A person without an account gets a desk-bound code and votes with it; another votes on paper.
    issued = keep(client.post(desk, {"desk_action": "record", "session": session.pk, "record-document_type": "CC", "record-number": CODE, "record-action": "code"}))
    code = CODE_RE.search(issued.content.decode()).group(0)
    keep(client.post(desk, {"desk_action": "record", "session": session.pk, "record-document_type": "CC", "record-number": CODE, "record-action": "paper"}))
    keep(client.post(desk, {"desk_action": "record", "session": session.pk, "record-document_type": "CC", "record-number": PAPER, "record-action": "paper"}))
    client.logout()
    keep(client.post(reverse("votaciones:code"), {"code": code}))
    keep(client.post(reverse("votaciones:code_ballot"), {"choice": [proposals[1].pk], "step": "confirm"}, follow=True))
    assert Ballot.objects.filter(box=box).count() == 2

    # 5. Emails: a password reset and the newcomer's data download go through the mail too.
    keep(client.post(reverse("account_reset_password"), {"email": citizen.email}))
    client.force_login(newcomer)
    keep(client.get(reverse("profile_export")))

    # 6. The close: results, statistics, the API.
    CallPhase.objects.filter(call=call).update(starts_at=F("starts_at") - timedelta(days=7), ends_at=F("ends_at") - timedelta(days=7))
    call = CallPage.objects.get(pk=call.pk)
    cache.clear()
    client.logout()
    for url in (call.url, call.results_url, reverse("estadisticas:call", kwargs={"key": call.slug}), reverse("estadisticas:overall")):
        keep(client.get(url))
    api = []
    for name in ("convocatoria", "propuesta", "resultado", "territorio"):
        response = client.get(reverse(f"api:{name}-list"))
        assert response.status_code == 200, name
        api.append(response.content.decode())
    api.append(client.get(reverse("api:convocatoria-detail", args=[call.pk])).content.decode())

    # The scan.
    emails = []
    for message in mail.outbox:
        emails.append(message.subject + "\n" + message.body)
        emails.extend(content for content, _type in getattr(message, "alternatives", []))
        emails.extend(str(attachment) for attachment in message.attachments)
    assert mail.outbox, "the journey sends at least the password-reset email"
    # The scan sees what it must: the SQL with its parameters (the keyed hash, never the number).
    assert any(document_digest("CC", ONLINE) in line for line in all_logs if line.startswith("django.db.backends"))
    places = {
        "tables": all_text_columns(),
        "logs": all_logs,
        "emails": emails,
        "api": api,
        "pages": [content for _path, content in pages],
    }
    for number in NUMBERS:
        for written in forms_of(number):
            for where, texts in places.items():
                found = [text[:200] for text in texts if written in text]
                assert not found, f"{written} in {where}: {found[:3]}"
