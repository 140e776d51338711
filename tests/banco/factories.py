"""A small project bank for the search, export and page tests (helper functions, no fixtures).

    bank = make_bank()          # two calls, six public proposals, three that must never show
    bank.p["cicloVia"] …        # proposals by key; bank.hidden / bank.withdrawn / bank.draft

Others may import it: `from tests.banco.factories import make_bank, make_public_proposals`.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from tests.convocatorias.factories import TerritoryFactory, ThemeFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call


def at(year, month, day):
    return dt.datetime(year, month, day, 12, 0, tzinfo=timezone.get_default_timezone())


@dataclass
class Bank:
    call_a: object
    call_b: object
    theme_a: object
    theme_b: object
    territories: list
    p: dict = field(default_factory=dict)
    hidden: object = None
    withdrawn: object = None
    draft: object = None

    @property
    def public(self):
        return list(self.p.values())

    @property
    def never(self):
        return [self.hidden, self.withdrawn, self.draft]

    def ids(self, *keys):
        return [self.p[key].pk for key in keys]


#: key → (call, theme, territory index, title, summary, estimated, validated, status, submitted, supports, location)
PUBLIC = {
    "ciclovia": ("a", "a", 0, "Ciclovía protegida en la avenida", "Una vía segura para ir en bicicleta a la escuela.", 800_000, None, "admitted", at(2025, 3, 1), 10, True),
    "bicicletas": ("a", "a", 1, "Bicicletas públicas en el centro", "Estaciones de préstamo de bicicletas junto al metro.", 5_000_000, 4_000_000, "selected", at(2026, 2, 1), 30, True),
    "parque": ("a", "b", 0, "Parque de bolsillo con árboles", "Juegos y sombra en un lote baldío del barrio.", 20_000_000, None, "shortlisted", at(2026, 5, 1), 5, False),
    "peatonal": ("b", "b", 2, "Vía peatonal arbolada", "Banquetas amplias y cruces seguros para las personas.", 150_000_000, None, "in_execution", at(2024, 6, 1), 30, True),
    "huerto": ("b", "a", 2, "Huerto comunitario", "Riego por goteo y talleres de composta para vecinas.", 2_000_000_000, None, "completed", at(2024, 7, 1), 2, False),
    "alumbrado": ("b", "b", 2, "Alumbrado en el parque central", "Luminarias LED en senderos <script>alert(1)</script>.", 500_000, None, "not_selected", at(2025, 9, 1), 7, False),
}


def make_bank():
    theme_a = ThemeFactory(name="Movilidad", slug="movilidad-banco")
    theme_b = ThemeFactory(name="Espacio público", slug="espacio-publico-banco")
    territories = [TerritoryFactory(name="Norte"), TerritoryFactory(name="Sur"), TerritoryFactory(name="Oriente")]
    call_a = make_proposal_call(code="BCA", title="Convocatoria A", theme=theme_a, territories=territories[:2])
    call_a.themes.add(theme_b)
    call_b = make_proposal_call(code="BCB", title="Convocatoria B", theme=theme_b, territories=territories[2:])
    call_b.themes.add(theme_a)
    calls = {"a": call_a, "b": call_b}
    themes = {"a": theme_a, "b": theme_b}
    bank = Bank(call_a=call_a, call_b=call_b, theme_a=theme_a, theme_b=theme_b, territories=territories)
    for key, (call, theme, territory, title, summary, estimated, validated, status, submitted, supports, located) in PUBLIC.items():
        bank.p[key] = ProposalFactory(
            call=calls[call],
            theme=themes[theme],
            territory=territories[territory],
            title=title,
            summary=summary,
            problem=f"Problema de «{title}».",
            solution="Una solución concreta y medible.",
            estimated_cost=estimated,
            validated_cost=validated,
            status=status,
            submitted_at=submitted,
            supports_count=supports,
            comments_count=supports // 3,
            latitude=Decimal("6.250000") if located else None,
            longitude=Decimal("-75.560000") if located else None,
        )
    common = {"call": call_a, "theme": theme_a, "territory": territories[0], "submitted_at": at(2026, 1, 10)}
    bank.hidden = ProposalFactory(title="Ciclovía oculta por moderación", status="admitted", hidden=True, hidden_reason="Spam", **common)
    bank.withdrawn = ProposalFactory(title="Ciclovía retirada del parque", status="withdrawn", **common)
    bank.draft = ProposalFactory(title="Ciclovía en borrador del parque", status="draft", **{**common, "submitted_at": None})
    return bank


def make_public_proposals(call, count, **fields):
    """`count` more public proposals in `call` (for constant-query tests with 2 and 20 rows)."""
    return [
        ProposalFactory(call=call, title=f"Ciclovía número {index}", submitted_at=at(2026, 1, 1 + index % 28), **fields)
        for index in range(count)
    ]
