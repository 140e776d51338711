"""Factories of proposals and of calls that take them."""

import factory
from django.utils import timezone

from tests.convocatorias.factories import TerritoryFactory, ThemeFactory, make_call, schedule_around
from tests.portal.factories import UserFactory


def make_proposal_call(*, current="intake", now=None, **fields):
    """A call with one theme and two territories whose `current` phase is running now."""
    theme = fields.pop("theme", None) or ThemeFactory()
    territories = fields.pop("territories", None) or [TerritoryFactory(), TerritoryFactory()]
    fields.setdefault("code", "PEM")
    fields.setdefault("max_proposal_cost", 5_000_000)
    call = make_call(
        phases=schedule_around(now, current=current),
        territories=[(territory, 20_000_000) for territory in territories],
        themes=[theme],
        **fields,
    )
    return call


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal in a call (by default admitted, public). Pass `call=` a call from
    `make_proposal_call`; theme and territory default to the call's first ones."""

    class Meta:
        model = "propuestas.Proposal"

    call = factory.LazyFunction(lambda: make_proposal_call())
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Propuesta {n}: ciclovía en el centro")
    summary = "Conectar las escuelas del barrio con una ruta segura para bicicletas."
    problem = "Las personas que van en bicicleta comparten carril con autobuses."
    solution = "Una ciclovía protegida de 2 km con cruces seguros."
    beneficiaries_count = 1200
    beneficiaries_description = "Estudiantes y vecinos del barrio"
    theme = factory.LazyAttribute(lambda o: o.call.themes.first())
    territory = factory.LazyAttribute(lambda o: o.call.territories.first().territory)
    estimated_cost = 1_500_000
    status = "admitted"
    submitted_at = factory.LazyFunction(timezone.now)

    reference = factory.LazyAttributeSequence(
        lambda o, n: None if o.status == "draft" else f"{o.call.reference_prefix}-T-{n + 1:05d}"
    )
