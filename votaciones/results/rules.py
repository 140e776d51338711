"""Rule names and the single entry point ``compute(election, rule)``.

The rules are those of ../shared/design/RESULTS.md. Where it leaves a choice open:

- a project nobody voted for (score 0) is never selected, by any rule;
- ties: greedy by lower cost, then public id; equal shares by lower cost, then more approvals,
  then public id. Public ids compare as numbers when both are numeric (``id_key``);
- ``equalshares/add1``: if every supported project fits in the budget, the +1 sequence never
  leaves the budget and the result is its limit (every supported project, in the order equal
  shares buys them with a per-voter budget that pays for all of them);
- ``equalshares/add1u``: after add1, the remaining projects by score, highest first, skipping
  those that no longer fit (as greedy does);
- ``equalshares/add1-comparison``: a voter prefers the outcome that selects more of the
  projects they voted for; greedy is used only if strictly more voters prefer it;
- the election's ``min_project_score_threshold``, ``exclusive_groups`` and ``category_caps``
  apply under every rule (see ``Election``); ``greedy-threshold`` is greedy on an election that
  has a threshold, ``greedy-exclusive`` (pabulib's name) greedy on one with exclusive groups.
"""

from .election import Election
from .equal_shares import Prepared, equal_shares, equal_shares_add1, equal_shares_add1_utilitarian
from .errors import ElectionError
from .gcpause import cyclic_gc_paused
from .greedy import greedy

RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-exclusive",
    "equalshares",
    "equalshares/add1",
    "equalshares/add1u",
    "equalshares/add1-comparison",
)
ALIASES = {
    "equalshares/add1u": "equalshares/add1u",
    "equalshares/add1-utilitarian": "equalshares/add1u",
    "mes": "equalshares",
}


def comparison(election, prepared=None, step=1):
    """Wieliczka: equal shares with add1, unless more voters prefer greedy's outcome.

    A voter prefers an outcome if more of the projects they voted for are selected in it.
    """
    prepared = prepared or Prepared(election)
    shares = equal_shares_add1(election, prepared, rule="equalshares/add1-comparison", step=step)
    plain = greedy(election, rule="equalshares/add1-comparison")
    in_shares = set(shares.selected)
    in_greedy = set(plain.selected)
    prefer_greedy = prefer_shares = 0
    for ballot in election.ballots:
        supported = [p for p, u in ballot.utilities() if u > 0]
        g = sum(1 for p in supported if p in in_greedy)
        s = sum(1 for p in supported if p in in_shares)
        if g > s:
            prefer_greedy += 1
        elif s > g:
            prefer_shares += 1
    used = plain if prefer_greedy > prefer_shares else shares
    used.details.update(
        {
            "greedy_preferred_by": prefer_greedy,
            "equalshares_preferred_by": prefer_shares,
            "used": "greedy" if used is plain else "equalshares",
        }
    )
    return used


def normalise_rule(rule):
    name = (rule or "").strip().lower()
    name = ALIASES.get(name, name)
    if name not in RULES:
        raise ElectionError(
            f"regla desconocida: «{rule}»; las reglas posibles son: {', '.join(RULES)}"
        )
    return name


def compute(election: Election, rule: str, add1_step: int = 1):
    """The outcome of ``rule`` (one of RULES) on ``election``.

    ``add1_step`` is the per-voter increment of the add1 completions (1 by definition; the
    platform passes ``equal_shares.add1_step(election)`` for its own ballot boxes).
    """
    name = normalise_rule(rule)
    with cyclic_gc_paused():  # see gcpause: no cycles, many small objects
        outcome = _compute(election, name, add1_step)
    outcome.anomalies = list(election.anomalies)
    outcome.money_scale = election.money_scale
    return outcome


def _compute(election, name, add1_step):
    election.validate()
    if name == "greedy":
        return greedy(election)
    if name == "greedy-no-skip":
        return greedy(election, skip=False)
    if name == "greedy-threshold":
        if election.min_project_score_threshold is None:
            raise ElectionError("greedy-threshold necesita una puntuación mínima")
        return greedy(election, rule=name)
    if name == "greedy-exclusive":
        if not election.exclusive_groups:
            raise ElectionError(
                "greedy-exclusive necesita grupos de proyectos excluyentes (en un fichero pabulib, "
                "la columna «exclusive_group» de PROJECTS)"
            )
        return greedy(election, rule=name)
    if name == "equalshares":
        return equal_shares(election)
    if name == "equalshares/add1":
        return equal_shares_add1(election, step=add1_step)
    if name == "equalshares/add1u":
        return equal_shares_add1_utilitarian(election, step=add1_step)
    return comparison(election, step=add1_step)


def declared_rule(election):
    """The rule a file declares in META, as one of RULES (ElectionError if none usable)."""
    declared = (election.rule or "").strip().lower()
    if declared == "greedy" and election.min_project_score_threshold is not None:
        return "greedy-threshold"
    try:
        return normalise_rule(declared)
    except ElectionError:
        raise ElectionError(
            f"el fichero no declara una regla conocida (rule = «{election.rule or ''}»); "
            "indique una con --rule"
        ) from None
