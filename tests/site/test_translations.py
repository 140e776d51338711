"""The English catalog is complete, compiled and used.

Source strings are Spanish; locale/en/LC_MESSAGES/django.po must translate every one of them and
the committed django.mo (fresh machines may have no GNU gettext) must match the .po. The .po is
read with a small parser so that no extra package is needed at test time.
"""

import ast
import gettext as gnu_gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from tests.convocatorias.factories import make_call, schedule_around

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# Top-level folders whose strings are not part of the site (see the makemessages call in the
# project's translation workflow: --ignore=.venv --ignore=static --ignore=node_modules ...).
NOT_TRANSLATED = {".venv", "venv", "static", "node_modules", "benchmarks", "tests", "locale",
                  "scripts", "media", "staticfiles"}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# A tiny .po reader
# ---------------------------------------------------------------------------------------------


def _unquote(text):
    """A PO string literal (C escapes) to its value: '"a\\"b"' -> 'a"b'."""
    return ast.literal_eval(text)


def parse_po(path):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (str or {n: str}),
    flags (set), line. Obsolete entries (#~) and the header (empty msgid) are left out."""
    entries = []
    entry = None
    field = None

    def start(line_number):
        nonlocal entry
        if entry is not None and "msgid" in entry:
            entries.append(entry)
        entry = {"flags": set(), "line": line_number}

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if entry is not None and "msgid" in entry:
                start(number)
            field = None
            continue
        if line.startswith("#~"):
            field = None
            continue
        if line.startswith("#"):
            if entry is None or "msgstr" in entry or "msgid" in entry:
                start(number)
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
            continue
        keyword, _, literal = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and (entry is None or "msgstr" in entry):
            start(number)
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            entry.setdefault("msgstr", {})
            field = ("msgstr", int(match.group(1)))
            entry["msgstr"][field[1]] = _unquote(literal)
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            field = keyword
            entry[field] = _unquote(literal)
        else:  # pragma: no cover - a malformed catalog
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    if entry is not None and "msgid" in entry:
        entries.append(entry)
    return [e for e in entries if e["msgid"] != ""]


def _key(entry):
    return (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))


def _translations(entry):
    msgstr = entry.get("msgstr", "")
    return list(msgstr.values()) if isinstance(msgstr, dict) else [msgstr]


@pytest.fixture(scope="module")
def po_entries():
    assert PO_PATH.exists(), f"{PO_PATH} is missing: run makemessages -l en"
    return parse_po(PO_PATH)


# ---------------------------------------------------------------------------------------------
# The catalog
# ---------------------------------------------------------------------------------------------


def test_parser_reads_the_catalog(po_entries):
    assert len(po_entries) > 100
    by_id = {e["msgid"]: e for e in po_entries}
    assert by_id["Convocatorias abiertas"]["msgstr"] == "Open calls"
    plural = next(e for e in po_entries if e.get("msgid_plural"))
    assert set(plural["msgstr"]) == {0, 1}


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    untranslated = [
        f"line {e['line']}: {e['msgid']!r}"
        for e in po_entries
        if not all(t.strip() for t in _translations(e))
        or (e.get("msgid_plural") and len(e["msgstr"]) < 2)
    ]
    fuzzy = [f"line {e['line']}: {e['msgid']!r}" for e in po_entries if "fuzzy" in e["flags"]]
    assert not untranslated, "Untranslated entries:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy entries (review them and remove the flag):\n" + "\n".join(fuzzy)


def test_header_is_not_fuzzy_and_declares_english():
    text = PO_PATH.read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert "#, fuzzy" not in header
    assert '"Language: en\\n"' in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sdif]")


def _placeholders(text):
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text.replace("%%", "")))


def test_translations_keep_the_placeholders(po_entries):
    wrong = []
    for entry in po_entries:
        if entry.get("msgid_plural"):
            # The singular may drop the count ("One result"), but may not invent a placeholder.
            allowed = set(_placeholders(entry["msgid"]) + _placeholders(entry["msgid_plural"]))
            ok = set(_placeholders(entry["msgstr"][0])) <= allowed and _placeholders(
                entry["msgstr"][1]
            ) == _placeholders(entry["msgid_plural"])
        else:
            ok = _placeholders(entry["msgstr"]) == _placeholders(entry["msgid"])
        if not ok:
            wrong.append(f"{entry['msgid']!r} -> {entry['msgstr']!r}")
    assert not wrong, "Placeholders differ:\n" + "\n".join(wrong)


def test_compiled_catalog_matches_the_po(po_entries):
    """A stale django.mo (the .po edited but not compiled) would serve old or no translations."""
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run compilemessages -l en"
    with MO_PATH.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    assert compiled.info().get("language") == "en"
    stale = []
    for entry in po_entries:
        ctx, msgid, plural = _key(entry)
        if plural:
            got = [compiled.npgettext(ctx, msgid, plural, n) if ctx else compiled.ngettext(msgid, plural, n)
                   for n in (1, 2)]  # fmt: skip
            want = [entry["msgstr"][0], entry["msgstr"][1]]
        else:
            got = compiled.pgettext(ctx, msgid) if ctx else compiled.gettext(msgid)
            want = entry["msgstr"]
        if got != want:
            stale.append(f"{msgid!r}: .mo has {got!r}, .po has {want!r}")
    assert not stale, "django.mo is out of date; run compilemessages -l en:\n" + "\n".join(stale)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalog_covers_every_source_string(po_entries, tmp_path, monkeypatch):
    """Extract the strings again (makemessages on a copy of the code, so the real catalog is not
    touched) and check that each one is in the committed catalog."""
    copy = tmp_path / "src"
    copy.mkdir()
    for child in ROOT.iterdir():
        if child.is_dir() and child.name not in NOT_TRANSLATED and not child.name.startswith("."):
            shutil.copytree(
                child,
                copy / child.name,
                ignore=shutil.ignore_patterns("static", "node_modules", "__pycache__", "locale"),
            )
    locale_dir = copy / "locale"
    locale_dir.mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[str(locale_dir)]):
        call_command("makemessages", locale=["en"], verbosity=0, no_location=True)
    extracted = parse_po(locale_dir / "en" / "LC_MESSAGES" / "django.po")
    assert extracted, "makemessages found no strings"
    known = {_key(e) for e in po_entries}
    missing = sorted(e["msgid"] for e in extracted if _key(e) not in known)
    assert not missing, (
        "Strings missing from locale/en/LC_MESSAGES/django.po; run makemessages -l en, translate "
        "them and compilemessages:\n" + "\n".join(missing)
    )


# ---------------------------------------------------------------------------------------------
# At run time
# ---------------------------------------------------------------------------------------------


def test_english_is_served_from_the_project_catalog():
    assert ROOT / "locale" in [Path(p) for p in settings.LOCALE_PATHS]
    with translation.override("en"):
        assert translation.gettext("Convocatorias abiertas") == "Open calls"
        assert translation.gettext("Recepción de propuestas") == "Proposal intake"
        assert translation.gettext("Método de Partes Iguales (add1)") == "Method of Equal Shares (add1)"
        assert translation.ngettext(
            "%(counter)s resultado para «%(query)s»", "%(counter)s resultados para «%(query)s»", 2
        ) == "%(counter)s results for “%(query)s”"
    with translation.override("es"):
        assert translation.gettext("Convocatorias abiertas") == "Convocatorias abiertas"


@pytest.mark.django_db
def test_home_page_in_english(client, site):
    make_call(title="X", phases=schedule_around())
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Open calls" in html
    assert "Proposal intake" in html
    assert "Convocatorias abiertas" not in html
    assert "Recepción de propuestas" not in html
