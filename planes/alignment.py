"""The suggested score of the evaluation's "priority against the plans" criterion (pure Python).

The rule, documented for evaluators on the scoring screen:

- aligned with a **goal** (meta) of a plan in force in the project's year → the top of the scale;
- with a **programme** of a plan in force → 4 of 5;
- with an **axis** only of a plan in force → 3 of 5;
- aligned only with plans not in force that year → 2 of 5;
- no alignment → the bottom of the scale.

On another scale (e.g. 0–10) the same fractions apply, rounded. The evaluator sees the suggestion
and its reason and may accept it or score otherwise: it is never saved on its own.
"""

from dataclasses import dataclass

#: The fraction of the scale each case reaches.
FRACTIONS = {"goal": 1.0, "programme": 0.8, "axis": 0.6, "not_in_force": 0.4, "none": 0.0}


@dataclass(frozen=True)
class AlignedItem:
    kind: str  # "axis" | "programme" | "goal"
    start_year: int
    end_year: int


@dataclass(frozen=True)
class Suggestion:
    score: int
    case: str  # a key of FRACTIONS


def suggested_score(items, year, scale_min=0, scale_max=5):
    """The suggested score for a project aligned with `items` (AlignedItem) in `year`."""
    in_force = [item for item in items if item.start_year <= year <= item.end_year]
    if in_force:
        kinds = {item.kind for item in in_force}
        case = next(kind for kind in ("goal", "programme", "axis") if kind in kinds)
    elif items:
        case = "not_in_force"
    else:
        case = "none"
    score = scale_min + round((scale_max - scale_min) * FRACTIONS[case])
    return Suggestion(score=score, case=case)


def is_plan_criterion(name):
    """Is a criterion (by its name) the "priority against the plans" one? ("…plan…de desarrollo…")."""
    folded = (name or "").casefold()
    return "plan" in folded and ("desarrollo" in folded or "development" in folded)
