"""Content-Security-Policy without 'unsafe-inline', PDFs that carry scripts, and how uploads are
served.

- Every public page (every URL pattern outside the admin and every published page and sub-route,
  walked as in test_bad_addresses) as anonymous and as a citizen: the strict policy is sent and
  the HTML has no inline script, no <style> block, no style= attribute and no on…= handler.
- Every template of the project (the admin's included) is read for the same, e-mails aside
  (mail clients need inline styles and never see the policy).
- A PDF with /JS, /JavaScript, /OpenAction, /AA or /Launch, written plainly, with #xx escapes or
  inside a compressed stream, is refused at upload with a Spanish message.
- Uploads are served with nosniff and a sandboxing policy, and as attachments unless images.
"""

import re
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from propuestas.models import Proposal, ProposalDocument
from propuestas.uploads import pdf_active_content
from tests.site.test_bad_addresses import addresses, routable_subpages, template_url, world  # noqa: F401
from tests.propuestas.test_proposal_security import PDF, png_bytes, post_with_files
from tests.propuestas.factories import make_proposal_call

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "home", "convocatorias", "propuestas", "votaciones", "banco"]
#: <script type=…> values that are data, never run (and so outside script-src).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects what a strict Content-Security-Policy would block in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style= on <{tag}>: {value!r}")
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in <{tag} {name}>")
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.problems.append(f"inline <script {attributes}>")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.problems


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def public_addresses(world):
    found, _skipped = addresses(world)
    good = []
    for label, url, placeholders in found:
        if url.startswith("/admin/"):
            continue
        for param, placeholder in placeholders.items():
            url = url.replace(placeholder, _good(world, label, param))
        good.append(url)
    call_url = world["call"].relative_url(None)
    for route in routable_subpages():
        good.append(call_url + route.replace("987654321", str(world["box"].territory_id)).replace("zqxplaceholder", "csv"))
    return good


def _good(world, label, param):
    from tests.site.test_bad_addresses import good_values

    return good_values(world, label, param)[0]


@pytest.mark.parametrize("role", ["anonymous", "citizen"])
def test_every_public_page_runs_under_a_strict_policy(role, world, citizen):
    client = Client(raise_request_exception=False)
    if role == "citizen":
        client.force_login(citizen)
    checked, problems = 0, []
    for url in public_addresses(world):
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        policy = response.get("Content-Security-Policy", "")
        if "script-src 'self'" not in policy or "'unsafe-inline'" in policy or "style-src 'self'" not in policy:
            problems.append(f"{url}: policy {policy!r}")
        problems += [f"{url}: {problem}" for problem in inline_code(response.content.decode())]
    assert checked > 25, "the walk must reach the site's pages"
    assert not problems, "\n".join(problems)


def test_the_admin_gets_its_own_relaxed_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "object-src 'none'" in response["Content-Security-Policy"]


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------


def project_templates():
    for app in APPS:
        for path in (ROOT / app / "templates").rglob("*.html"):
            relative = path.relative_to(ROOT).as_posix()
            if "/emails/" in relative or "/email_" in relative or relative.endswith(("_email.html", ".txt")):
                continue  # e-mail: inline styles are what mail clients understand; no CSP there
            yield relative, path.read_text(encoding="utf-8")


TEMPLATE_PROBLEMS = [
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "on…= handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def test_no_template_needs_unsafe_inline():
    problems = []
    for relative, text in project_templates():
        for pattern, what in TEMPLATE_PROBLEMS:
            if pattern.search(text):
                problems.append(f"{relative}: {what}")
        for match in SCRIPT_TAG.finditer(text):
            attributes = match.group(1)
            if "src=" not in attributes and not any(kind in attributes for kind in DATA_SCRIPT_TYPES):
                problems.append(f"{relative}: inline <script{attributes}>")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# PDFs with scripts
# ---------------------------------------------------------------------------------------------


def pdf_with(body):
    return b"%PDF-1.4\n" + body + b"\ntrailer<<>>\n%%EOF\n"


def compressed_object_stream(text):
    data = zlib.compress(text)
    return b"5 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(data) + data + b"\nendstream endobj"


ACTIVE_PDFS = {
    "JS": pdf_with(b"1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj"),
    "JavaScript names": pdf_with(b"1 0 obj<</Names<</JavaScript 2 0 R>>>>endobj"),
    "OpenAction": pdf_with(b"1 0 obj<</Type/Catalog/OpenAction 3 0 R>>endobj"),
    "AA": pdf_with(b"1 0 obj<</Type/Page/AA<</O 4 0 R>>>>endobj"),
    "Launch": pdf_with(b"1 0 obj<</S/Launch/F(calc.exe)>>endobj"),
    "escaped name": pdf_with(b"1 0 obj<</S/J#61vaScript/J#53(app.alert(1))>>endobj"),
    "in a compressed stream": pdf_with(compressed_object_stream(b"4 0 <</S/JavaScript/JS(app.alert(1))>>")),
}


@pytest.mark.parametrize("name", list(ACTIVE_PDFS))
def test_pdf_scripts_are_found(name):
    assert pdf_active_content(ACTIVE_PDFS[name])


def test_plain_pdfs_have_no_active_content():
    assert not pdf_active_content(PDF)
    assert not pdf_active_content(pdf_with(b"1 0 obj<</Type/Catalog/AAPL 2/JSON(x)/Pages 2 0 R>>endobj"))
    assert not pdf_active_content(pdf_with(compressed_object_stream(b"4 0 <</Type/Page/MediaBox[0 0 612 792]>>")))


@pytest.mark.parametrize("name", ["JS", "OpenAction", "in a compressed stream"])
def test_a_pdf_with_a_script_is_refused_at_upload(client, site, citizen, name):
    call = make_proposal_call()
    client.force_login(citizen)
    upload = SimpleUploadedFile("bases.pdf", ACTIVE_PDFS[name], "application/pdf")
    response = post_with_files(client, call, documents=[upload])
    assert response.status_code == 400
    assert "contiene JavaScript o acciones automáticas" in response.content.decode()
    assert not Proposal.objects.exists() and not ProposalDocument.objects.exists()


# ---------------------------------------------------------------------------------------------
# Serving uploads
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, inline",
    [
        ("propuestas/fotos/calle.png", png_bytes(), True),
        ("propuestas/documentos/bases.pdf", PDF, False),
        ("propuestas/documentos/pagina.html", b"<script>alert(1)</script>", False),
        ("propuestas/fotos/dibujo.svg", b"<svg onload='alert(1)'></svg>", False),
        ("propuestas/documentos/sin-extension", b"<html><script>alert(1)</script>", False),
    ],
)
def test_uploads_are_served_without_sniffing_and_non_images_as_attachments(client, db, name, content, inline):
    stored = default_storage.save(name, ContentFile(content))
    response = client.get(f"/media/{stored}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]
    if inline:
        assert not response.get("Content-Disposition", "").startswith("attachment")
        assert response["Content-Type"].startswith("image/")
    else:
        assert response["Content-Disposition"].startswith("attachment")
        assert not response["Content-Type"].startswith(("text/html", "image/svg"))


def test_missing_or_outside_uploads_are_404(client, db):
    assert client.get("/media/no-existe.png").status_code == 404
    assert client.get("/media/../portal/settings/base.py").status_code == 404
