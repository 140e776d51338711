"""Walking the Wagtail admin as a member of staff: the demo data (`seed_demo`, loaded once per test
module inside a transaction that is rolled back), the staff accounts of each role, and a walk that
follows every link of the admin a person is shown (the page's links and the sidebar's menu),
reading at most two pages of each shape (`/admin/pages/<id>/edit/` counts once per two ids).

Shared by tests/site/test_admin_spanish.py and tests/site/test_admin_links.py.
"""

import html
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

#: The demo's staff accounts (portal/demo.py), one per role.
STAFF = {
    "admin": "admin@participa.test",
    "editor": "editor@participa.test",
    "evaluator": "evaluador@participa.test",
    "coordinator": "coordinacion@participa.test",
    "moderator": "moderacion@participa.test",
}

#: Links the walk does not follow: they act (sign out, delete, void, count, export…), are bulk
#: forms needing ids, files, or Wagtail's own machinery (choosers, JavaScript catalogue, previews).
SKIP = re.compile(
    r"/(logout|delete|eliminar|anular|anular-codigo|retirar|unpublish|lock|unlock|copy|move|revert|"
    r"workflow|convert_alias|calcular|codigos|bulk|jsi18n|icons|chooser|usage|preview|"
    r"sites/new|groups/new|users/new)\b|\.(pdf|csv|xlsx)\b|[?&]export=|[?&](ordering|p)="
)
HREF = re.compile(r'href="(/admin/[^"#]*)[^"]*"')
#: The sidebar is drawn by JavaScript from JSON props in the page.
MENU_URL = re.compile(r'&quot;url&quot;: &quot;(/admin/[^&#]*)&quot;|"url": "(/admin/[^"#]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site loaded once for the module; everything is rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def staff_user(role):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=STAFF[role])


def admin_links(content):
    links = [html.unescape(href) for href in HREF.findall(content)]
    for a, b in MENU_URL.findall(content):
        links.append(html.unescape((a or b).replace("\\/", "/")))
    return links


def walk(client, *, start=("/admin/",), per_shape=2, limit=120):
    """Yield (url, response) for every admin page reachable from `start` by GET links."""
    shapes, seen, queue = {}, set(), list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        yield url, response
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in admin_links(response.content.decode()):
            if SKIP.search(link) or link in seen:
                continue
            shape = re.sub(r"\d+", "#", link)
            shapes[shape] = shapes.get(shape, 0) + 1
            if shapes[shape] <= per_shape:
                queue.append(link)


def visible_text(content):
    """What a person reads or hears: text outside scripts, styles, templates and form fields'
    hidden data, plus the accessible labels, titles and placeholders."""
    content = re.sub(r"(?s)<(script|style|template|textarea)\b.*?</\1>", "", content)
    labels = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', content)
    lines = html.unescape(re.sub(r"<[^>]+>", "\n", content)).splitlines()
    return [line.strip() for line in lines + [html.unescape(label) for label in labels] if line.strip()]


def language_client(client, user, language=None):
    """`client` signed in as `user`; `language` "en" chooses English with the site's switcher."""
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
