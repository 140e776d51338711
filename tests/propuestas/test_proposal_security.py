"""Uploads checked by content, user text escaped everywhere, constant queries, and concurrency."""

import io
import struct
import threading
import uuid
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from propuestas import services
from propuestas.models import Proposal, ProposalDocument, ProposalImage, Support
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call
from tests.propuestas.test_proposals import form_data

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 48), color=(30, 120, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's header)."""
    data = bytearray(png_bytes((1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_with_files(client, call, **files):
    data = form_data(call)
    data.update(files)
    return client.post(call.new_proposal_url, data)


def test_valid_images_and_pdfs_are_stored(client, site, citizen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_proposal_call()
    client.force_login(citizen)
    response = post_with_files(
        client,
        call,
        images=[SimpleUploadedFile("calle.png", png_bytes(), "image/png")],
        documents=[SimpleUploadedFile("presupuesto.pdf", PDF, "application/pdf")],
    )
    assert response.status_code == 302
    image = ProposalImage.objects.get()
    assert (image.width, image.height) == (64, 48)
    assert ProposalDocument.objects.get().title == "presupuesto"


@pytest.mark.parametrize(
    "field, name, content, message",
    [
        ("images", "foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "no es una imagen válida"),
        ("images", "foto.png", png_bytes()[:60], "no es una imagen válida"),
        ("images", "bomba.png", png_claiming(30_000, 30_000), "megapíxeles"),
        ("images", "texto.png", b"<svg onload=alert(1)></svg>", "no es una imagen válida"),
        ("documents", "bases.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "no es un documento PDF válido"),
        ("documents", "bases.pdf", png_bytes(), "no es un documento PDF válido"),
    ],
)
def test_bad_uploads_are_refused_by_content(client, site, citizen, settings, tmp_path, field, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    call = make_proposal_call()
    client.force_login(citizen)
    response = post_with_files(client, call, **{field: [SimpleUploadedFile(name, content)]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists() and not ProposalImage.objects.exists()


def test_oversized_uploads_and_too_many_files_are_refused(client, site, citizen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PROPOSAL_IMAGE_MAX_BYTES = 1000
    call = make_proposal_call()
    client.force_login(citizen)
    big = SimpleUploadedFile("grande.png", png_bytes((400, 400), (1, 2, 3)) + b"\x00" * 2000, "image/png")
    response = post_with_files(client, call, images=[big])
    assert response.status_code == 400 and "el máximo es" in response.content.decode()
    settings.PROPOSAL_IMAGE_MAX_BYTES = 5 * 1024 * 1024
    six = [SimpleUploadedFile(f"{n}.png", png_bytes(), "image/png") for n in range(6)]
    response = post_with_files(client, call, images=six)
    assert response.status_code == 400 and "como máximo 5 imágenes" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_pdf_over_ten_megabytes_is_refused(client, site, citizen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_proposal_call()
    client.force_login(citizen)
    huge = SimpleUploadedFile("anexo.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF", "application/pdf")
    response = post_with_files(client, call, documents=[huge])
    assert response.status_code == 400 and "el máximo es 10" in response.content.decode()


# --- Escaping ----------------------------------------------------------------------------------

XSS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}<b>negrita</b>",
]


@pytest.mark.parametrize("payload", XSS)
def test_user_text_is_escaped_in_pages_feed_and_emails(client, site, citizen, payload, django_capture_on_commit_callbacks):
    from django.core import mail

    call = make_proposal_call()
    citizen.display_name = payload
    citizen.save()
    group = services.create_group(user=citizen, name=payload, description=payload)
    proposal = ProposalFactory(
        call=call,
        author=citizen,
        group=group,
        status="draft",
        title=payload[:150],
        summary=payload,
        problem=payload,
        solution=payload,
        beneficiaries_description=payload,
        address=payload,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(proposal=proposal, user=citizen)
    client.force_login(citizen)
    pages = [
        client.get(proposal.get_absolute_url()).content.decode(),
        client.get(call.proposals_url).content.decode(),
        client.get(reverse("propuestas:participation")).content.decode(),
        client.get(group.get_absolute_url()).content.decode(),
        client.get(call.proposals_feed_url).content.decode(),
    ]
    for page in pages:
        for dangerous in ("<script>alert", "<img src=x", "<svg/onload", "<b>negrita"):
            assert dangerous not in page
    body = mail.outbox[-1].body
    assert payload[:40] in body  # plain text email: shown as text, never as HTML
    assert not mail.outbox[-1].alternatives


# --- Constant queries --------------------------------------------------------------------------


def _clone(template, count):
    proposals = []
    for n in range(count):
        proposals.append(
            Proposal(
                call=template.call,
                author=template.author,
                title=f"Propuesta número {n}",
                summary=template.summary,
                problem=template.problem,
                solution=template.solution,
                beneficiaries_count=10 + n,
                beneficiaries_description="Vecinos",
                theme=template.theme,
                territory=template.territory,
                estimated_cost=1000 + n,
                status="admitted",
                reference=f"CLN-{uuid.uuid4().hex[:12]}",
                creation_token=uuid.uuid4(),
                supports_count=n % 17,
            )
        )
    Proposal.objects.bulk_create(proposals)


def _count_queries(client, url):
    client.get(url)  # warm caches (content types, site root)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("suffix", ["", "?order=supports", "?order=random&pagina=2", "?q=Propuesta"])
def test_list_page_queries_do_not_grow_with_proposals(client, site, citizen, suffix, django_assert_num_queries):
    call = make_proposal_call()
    template = ProposalFactory(call=call)
    ProposalImage.objects.create(proposal=template, file="propuestas/x.png", width=1, height=1)
    _clone(template, 10)
    client.force_login(citizen)
    few = _count_queries(client, call.proposals_url + suffix)
    _clone(template, 490)
    many = _count_queries(client, call.proposals_url + suffix)
    assert few == many
    with django_assert_num_queries(few):
        client.get(call.proposals_url + suffix)


def test_detail_page_queries_do_not_grow_with_proposals(client, site, citizen, django_assert_max_num_queries):
    call = make_proposal_call(current="supports")
    template = ProposalFactory(call=call)
    _clone(template, 10)
    client.force_login(citizen)
    few = _count_queries(client, template.get_absolute_url())
    _clone(template, 490)
    for n in range(5):
        Support.objects.create(proposal=template, user=UserFactory())
    many = _count_queries(client, template.get_absolute_url())
    assert few == many
    with django_assert_max_num_queries(few):
        client.get(template.get_absolute_url())


# --- Concurrency (PostgreSQL: real concurrent connections) -------------------------------------

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrent connections need PostgreSQL"
)


def _in_threads(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_supports_leave_exactly_one(site):
    call = make_proposal_call(current="supports")
    proposal = ProposalFactory(call=call)
    person = UserFactory()
    person = type(person).objects.get(pk=person.pk)

    def support(_index):
        services.support_proposal(proposal=proposal, user=type(person).objects.get(pk=person.pk))

    errors = _in_threads(20, support)
    assert not errors, errors
    proposal.refresh_from_db()
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert proposal.supports_count == 1


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_get_distinct_consecutive_references(site):
    call = make_proposal_call()
    drafts = [ProposalFactory(call=call, status="draft") for _ in range(10)]

    def submit(index):
        draft = drafts[index]
        services.submit_proposal(proposal=draft, user=type(draft.author).objects.get(pk=draft.author_id))

    errors = _in_threads(10, submit)
    assert not errors, errors
    references = sorted(Proposal.objects.filter(call=call).values_list("reference", flat=True))
    assert len(set(references)) == 10
    assert [reference.rsplit("-", 1)[1] for reference in references] == [f"{n:04d}" for n in range(1, 11)]
