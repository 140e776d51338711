"""Demo content for `manage.py seed_demo`, taken from the seed documents (IMPLAN Torreón and
Medellín's Departamento Administrativo de Planeación).

The editorial text lives in YAML files under `demo/data/` (one file per kind of content, one per
call), which editors can read and change; this module loads them into the plain structures the
command writes to the database idempotently. StreamField content is written in the files as a
list of blocks (``- heading: …``, ``- paragraph: …``, ``- list: […]``, ``- faq: {…}``) and given
here in Wagtail's raw JSON form (``{"type": ..., "value": ...}``), so that it can be compared with
what is stored.

Facts (figures, dates, names, norms) come from the seeds; connecting phrases are neutral. The
rules, amounts and dates of the two *open* calls are illustrative and the pages say so.
"""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from portal.roles import COORDINATORS as COORDINATORS_GROUP  # noqa: F401 (used by the command)
from portal.roles import EDITORS as EDITORS_GROUP  # noqa: F401
from portal.roles import EVALUATORS as EVALUATORS_GROUP  # noqa: F401
from portal.roles import MODERATORS as MODERATORS_GROUP  # noqa: F401

DATA = Path(__file__).resolve().parent / "data"

TORREON_TZ = ZoneInfo("America/Monterrey")

DEMO_PASSWORD = "participa-demo-2026"

#: Real total of Medellín's participatory budget ceilings (seed 004), in whole pesos.
MEDELLIN_PP_TOTAL = 251_265_148_208


def load(name):
    """The content of the YAML file `name` under `demo/data/`."""
    with (DATA / name).open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


# --- raw StreamField helpers ------------------------------------------------------------------


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def bullet_list(items, *, intro=None, ordered=False):
    tag = "ol" if ordered else "ul"
    html = "".join(f"<li>{item}</li>" for item in items)
    prefix = f"<p>{intro}</p>" if intro else ""
    return paragraph(f"{prefix}<{tag}>{html}</{tag}>")


def block(item):
    """One block of a data file in raw StreamField form: ``heading`` (with an optional ``level``),
    ``list`` (items, optional ``intro`` and ``ordered``: a paragraph with the list), or any block
    type of the page written as ``{type: value}`` (paragraph, quote, faq, calendar…)."""
    if "heading" in item:
        return heading(item["heading"], item.get("level", "h2"))
    if "list" in item:
        return bullet_list(item["list"], intro=item.get("intro"), ordered=item.get("ordered", False))
    ((kind, value),) = item.items()
    return {"type": kind, "value": value}


def blocks(items):
    return [block(item) for item in items]


# --- themes and territories -------------------------------------------------------------------

#: (slug, name, description): the six thematic tables of the Plan Estratégico Metropolitano
#: (seed 003), then the themes the pedagogical content and the Medellín call need.
THEMES = [(theme["slug"], theme["name"], theme["description"]) for theme in load("themes.yaml")]
#: The six mesas temáticas of the Plan Estratégico Metropolitano.
PEM_THEMES = [slug for slug, _, _ in THEMES[:6]]

_territories = load("territories.yaml")
MEDELLIN_COMUNAS = [(row["code"], row["name"]) for row in _territories["medellin_comunas"]]
MEDELLIN_CORREGIMIENTOS = [(row["code"], row["name"]) for row in _territories["medellin_corregimientos"]]
#: First stage of the «Indicadores Básicos por Colonia» (seed 002).
TORREON_COLONIAS = _territories["torreon_colonias"]
#: The four main municipalities of the Zona Metropolitana de La Laguna (seed 003: «talleres por
#: municipio» of the Plan Estratégico Metropolitano), the territories of the PEM call.
ZML_MUNICIPALITIES = _territories["zml_municipalities"]

#: (municipality, kind, code, name) of every demo territory.
TERRITORIES = (
    [("Medellín", "comuna", code, name) for code, name in MEDELLIN_COMUNAS]
    + [("Medellín", "corregimiento", code, name) for code, name in MEDELLIN_CORREGIMIENTOS]
    + [("Torreón", "colonia", "", name) for name in TORREON_COLONIAS]
    + [(name, "municipio", "", name) for name in ZML_MUNICIPALITIES]
)

#: Illustrative weights for splitting the real total among territories: a base of 100 grown by
#: the average increase of the last five years (seed 004): 50 % for comunas, 85 % for
#: corregimientos.
COMUNA_WEIGHT = 150
CORREGIMIENTO_WEIGHT = 185


def medellin_ceilings(total=MEDELLIN_PP_TOTAL):
    """[(kind, code, name, ceiling)] for the 21 territories; the ceilings add up to `total`
    exactly (the remainder of the integer division goes to the last territory)."""
    rows = [("comuna", code, name, COMUNA_WEIGHT) for code, name in MEDELLIN_COMUNAS] + [
        ("corregimiento", code, name, CORREGIMIENTO_WEIGHT)
        for code, name in MEDELLIN_CORREGIMIENTOS
    ]
    weights = sum(weight for *_, weight in rows)
    ceilings = [total * weight // weights for *_, weight in rows]
    ceilings[-1] += total - sum(ceilings)
    return [(kind, code, name, ceiling) for (kind, code, name, _), ceiling in zip(rows, ceilings)]


def territory(key):
    """A territory of the data files, [municipality, kind, name], as the command's lookup key."""
    return tuple(key)


_TRC = "Torreón", "colonia"
CENTRO = (*_TRC, "Centro Histórico / Primitivo Centro")
COBIAN = (*_TRC, "Primera de Cobián")
MODERNA = (*_TRC, "Moderna")
TORREON_VIEJO = (*_TRC, "Torreón Viejo")
TORREON_JARDIN = (*_TRC, "Torreón Jardín")


# --- home page, site settings, index pages ----------------------------------------------------

_site = load("site.yaml")
HOME = _site["home"]
SITE_SETTINGS = _site["site_settings"]
#: Main navigation: (label, English label, page key or None, url).
NAVIGATION = [(link["label"], link["label_en"], link["page"], link["url"]) for link in _site["navigation"]]
CALL_INDEX = _site["call_index"]
GUIDE_INDEX = _site["guide_index"]


# --- pedagogy: cápsulas del saber and the guides of «Aprende» ---------------------------------

CAPSULES = load("capsules.yaml")
GUIDES = [{**guide, "body": blocks(guide["body"])} for guide in load("guides.yaml")]


# --- calls (convocatorias) --------------------------------------------------------------------


def _torreon(text):
    """A date and time of the data files ("YYYY-MM-DD HH:MM"), local time of Torreón."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TORREON_TZ)


def _call(data):
    """A call of `demo/data/calls/` in the command's form: phases and events as tuples, either
    with fixed dates (``phases``, ``events``) or in days from today (``relative_…``)."""
    fields = dict(data["fields"])
    for name in ("intro", "bases"):
        if name in fields:
            fields[name] = blocks(fields[name])
    if data["territories"] == "medellin_ceilings":
        territories = [(("Medellín", kind, name), ceiling) for kind, _code, name, ceiling in medellin_ceilings()]
    else:
        territories = [(territory(row["territory"]), row["ceiling"]) for row in data["territories"]]
    call = {
        "slug": data["slug"],
        "title": data["title"],
        "fields": fields,
        "themes": data["themes"],
        "territories": territories,
    }
    if "phases" in data:
        call["phases"] = [
            (row["kind"], _torreon(row["starts"]), _torreon(row["ends"]), row["description"])
            for row in data["phases"]
        ]
        call["events"] = [
            (row["title"], _torreon(row["starts"]), row["place"], row["description"]) for row in data["events"]
        ]
    else:
        call["relative_phases"] = [
            (row["kind"], row["start"], row["end"], row["description"]) for row in data["relative_phases"]
        ]
        call["relative_events"] = [
            (row["title"], row["day"], row["hour"], row["place"], row["description"])
            for row in data.get("relative_events", [])
        ]
    return call


#: The calls, in the order of their files.
CALLS = [_call(load(f"calls/{path.name}")) for path in sorted((DATA / "calls").glob("*.yaml"))]
_calls = {call["slug"]: call for call in CALLS}
PEM_CALL = _calls["plan-estrategico-metropolitano"]
CITIZEN_CALL = _calls["proyectos-ciudadanos"]
MEDELLIN_CALL = _calls["presupuesto-participativo-medellin"]
VOTED_CALL = _calls["presupuesto-por-colonia-votacion-concluida"]
OPEN_VOTE_CALL = _calls["presupuesto-por-colonia-votacion-abierta"]


# --- demo accounts and participants -------------------------------------------------------------

_people = load("people.yaml")


def _with_territory(person):
    return {**person, "territory": territory(person["territory"])} if "territory" in person else dict(person)


#: Roles: citizen, editor, evaluator, evaluation coordinator, moderator, admin.
ACCOUNTS = [_with_territory(account) for account in _people["accounts"]]

#: Who reviews the demo proposals (admits, rejects, hides): the moderation account.
MODERATOR_EMAIL = "moderacion@participa.test"
CITIZEN_EMAIL = "ciudadana@participa.test"

#: Other participants: authors, group members, supporters and commenters. They cannot sign in
#: (no usable password) and are not printed; the accounts above are the ones to use.
PARTICIPANTS = [_with_territory(person) for person in _people["participants"]]

#: Groups that write proposals together: name, description and [(email, role)]; the first
#: member listed as coordinator created the group.
PROPOSAL_GROUPS = [
    {
        "name": group["name"],
        "description": group["description"],
        "members": [(member["email"], member["role"]) for member in group["members"]],
    }
    for group in _people["proposal_groups"]
]


# --- participation: proposals, supports and comments -------------------------------------------


def _comments(items):
    return [
        {"by": item["by"], "text": item["text"], "at": tuple(item["at"]), "replies": _comments(item.get("replies", []))}
        for item in items
    ]


def _proposal(data):
    """A proposal of the data files: territory and dates as tuples, beneficiaries as
    (count, description), location as (latitude, longitude)."""
    proposal = {}
    for key, value in data.items():
        if key == "beneficiaries_count":
            proposal["beneficiaries"] = (value, data["beneficiaries_description"])
        elif key == "beneficiaries_description":
            continue
        elif key == "territory":
            proposal[key] = territory(value)
        elif key in ("submitted", "reviewed", "created", "location"):
            proposal[key] = tuple(value)
        elif key == "comments":
            proposal[key] = _comments(value)
        else:
            proposal[key] = value
    return proposal


#: The demo proposals. Dates are (phase kind, days after that phase starts, hour): they follow the
#: call's schedule, so they stay consistent when the schedules of the open calls are refreshed.
#: `reviewed` dates the admission or rejection, `supporters` support in the call's supports
#: phase (one day apart). Keyed by (call, title): the title must not change.
PROPOSALS = [_proposal(data) for data in load("proposals.yaml")]


def _ballots(rows):
    """{territory: [(number of ballots, [project keys])]}"""
    return {
        territory(row["territory"]): [(group["count"], group["choices"]) for group in row["ballots"]] for row in rows
    }


# --- a concluded vote: ballots, workshop codes, paper and results -------------------------------

_concluded = load("concluded_vote.yaml")
#: The projects on the three ballots of VOTED_CALL, keyed by "key". All passed technical evaluation.
VOTED_PROPOSALS = [_proposal(data) for data in _concluded["proposals"]]
#: How each colonia voted: (number of ballots, [project keys]). Each group's ballots are split
#: among the channels: about 60 % online, 25 % with workshop codes and the rest on paper.
VOTED_BALLOTS = _ballots(_concluded["ballots"])
#: The people who voted online: generated citizens without a usable password (never printed).
VOTER_FIRST_NAMES = _concluded["voter_first_names"]
VOTER_LAST_NAMES = _concluded["voter_last_names"]
#: The workshop of each colonia: (name, place, days after the vote opens).
VOTED_SESSIONS = {
    territory(row["territory"]): (row["name"], row["place"], row["day"]) for row in _concluded["sessions"]
}
VOTED_RESULTS_PAGE = {**_concluded["results_page"], "body": blocks(_concluded["results_page"]["body"])}


# --- an open vote: two colonias of Torreón, knapsack ballots -------------------------------------

_open_vote = load("open_vote.yaml")
#: The projects on the ballots of OPEN_VOTE_CALL (all passed technical evaluation), keyed by "key".
OPEN_VOTE_PROPOSALS = [_proposal(data) for data in _open_vote["proposals"]]
#: Online ballots of generated citizens (they cannot sign in): (number of ballots, [keys]).
OPEN_VOTE_BALLOTS = _ballots(_open_vote["ballots"])


# --- technical evaluation (SESP) of the Medellín call ----------------------------------------------

#: The call evaluated in the demo: its technical evaluation phase is open now and the vote follows,
#: so the viable proposals go onto their territory's ballot (evaluate, then vote).
EVALUATION_CALL = MEDELLIN_CALL["slug"]
COORDINATOR_EMAIL = "coordinacion@participa.test"
EVALUATOR_EMAIL = "evaluador@participa.test"
#: The second evaluator: staff who cannot sign in (no usable password), not printed.
SECOND_EVALUATOR = _people["second_evaluator"]
SECOND_EVALUATOR_EMAIL = SECOND_EVALUATOR["email"]

#: Dates are days after the call's technical evaluation phase starts (at 9 h): assignment, the
#: coordinator's decisions and moving the decided proposals on.
EVALUATION_ASSIGNED_DAY = 3
EVALUATION_DUE_DAY = 28
EVALUATION_MOVED_DAY = 35

#: The default criteria, in their order, as the data files name them.
CRITERIA = ("economic", "social", "environmental", "technical", "plan")


def _evaluation(data):
    """Per proposal (by title): each evaluator's evaluation (None: still pending) with a
    (score, justification) per default criterion in their order, internal notes as
    (author, text, day), the coordinator's decision and whether it was moved on."""
    evaluation = {key: value for key, value in data.items() if key not in ("evaluations", "notes")}
    evaluation["evaluations"] = {
        email: None
        if scored is None
        else {
            **scored,
            "scores": [(scored["scores"][name]["score"], scored["scores"][name]["justification"]) for name in CRITERIA],
        }
        for email, scored in data["evaluations"].items()
    }
    if "notes" in data:
        evaluation["notes"] = [(note["by"], note["text"], note["day"]) for note in data["notes"]]
    return evaluation


EVALUATIONS = [_evaluation(data) for data in load("evaluations.yaml")]
