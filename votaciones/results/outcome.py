"""The explainable result of a rule."""

from dataclasses import dataclass, field
from fractions import Fraction

# Why a project ended as it did.
SELECTED = "selected"
NO_SUPPORT = "no-support"  # nobody voted for it: never funded
BELOW_THRESHOLD = "below-threshold"  # greedy-threshold: score under the minimum
DOES_NOT_FIT = "does-not-fit"  # greedy: less budget left than its cost when its turn came
NOT_REACHED = "not-reached"  # greedy-no-skip: the walk stopped before it
UNAFFORDABLE = "unaffordable"  # equal shares: its supporters ran out of money
EXCLUDED = "excluded"  # another project of its exclusive group was selected first
OVER_CAP = "over-cap"  # it would make its category cost more than the category's cap


@dataclass(slots=True)
class ProjectResult:
    """One project's line in the results.

    ``round`` is the 1-based position in the order of selection. For equal shares,
    ``supporters_paid`` is the most a supporter paid for it (the equal share ``pay``), ``payers``
    how many supporters paid and ``effective_votes`` is cost / pay. ``remaining_budget`` is, for
    greedy, what was left of the budget when the project's turn came.
    """

    id: str
    cost: int
    score: int | Fraction
    approvals: int
    selected: bool = False
    round: int | None = None
    reason: str = ""
    stage: str = ""
    supporters_paid: Fraction | None = None
    payers: int | None = None
    effective_votes: Fraction | None = None
    remaining_budget: int | None = None


@dataclass(slots=True)
class Outcome:
    rule: str
    budget: int
    selected: list
    projects: dict
    per_voter: int | Fraction | None = None
    details: dict = field(default_factory=dict)
    #: what the reader accepted and reports (``election.Anomaly``), copied from the election
    anomalies: list = field(default_factory=list)
    #: money is counted in 1 / money_scale currency units (see ``Election``)
    money_scale: int = 1

    @property
    def cost(self):
        return sum(self.projects[p].cost for p in self.selected)

    def money(self, amount):
        """An amount of the engine's integer units in currency units: int, or exact Decimal text."""
        return money_text(amount, self.money_scale)

    def as_dict(self):
        data = {"rule": self.rule, "selected": list(self.selected),
                "cost": self.money(self.cost)}
        if self.anomalies:
            data["anomalies"] = [a.as_dict() for a in self.anomalies]
        return data


def money_text(amount, scale):
    """``amount / scale`` exactly: the int itself when scale is 1, else a decimal string."""
    if scale == 1:
        return amount
    digits = len(str(scale)) - 1
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), scale)
    return f"{sign}{whole}.{part:0{digits}d}"
