"""Technical evaluation arithmetic: weighted scores, eliminatory criteria, disagreement.

Pure Python (no Django). A criterion has a scale (``low``..``high``), a weight and, when it is
eliminatory, a minimum: a score below it makes the proposal not viable whatever the total.
An evaluator's weighted score is normalised to 0–100 so that calls with different scales and
weights read the same: sum(weight × (score − low) / (high − low)) / sum(weight) × 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

#: Two evaluators disagree strongly when their weighted scores differ by at least this many
#: points (of 100), or when one of them finds an eliminatory failure and another does not.
DISAGREEMENT_POINTS = 25


@dataclass(frozen=True)
class Criterion:
    key: int | str
    weight: int
    low: int = 0
    high: int = 5
    eliminatory: bool = False
    minimum: int | None = None

    def in_range(self, score) -> bool:
        return isinstance(score, int) and not isinstance(score, bool) and self.low <= score <= self.high

    def fails(self, score: int) -> bool:
        return self.eliminatory and self.minimum is not None and score < self.minimum


def weighted_score(criteria: list[Criterion], scores: dict) -> Fraction:
    """0–100, exact. Every criterion must have a score in range (ValueError otherwise)."""
    total_weight = sum(c.weight for c in criteria)
    if total_weight <= 0:
        raise ValueError("the criteria weigh nothing")
    total = Fraction(0)
    for criterion in criteria:
        score = scores.get(criterion.key)
        if not criterion.in_range(score):
            raise ValueError(f"score of {criterion.key!r} out of range: {score!r}")
        span = criterion.high - criterion.low
        total += Fraction(criterion.weight * (score - criterion.low), span or 1)
    return total * 100 / total_weight


def eliminatory_failures(criteria: list[Criterion], scores: dict) -> list:
    """The keys of the eliminatory criteria whose score is below their minimum."""
    return [c.key for c in criteria if c.key in scores and c.fails(scores[c.key])]


@dataclass(frozen=True)
class Summary:
    """What the coordinator sees for one proposal."""

    scores: tuple  # weighted score of each submitted evaluation, in the order given
    mean: Fraction | None
    spread: Fraction | None
    fails: bool  # some evaluator found an eliminatory failure
    disagreement: bool

    @property
    def suggests_viable(self) -> bool:
        return self.mean is not None and not self.fails


def summarise(criteria: list[Criterion], evaluations: list[dict]) -> Summary:
    """Summary of the submitted evaluations (each a {criterion key: score} mapping)."""
    if not evaluations:
        return Summary((), None, None, False, False)
    weighted = tuple(weighted_score(criteria, scores) for scores in evaluations)
    failing = [bool(eliminatory_failures(criteria, scores)) for scores in evaluations]
    spread = max(weighted) - min(weighted)
    disagreement = spread >= DISAGREEMENT_POINTS or (any(failing) and not all(failing))
    return Summary(weighted, Fraction(sum(weighted), len(weighted)), spread, any(failing), disagreement)


def as_float(value: Fraction | None, digits: int = 1):
    return None if value is None else round(float(value), digits)


__all__ = ["Criterion", "Summary", "as_float", "eliminatory_failures", "summarise", "weighted_score"]
