"""Public results of a call (the call page's route …/resultados/) and the data its pages share.

After the close of the vote every ballot box is counted once (`tally.tally_box`) and its
`BoxResult` stored; from then on the pages read the stored results only, so their cost does not
grow with the number of ballots. Before the close the page says when results will be published
and, only when the call does not hide counts, shows the running counts as provisional.

`call_results()` builds what the results page, the CMS results page (`ResultsPage`) and the
downloads show: one `TerritoryResult` per territory of the call.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError
from django.db.models import Count, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from convocatorias.money import format_money, thousands_separator
from propuestas.models import Proposal
from portal.errors import ActionRefused

from . import turnout as turnout_counts
from .models import Ballot, BallotBox, BallotChoice, BoxResult
from .results.outcome import (
    BELOW_THRESHOLD,
    DOES_NOT_FIT,
    EXCLUDED,
    NO_SUPPORT,
    NOT_REACHED,
    OVER_CAP,
    SELECTED,
    UNAFFORDABLE,
)
from .services import counts_visible, on_ballot, voting_closed, voting_phase
from .tally import TOO_EXPENSIVE, tally_box

#: Why a project ended as it did, in the words of the results table.
REASONS = {
    SELECTED: gettext_lazy("Seleccionado"),
    NO_SUPPORT: gettext_lazy("Nadie lo eligió"),
    BELOW_THRESHOLD: gettext_lazy("No alcanzó los votos mínimos"),
    DOES_NOT_FIT: gettext_lazy("No cabía en lo que quedaba del techo"),
    NOT_REACHED: gettext_lazy("La asignación se detuvo antes de llegar a él"),
    UNAFFORDABLE: gettext_lazy("Sus votantes ya habían gastado su parte"),
    TOO_EXPENSIVE: gettext_lazy("Cuesta más que el techo del territorio"),
    EXCLUDED: gettext_lazy("Ganó otro proyecto alternativo de su grupo"),
    OVER_CAP: gettext_lazy("Superaba el máximo del techo para su eje temático"),
}

#: The engine's rule names (stored in BoxResult.rule), for people.
RULE_NAMES = {
    "greedy": gettext_lazy("por votos dentro del techo"),
    "greedy-threshold": gettext_lazy("por votos dentro del techo, con votos mínimos"),
    "greedy-no-skip": gettext_lazy("por votos, sin saltar proyectos"),
    "equalshares/add1": gettext_lazy("Método de Partes Iguales"),
    "equalshares/add1u": gettext_lazy("Método de Partes Iguales, completado por votos"),
}


#: Geometry of the bar chart (SVG user units).
CHART_WIDTH = 640
CHART_LABEL_HEIGHT = 18
CHART_BAR_HEIGHT = 18
CHART_ROW_HEIGHT = 48
CHART_BAR_MAX = 440


def reason_text(reason):
    return str(REASONS.get(reason, reason or ""))


def rule_name(rule):
    return str(RULE_NAMES.get(rule, rule))


def is_equal_shares(rule):
    return rule.startswith("equalshares")


def number_text(value, currency=""):
    """A count with the thousands separator of the call's country read in the active language
    (1.234 or 1,234)."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}"
        if thousands_separator(currency) == ".":
            text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
        return text
    return f"{int(value):,}".replace(",", thousands_separator(currency))


@dataclass
class Row:
    """One project's line in a territory's results."""

    entry: dict
    currency: str
    bar_width: int = 0
    y: int = 0

    @property
    def title(self):
        return self.entry["title"]

    @property
    def reference(self):
        return self.entry.get("reference") or ""

    @property
    def selected(self):
        return bool(self.entry["selected"])

    @property
    def cost(self):
        return format_money(self.entry["cost"], self.currency)

    @property
    def score(self):
        return number_text(self.entry["score"], self.currency)

    @property
    def approvals(self):
        return number_text(self.entry["approvals"], self.currency)

    @property
    def reason(self):
        return reason_text(self.entry["reason"])

    @property
    def round(self):
        return self.entry.get("round")

    @property
    def label(self):
        """The chart's label: reference and title, short enough for one line."""
        text = f"{self.reference} · {self.title}" if self.reference else self.title
        return text if len(text) <= 70 else text[:69] + "…"

    @property
    def url(self):
        return reverse("propuestas:detail", args=[self.entry["id"]])


@dataclass
class Difference:
    """A project that one rule selects and the other does not, and why (in plain Spanish)."""

    row: Row
    why: str


@dataclass
class TerritoryResult:
    territory: object
    ceiling: int | None
    currency: str
    box: BallotBox | None = None
    result: BoxResult | None = None
    error: str = ""
    rows: list = field(default_factory=list)
    downloads: dict = field(default_factory=dict)
    only_rule: list = field(default_factory=list)
    only_greedy: list = field(default_factory=list)
    provisional: bool = False
    provisional_ballots: int = 0

    @property
    def id(self):
        return self.territory.pk

    @property
    def anchor(self):
        return f"territorio-{self.territory.pk}"

    @property
    def winners(self):
        return [row for row in self.rows if row.selected]

    @property
    def budget(self):
        return format_money(self.result.budget if self.result else (self.ceiling or 0), self.currency)

    @property
    def budget_used(self):
        return format_money(self.result.budget_used, self.currency) if self.result else ""

    @property
    def budget_used_percent(self):
        if not self.result or not self.result.budget:
            return 0
        return round(100 * self.result.budget_used / self.result.budget, 1)

    @property
    def ballots(self):
        return number_text(self.result.ballots_count if self.result else self.provisional_ballots, self.currency)

    @property
    def turnout(self):
        """[(channel label, count)]: online, workshop code and paper always; codes bound to a
        person at a verification desk and imported ballots when present (`votaciones.turnout`)."""
        counts = self.result.turnout if self.result else {}
        desk = counts.get(turnout_counts.DESK_CODE, 0) or 0
        rows = []
        for channel, label in turnout_counts.CHANNELS.items():
            count = counts.get(channel, 0) or 0
            if channel == Ballot.Channel.CODE:
                count -= desk  # the stored `code` counts every code ballot
            elif channel == turnout_counts.DESK_CODE:
                count = desk
            if channel in (Ballot.Channel.IMPORTED, turnout_counts.DESK_CODE) and not count:
                continue
            rows.append((label, number_text(count, self.currency)))
        return rows

    @property
    def verification(self):
        """[(label, count)] of ballots of verified residents and of the others, or [] when the
        result predates it, nobody is verified, or a group is too small to show
        (`turnout.split_visible`)."""
        counts = self.result.turnout if self.result else {}
        verified, unverified = counts.get("verified"), counts.get("unverified")
        if not verified or unverified is None or not turnout_counts.split_visible(verified, unverified):
            return []
        return [
            (turnout_counts.VERIFIED_LABEL, number_text(verified, self.currency)),
            (turnout_counts.UNVERIFIED_LABEL, number_text(unverified, self.currency)),
        ]

    @property
    def rule(self):
        return self.result.rule if self.result else ""

    @property
    def rule_label(self):
        return rule_name(self.rule)

    @property
    def equal_shares(self):
        return bool(self.result) and is_equal_shares(self.result.rule)

    @property
    def compared(self):
        return self.equal_shares and bool(self.result.greedy)

    @property
    def per_voter(self):
        """Each voter's part when the count ended (after the add1 completion raised it)."""
        if not self.result:
            return ""
        value = self.result.details.get("per_voter")
        return format_money(value, self.currency) if value is not None else ""

    @property
    def start_per_voter(self):
        """Each voter's equal part of the ceiling where the count started: ceiling ÷ ballots."""
        value = self.result.details.get("start_per_voter") if self.result else None
        return format_money(value, self.currency) if value is not None else ""

    @property
    def share_raised(self):
        details = self.result.details if self.result else {}
        return details.get("start_per_voter") is not None and details.get("per_voter") != details.get("start_per_voter")

    @property
    def share_step(self):
        """By how much the completion raised each voter's part at each try."""
        value = self.result.details.get("step", 1) if self.result else 1
        return format_money(value, self.currency)

    @property
    def share_step_units(self):
        return self.result.details.get("step", 1) if self.result else 1

    @property
    def score_label(self):
        return _("Puntos") if self.points else _("Votos")

    points = False

    @property
    def chart_height(self):
        return CHART_ROW_HEIGHT * len(self.rows) + 8

    @property
    def chart_title(self):
        what = _("Puntos") if self.points else _("Votos")
        return _("%(what)s por proyecto en %(territory)s") % {"what": what, "territory": self.territory.name}

    @property
    def chart_description(self):
        parts = [
            _("%(title)s: %(score)s%(mark)s")
            % {
                "title": row.title,
                "score": row.score,
                "mark": (" (" + _("seleccionado") + ")") if row.selected else "",
            }
            for row in self.rows
        ]
        intro = ngettext("%(count)s proyecto.", "%(count)s proyectos.", len(self.rows)) % {"count": len(self.rows)}
        return intro + " " + "; ".join(parts) + "."


def _layout(rows):
    """Bar widths relative to the highest score, and each row's vertical position."""
    top = max((float(row.entry["score"] or 0) for row in rows), default=0)
    for index, row in enumerate(rows):
        score = float(row.entry["score"] or 0)
        row.bar_width = round(CHART_BAR_MAX * score / top) if top else 0
        if score and not row.bar_width:
            row.bar_width = 1
        row.y = index * CHART_ROW_HEIGHT + 4


def _selection_why(entry, currency):
    """Why the call's rule selected a project the greedy rule left out."""
    if entry.get("stage") == "utilitarian":
        return _("Se añadió al final, por sus votos, con el dinero que sobró del reparto.")
    if entry.get("payers"):
        return ngettext(
            "Lo pagó %(payers)s votante con su parte (hasta %(paid)s).",
            "Lo pagaron %(payers)s de sus votantes con sus partes (hasta %(paid)s cada una).",
            entry["payers"],
        ) % {"payers": number_text(entry["payers"], currency), "paid": format_money(round(entry["paid"] or 0), currency)}
    return _("Sus votantes tenían dinero suficiente para pagarlo.")


def _greedy_left_out_why(entry, currency):
    """Why greedy did not select a project (the words follow the reason code)."""
    reason = entry.get("reason")
    if reason == DOES_NOT_FIT:
        return _("Por votos no cabía en lo que quedaba del techo cuando llegó su turno.")
    if reason == NOT_REACHED:
        return _("Por votos, la asignación se detuvo antes de llegar a él.")
    if reason == BELOW_THRESHOLD:
        return _("Por votos no alcanzaba los votos mínimos.")
    return reason_text(reason)


def _rule_left_out_why(entry, currency):
    reason = entry.get("reason")
    if reason == UNAFFORDABLE:
        return _(
            "Sus votantes ya habían gastado su parte en otros proyectos ganadores: lo que les "
            "quedaba no alcanzaba para pagarlo."
        )
    return reason_text(reason)


def _compare(item):
    """Projects selected by the call's rule and not by greedy, and the other way round."""
    result = item.result
    mine = {entry["id"]: entry for entry in result.projects}
    greedy = {entry["id"]: entry for entry in result.greedy}
    rows = {row.entry["id"]: row for row in item.rows}
    for pid, entry in mine.items():
        other = greedy.get(pid)
        if entry["selected"] and other is not None and not other["selected"]:
            why = _selection_why(entry, item.currency) + " " + _greedy_left_out_why(other, item.currency)
            item.only_rule.append(Difference(rows[pid], why))
        if not entry["selected"] and other is not None and other["selected"]:
            why = _("Por votos habría entrado en el puesto %(round)s, con %(score)s votos.") % {
                "round": other["round"],
                "score": number_text(other["score"], item.currency),
            } + " " + _rule_left_out_why(entry, item.currency)
            item.only_greedy.append(Difference(rows[pid], why))


def _fill(item, result, call):
    item.result = result
    item.points = call.ballot_type == "cumulative"
    item.rows = [Row(entry, item.currency) for entry in result.projects]
    _layout(item.rows)
    if is_equal_shares(result.rule) and result.greedy:
        _compare(item)


def call_results(call, *, now=None, count_missing=True, territory_id=None):
    """[TerritoryResult] of a call after the close (counting boxes not counted yet), or None before.

    Queries do not depend on the number of ballots once every box has a stored result.
    """
    now = now or timezone.now()
    if not voting_closed(call, now):
        return None
    items = list(call.territories.select_related("territory"))
    if territory_id is not None:
        items = [item for item in items if item.territory_id == territory_id]
    boxes = {box.territory_id: box for box in BallotBox.objects.filter(call=call)}
    results = {r.box.territory_id: r for r in BoxResult.objects.filter(box__call=call).select_related("box")}
    output = []
    for item in items:
        entry = TerritoryResult(territory=item.territory, ceiling=item.budget_ceiling, currency=call.currency)
        box = boxes.get(item.territory_id)
        result = results.get(item.territory_id)
        if result is None and count_missing:
            if box is None:
                box, _created = BallotBox.objects.get_or_create(call=call, territory=item.territory)
            box.call = call
            try:
                result = tally_box(box, now=now)
            except ActionRefused as refused:
                entry.error = str(refused.message)
            except IntegrityError:
                # Another request stored the same count at the same moment: read it.
                result = BoxResult.objects.filter(box=box).first()
        entry.box = box
        if result is not None:
            _fill(entry, result, call)
        elif not entry.error:
            entry.error = _("Este territorio aún no tiene resultados.")
        output.append(entry)
    return output


def provisional_counts(call, now=None):
    """Running counts before the close, when the call does not hide them; else None."""
    now = now or timezone.now()
    phase = voting_phase(call)
    if phase is None or now < phase.starts_at or not counts_visible(call, now):
        return None
    items = list(call.territories.select_related("territory"))
    proposals = list(
        Proposal.objects.filter(on_ballot(call), call=call)
        .order_by("reference", "pk")
        .values("pk", "reference", "title", "estimated_cost", "validated_cost", "territory_id")
    )
    scores = {
        row["proposal_id"]: row
        for row in BallotChoice.objects.filter(ballot__box__call=call)
        .values("proposal_id")
        .annotate(score=Sum("points"), approvals=Count("id"))
    }
    ballots = dict(
        Ballot.objects.filter(box__call=call).values("box__territory_id").annotate(n=Count("id")).values_list(
            "box__territory_id", "n"
        )
    )
    output = []
    for item in items:
        entry = TerritoryResult(
            territory=item.territory, ceiling=item.budget_ceiling, currency=call.currency, provisional=True
        )
        entry.points = call.ballot_type == "cumulative"
        entry.provisional_ballots = ballots.get(item.territory_id, 0)
        rows = []
        for proposal in proposals:
            if proposal["territory_id"] != item.territory_id:
                continue
            score = scores.get(proposal["pk"], {})
            rows.append(
                {
                    "id": proposal["pk"],
                    "reference": proposal["reference"] or "",
                    "title": proposal["title"],
                    "cost": proposal["validated_cost"] if proposal["validated_cost"] is not None else proposal["estimated_cost"],
                    "score": score.get("score") or 0,
                    "approvals": score.get("approvals") or 0,
                    "selected": False,
                    "round": None,
                    "reason": "",
                }
            )
        rows.sort(key=lambda e: (-e["score"], e["cost"], e["id"]))
        entry.rows = [Row(row, call.currency) for row in rows]
        _layout(entry.rows)
        output.append(entry)
    return output


def download_links(call, items):
    """Attach the download URLs to each territory's result."""
    for item in items:
        if item.result is not None:
            item.downloads = {fmt: call.results_download_url(item.territory.pk, fmt) for fmt in ("csv", "xlsx", "pb")}


def results_page(request, call):
    """…/resultados/ of a call: the public results, the same for everyone."""
    now = timezone.now()
    phase = voting_phase(call)
    items = call_results(call, now=now)
    provisional = None
    if items is None:
        provisional = provisional_counts(call, now)
    else:
        download_links(call, items)
    context = {
        "page": call,
        "call": call,
        "voting_phase": phase,
        "closed": items is not None,
        "items": items or [],
        "provisional": provisional,
        "zip_url": call.results_zip_url if items else "",
        "rule_label": call.get_results_rule_display(),
        "equal_shares_call": call.results_rule.startswith("equal_shares"),
    }
    return render(request, "votaciones/results/call_results.html", context)
