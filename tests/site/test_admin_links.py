"""Staff screens link only where the person may go, rows link to what they name, and figures are
written the reader's way.

Each staff role walks every admin page it is shown (the demo data, tests/site/admin_walk.py) and
follows every link: each opens (200, or a redirect to another page that opens), never a 403, 404
or 500, nor a bounce to the dashboard or the sign-in page. The project's own lists give each row
a link to the object it names. In Spanish and in English no page shows a raw long number (money
without its grouping, "180000000"), a score with the other language's decimal mark, nor an ISO
date in its text.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.site.admin_walk import admin_links, demo, language_client, staff_user, visible_text, walk  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["admin", "editor", "evaluator", "coordinator", "moderator"]

#: Seven digits or more not grouped: money or counts printed raw.
RAW_NUMBER = re.compile(r"(?<![\d.,\w])\d{7,}(?![\d.,\w])")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: A figure (a table cell, a score out of 100) with a decimal point in Spanish ("62.5"), or a comma in
#: English ("62,5"). Only whole figures: what people wrote ("1.8 km" in a proposal) stays as written.
# Three digits after the mark are a thousands group ("1.287" in Spanish, "1,287" in English), not decimals.
WRONG_DECIMAL = {
    "es": re.compile(r"^\d{1,3}\.(\d{1,2}|\d{4,})( / 100)?$"),
    "en": re.compile(r"^\d{1,3},(\d{1,2}|\d{4,})( / 100)?$"),
}


def opens(client, url):
    """Whether `url` opens for the signed-in person: 200, possibly after redirects that do not
    end on the dashboard (Wagtail's "permission denied") or the sign-in page."""
    response = client.get(url, follow=True)
    if response.status_code != 200:
        return response.status_code
    for location, _status in response.redirect_chain:
        if location.split("?")[0] in (reverse("wagtailadmin_home"), reverse("account_login")) or "/login/" in location:
            return f"redirected to {location}"
    return 200


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_link_a_role_is_shown_opens(client, demo, role):
    language_client(client, staff_user(role))
    refused, pages = [], 0
    for url, response in walk(client, limit=150):
        if response.status_code == 302:
            outcome = opens(client, url)
            if outcome != 200:
                refused.append((url, outcome))
            continue
        if response.status_code != 200:
            refused.append((url, response.status_code))
            continue
        pages += 1
    assert pages >= 3
    assert not refused, refused


#: The project's own admin lists (name → URL), as a coordinator, an evaluator, an editor or a moderator
#: opens them: every row of their tables carries a link to the object it names.
def project_lists():
    from convocatorias.models import CallPage
    from evaluacion.models import EvaluationAssignment, EvaluationCriterion
    from votaciones.models import BallotBox

    evaluated = EvaluationCriterion.objects.values_list("call_id", flat=True).first()
    call_id = evaluated or CallPage.objects.values_list("pk", flat=True).first()
    criterion = EvaluationCriterion.objects.filter(call_id=call_id).first()
    return {
        "coordinator": [
            reverse("evaluacion:index"), reverse("evaluacion:call", args=[call_id]),
            reverse("evaluacion:ranking", args=[call_id]), reverse("evaluacion:assign", args=[call_id]),
            reverse("evaluacion:move_on", args=[call_id]), reverse("evaluacion:criteria", args=[criterion.call_id]),
            reverse("evaluacion:report_progress"), reverse("evaluacion:report_scored"), "/admin/propuestas/",
        ],
        "evaluator": [reverse("evaluacion:mine"), "/admin/"],
        "editor": [
            reverse("votaciones_admin:sessions"), reverse("votaciones_admin:results"), reverse("seguimiento:index"),
            "/admin/votaciones/alternativas/", "/admin/snippets/convocatorias/theme/", "/admin/snippets/convocatorias/territory/",
            *[reverse("votaciones_admin:call_results", args=[pk]) for pk in BallotBox.objects.values_list("call_id", flat=True).distinct()[:3]],
        ],
        "moderator": ["/admin/propuestas/", "/admin/comentarios/?estado=todos", "/admin/comentarios/"],
        "assignments": EvaluationAssignment.objects.count(),
    }


#: The lists' tables (Wagtail's keyboard-shortcuts dialog is a table too, of keys, not objects).
TABLE = re.compile(r'(?s)<table class="listing[^"]*"[^>]*>(.*?)</table>')
ROW = re.compile(r"(?s)<tbody[^>]*>(.*?)</tbody>")
TR = re.compile(r"(?s)<tr\b[^>]*>(.*?)</tr>")


def test_rows_of_the_project_lists_link_to_what_they_name(client, demo):
    lists = project_lists()
    assert lists.pop("assignments") > 0
    without_link, rows_seen, broken = [], 0, []
    for role, urls in lists.items():
        language_client(client, staff_user(role))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            content = response.content.decode()
            for body in [body for table in TABLE.findall(content) for body in ROW.findall(table)]:
                for row in TR.findall(body):
                    text = re.sub(r"<[^>]+>|\s+", " ", row).strip()
                    if "<td" not in row or "colspan" in row or re.fullmatch(r"[\d\s.,%$—-]*", text):
                        continue  # an empty list's message, or a row of figures that names nothing
                    rows_seen += 1
                    links = admin_links(row) + re.findall(r'href="(/(?!admin/)[^"#]*)[^"]*"', row)
                    if not links:
                        without_link.append((role, url, text[:120]))
                    for link in links[:1]:
                        outcome = opens(client, link)
                        if outcome != 200:
                            broken.append((role, url, link, outcome))
    assert rows_seen >= 20
    assert not without_link, without_link
    assert not broken, broken


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("role", ["admin", "coordinator", "evaluator"])
def test_admin_figures_and_dates_are_written_the_readers_way(client, demo, role, language):
    language_client(client, staff_user(role), language)
    found = {}
    for url, response in walk(client, limit=120):
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for line in visible_text(response.content.decode()):
            if "Wagtail" in line:
                continue  # the version of Wagtail ("8.0.1")
            for name, pattern in (("raw number", RAW_NUMBER), ("ISO date", ISO_DATE), ("decimal mark", WRONG_DECIMAL[language])):
                if pattern.search(line):
                    found.setdefault(f"{name}: {line[:100]}", url)
    assert not found, found


def test_the_evaluation_pages_write_money_and_scores_the_readers_way(client, demo):
    """The pages the class test reads, checked on the figures themselves: the scored report's
    mean ("85,0" / "85.0") and the evaluator's validated cost ("$ 180.000.000 COP")."""
    from evaluacion.models import EvaluationAssignment

    language_client(client, staff_user("coordinator"))
    content = client.get(reverse("evaluacion:report_scored")).content.decode()
    means = re.findall(r"\b(\d{2}[.,]\d)\b", " ".join(visible_text(content)))
    assert means and all("," in mean for mean in means), means
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(reverse("evaluacion:report_scored")).content.decode()
    means = re.findall(r"\b(\d{2}[.,]\d)\b", " ".join(visible_text(content)))
    assert means and all("." in mean for mean in means), means
    assignment = EvaluationAssignment.objects.exclude(validated_cost=None).select_related("proposal__call").first()
    language_client(client, staff_user("coordinator"), "es")
    content = client.get(reverse("evaluacion:decision", args=[assignment.proposal_id])).content.decode()
    assert not RAW_NUMBER.search(" ".join(visible_text(content)))
