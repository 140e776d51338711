"""The Wagtail admin speaks Spanish to staff unless they choose English.

Wagtail's Spanish catalog leaves many admin strings in English ("12 Pages", "Search all pages…",
"Go to the first error"); the project completes it in locale/es (django.po and, for the admin's
JavaScript, djangojs.po), which LOCALE_PATHS put ahead of the apps' catalogs.

The class test walks every admin page each staff role is shown, in Spanish, and fails when any
message of Wagtail's own catalogs is looked up without a Spanish translation, or when a known
English admin string is on the page. English-preferring staff get English.
"""

import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.users.models import UserProfile

from tests.site.admin_walk import demo, language_client, staff_user, visible_text, walk  # noqa: F401
from tests.site.test_english_chrome import spanish_chrome

pytestmark = pytest.mark.django_db

#: English admin strings seen in the Spanish admin before the catalog was completed, and the
#: commonest of Wagtail's words: none may be read on a Spanish admin page.
ENGLISH = [
    "Dashboard", "Pages", "Page", "Edit", "Delete", "Save draft", "Publish", "Search all pages…",
    "Go to the first error", "Keyboard shortcuts", "Show keyboard shortcuts", "Toggle minimap",
    "Actions", "Sort by", "More options for", "Show filters", "Filter by", "Search…", "Date updated",
    "Edited by", "Page type", "Has child pages", "First published", "Content metrics",
    "Reading time", "Readability", "Save your changes before leaving", "Last login",
    "Access level", "Exploring", "Locking", "Grid layout", "List layout", "Usage count",
    "Search terms", "Page types usage", "There are no", "No results", "Sorry", "Choose",
    "Cancel", "Add child page", "View live", "Live", "Draft", "Status", "History", "Preview",
]
#: English that no catalog can translate, on the superuser's configuration screens: the names of
#: Wagtail's permissions, stored in the database in English by its migrations (the group editor
#: lists them), and the label of the workflow form's page field, derived from the field's name.
UNTRANSLATABLE = re.compile(r"^(Núcleo Wagtail \| .* \| .*|Page)$")
UNTRANSLATABLE_ON = ("/admin/groups/", "/admin/workflows/")

ENGLISH_WORD = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")

WAGTAIL_DIR = Path(wagtail.__file__).resolve().parent
PO_MSGID = re.compile(r'^msgid ((?:".*"\n)+)', re.M)


def wagtail_msgids():
    """Every message of Wagtail's own catalogs (the English source catalogs list them all)."""
    msgids = set()
    for po in WAGTAIL_DIR.glob("**/locale/en/LC_MESSAGES/django*.po"):
        for block in PO_MSGID.findall(po.read_text(encoding="utf-8")):
            msgid = "".join(re.findall(r'"(.*)"', block)).encode().decode("unicode_escape").encode("latin-1").decode()
            if msgid:
                msgids.add(msgid)
    return msgids


@pytest.fixture
def untranslated(monkeypatch):
    """Wagtail's messages looked up in Spanish that no catalog translates."""
    wagtail_messages = wagtail_msgids()
    found = {}
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def record(self, key, msgid):
        if self.language() == "es" and msgid in wagtail_messages and key not in self._catalog:
            found.setdefault(msgid, where[0])

    def spy_gettext(self, message):
        record(self, message, message.split("\x04")[-1])
        return gettext(self, message)

    def spy_ngettext(self, singular, plural, number):
        record(self, (singular, 0), singular.split("\x04")[-1])
        return ngettext(self, singular, plural, number)

    where = [None]
    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", spy_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", spy_ngettext)
    return found, where


def test_admin_languages_are_spanish_and_english_spanish_by_default(demo):
    assert settings.WAGTAILADMIN_PERMITTED_LANGUAGES == [("es", "Español"), ("en", "English")]
    assert settings.LANGUAGE_CODE == "es"
    assert settings.LOCALE_PATHS[0].is_dir()
    profile = UserProfile.get_for_user(staff_user("editor"))
    assert profile.preferred_language == ""
    with translation.override("es"):
        assert profile.get_preferred_language() == "es"


def test_the_project_catalog_completes_wagtails_with_its_plurals(demo):
    with translation.override("es"):
        assert translation.gettext("Search all pages…") == "Buscar en todas las páginas…"
        assert translation.gettext("Go to the first error") == "Ir al primer error"
        pages = '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>'
        plural = '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>'
        assert translation.ngettext(pages, plural, 1).startswith("%(total)s página ")
        assert translation.ngettext(pages, plural, 12).startswith("%(total)s páginas ")
        # Wagtail's own translations stay (the project's catalog adds, it does not replace).
        assert translation.gettext("Dashboard") != "Dashboard"
    with translation.override("en"):
        assert translation.gettext("Search all pages…") == "Search all pages…"


def test_the_admin_javascript_catalog_is_spanish_with_spanish_plurals(client, demo):
    language_client(client, staff_user("editor"))
    catalog = client.get("/admin/jsi18n/").content.decode()
    assert "Guardando autom\\u00e1ticamente\\u2026" in catalog or "Guardando automáticamente…" in catalog
    assert "n % 1000000 == 0" in catalog  # the plural rule of Django's and Wagtail's Spanish
    assert '"%(num)s error": [' in catalog


@pytest.mark.parametrize("role", ["admin", "editor", "evaluator", "coordinator", "moderator"])
def test_every_admin_page_of_each_role_is_in_spanish(client, demo, untranslated, role):
    found, where = untranslated
    language_client(client, staff_user(role))
    english, pages = {}, 0
    start = ("/admin/", "/admin/pages/search/?q=parque", "/admin/users/?q=ana")
    for url, response in walk(client, start=start):
        where[0] = url
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        pages += 1
        content = response.content.decode()
        assert '<html lang="es"' in content or "<html" not in content, url
        for line in visible_text(content):
            if url.startswith(UNTRANSLATABLE_ON) and UNTRANSLATABLE.match(line):
                continue
            if ENGLISH_WORD.search(line):
                english.setdefault(line, url)
    assert pages >= 3
    assert not found, f"Wagtail messages without Spanish: {found}"
    assert not english, f"English on Spanish admin pages: {english}"


def test_form_errors_in_the_admin_are_spanish(client, demo, untranslated):
    found, where = untranslated
    language_client(client, staff_user("editor"))
    where[0] = "theme form"
    response = client.post("/admin/snippets/convocatorias/theme/add/", {"name": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ir al primer error" in content and "Go to the first error" not in content
    assert not [line for line in visible_text(content) if ENGLISH_WORD.search(line)]
    assert not found, found


def written_by_editors():
    """Titles and names editors wrote (pages, capsules, themes, territories): content stays as written."""
    from convocatorias.models import Territory, Theme
    from portal.models import Capsule
    from evaluacion.models import EvaluationCriterion
    from wagtail.models import Page

    return {
        *EvaluationCriterion.objects.values_list("name", flat=True),
        *EvaluationCriterion.objects.values_list("description", flat=True),
        *Page.objects.values_list("title", flat=True),
        *Capsule.objects.values_list("title", flat=True),
        *Theme.objects.values_list("name", flat=True),
        *Territory.objects.values_list("name", flat=True),
    }


@pytest.mark.parametrize("how", ["switcher", "preference"])
@pytest.mark.parametrize("role", ["editor", "coordinator"])
def test_staff_who_choose_english_get_the_admin_in_english(client, demo, role, how):
    """English chosen with the site's language switcher, or as the admin preference."""
    user = staff_user(role)
    if how == "preference":
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
    language_client(client, user, "en" if how == "switcher" else None)
    spanish = spanish_chrome() - written_by_editors()
    found, pages = {}, 0
    for url, response in walk(client, limit=60):
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        pages += 1
        content = response.content.decode()
        assert '<html lang="en"' in content, url
        for line in visible_text(content):
            if line in spanish and line != "Español":
                found.setdefault(line, url)
    assert pages >= 3
    assert not found, f"Spanish on English admin pages: {found}"
    home = client.get("/admin/").content.decode()
    assert "Search all pages…" in home or "Search all pages" in home
