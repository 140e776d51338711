"""A call in its vote, with one territory's ballot box of shortlisted proposals."""

from tests.convocatorias.factories import TerritoryFactory, ThemeFactory, make_call, schedule_around
from tests.propuestas.factories import ProposalFactory


def make_voting_call(*, current="voting", now=None, ceiling=10_000_000, proposals=3, costs=None, **fields):
    """A call in its `current` phase (voting by default) with one territory's ballot of shortlisted
    proposals. Returns (call, box, proposals). Extra territories: pass `territories=[...]`."""
    from votaciones.services import box_for

    theme = fields.pop("theme", None) or ThemeFactory()
    territories = fields.pop("territories", None) or [TerritoryFactory(), TerritoryFactory()]
    status = "admitted" if fields.get("vote_before_evaluation") else "shortlisted"
    fields.setdefault("code", "PPV")
    fields.setdefault("max_proposal_cost", ceiling)
    call = make_call(
        phases=schedule_around(now, current=current),
        territories=[(territory, ceiling) for territory in territories],
        themes=[theme],
        **fields,
    )
    costs = costs or [1_000_000 * (index + 2) for index in range(proposals)]
    items = [
        ProposalFactory(call=call, territory=territories[0], status=status, estimated_cost=cost)
        for cost in costs
    ]
    return call, box_for(call=call, territory=territories[0]), items
