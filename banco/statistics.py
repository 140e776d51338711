"""The public statistics dashboard: aggregates of a call or of all calls, never a person's data.

Pure helpers first (`suppress_small_groups`, `bar_chart`: no Django used), then the selectors.

Each dashboard is computed with a fixed number of queries whatever the data size (grouped
aggregates, summed in Python over a bounded number of rows) and cached for `CACHE_SECONDS` per
call and language (`portal` default cache). What it shows:

- participants: overall, active accounts with a confirmed email (staff not counted); per call,
  distinct accounts (staff not counted) that authored a public proposal, supported or commented on
  one, or cast an online ballot. Workshop-code and paper ballots are anonymous: they count as
  ballots, not as people. While the call hides its counts, voters are left out too;
- public proposals (`Proposal.objects.public()`) by status, theme and territory, their supports
  and comments (the proposals' counters);
- ballots by channel and territory (counts only), none at all while the call hides its counts
  until the close (`votaciones.services.counts_visible`);
- budget allocated (cost of the selected, in execution and completed projects) against the
  territories' ceilings, and executed (per project, the spent amount of its latest execution
  update that reports one);
- gender and age range of the participants who consented (`User.demographics_consent`), in
  groups of at least `MINIMUM_GROUP` people (`suppress_small_groups`). Demographics are never
  crossed with anything else: not with territories, proposals or ballots' choices.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.db.models import CharField, Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

# --- pure helpers (no Django) ------------------------------------------------------------------

#: The smallest group of people whose size is shown.
MINIMUM_GROUP = 10


@dataclass(frozen=True)
class SuppressedCounts:
    """What may be shown of a distribution of people.

    `groups`: (key, count) pairs shown as they are, in the input order; `other`: the merged count
    of `merged` groups (None when nothing was merged); `total`: the sum of everything shown (None
    when the whole distribution is too small to show anything). `merged` is for tests and must
    not be published: it tells which groups are inside `other`.
    """

    groups: list = field(default_factory=list)
    other: int | None = None
    merged: tuple = ()
    total: int | None = None

    @property
    def suppressed(self):
        """True when nothing at all can be shown."""
        return self.total is None

    @property
    def total_only(self):
        """True when only the total can be shown (every group went into `other`)."""
        return self.total is not None and not self.groups


def suppress_small_groups(counts, minimum=MINIMUM_GROUP):
    """Hide the groups of fewer than `minimum` people so that no such group can be told, not even
    by subtracting the numbers shown from each other or from the total.

    `counts`: a mapping or an iterable of (key, count). Empty groups are left out (they hold no
    one). The rule:

    1. if all the people together are fewer than `minimum`, nothing is shown (not even a total);
    2. the groups under `minimum` are merged into one "other" count;
    3. while that "other" count is itself under `minimum` (one small group alone, or several small
       ones that add up to less), the smallest shown group joins it too. Shown groups have at
       least `minimum` people, so one more is always enough. The merged count then covers at
       least two groups and is at least `minimum`, and the total is the sum of what is shown:
       subtracting shown numbers only ever gives back "other", never a small group.
    """
    items = []
    for key, count in counts.items() if hasattr(counts, "items") else counts:
        count = int(count or 0)
        if count < 0:
            raise ValueError("A group cannot have a negative count.")
        if count:
            items.append((key, count))
    total = sum(count for _key, count in items)
    if total < minimum:
        return SuppressedCounts(groups=[], other=None, merged=tuple(key for key, _c in items), total=None)
    merged = [key for key, count in items if count < minimum]
    if not merged:
        return SuppressedCounts(groups=list(items), other=None, merged=(), total=total)
    other = sum(count for key, count in items if key in merged)
    # Smallest first; on a tie the later one in the input order goes first (keeps the leading groups).
    candidates = sorted(
        ((count, -position, key) for position, (key, count) in enumerate(items) if count >= minimum),
    )
    for count, _position, key in candidates:
        if other >= minimum:
            break
        merged.append(key)
        other += count
    shown = [(key, count) for key, count in items if key not in merged]
    return SuppressedCounts(groups=shown, other=other, merged=tuple(merged), total=total)


#: Geometry of the bar charts (SVG user units).
CHART_WIDTH = 640
CHART_ROW_HEIGHT = 44
CHART_BAR_HEIGHT = 18
#: Room on the right of the longest bar for its value.
CHART_VALUE_ROOM = 200


def bar_chart(chart_id, title, rows, description):
    """The geometry of a horizontal bar chart (see banco/_bar_chart.html).

    `rows`: dicts with `label`, `value` (a number ≥ 0), `display` (the value as text) and
    optionally `style` ("solid", the default, or "hatched"). `description`: the summary read by
    screen readers (the chart's <desc>). Returns a dict for the template: the bars' widths are
    proportional to the largest value; every bar has its label and value as text."""
    largest = max((row["value"] for row in rows), default=0)
    room = CHART_WIDTH - CHART_VALUE_ROOM
    placed = []
    for index, row in enumerate(rows):
        width = round(room * row["value"] / largest) if largest else 0
        if row["value"] and width < 2:
            width = 2  # a tiny but non-zero value stays visible
        placed.append(
            {
                "label": row["label"],
                "display": row["display"],
                "style": row.get("style") or "solid",
                "y": index * CHART_ROW_HEIGHT,
                "bar_width": width,
                "text_x": width + 8,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "rows": placed,
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * CHART_ROW_HEIGHT,
        "bar_height": CHART_BAR_HEIGHT,
    }


def percent(part, whole):
    """`part` as a percentage of `whole`, one decimal (None when `whole` is 0)."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


# --- selectors ---------------------------------------------------------------------------------

#: How long a computed dashboard is reused (seconds). The page says when it was computed.
CACHE_SECONDS = 5 * 60
CACHE_PREFIX = "banco:estadisticas:v1"

#: Projects whose cost counts as allocated budget.
FUNDED_STATES = ("selected", "in_execution", "completed")


def _number(value):
    return intcomma(value)


def _percent_text(value):
    return "" if value is None else f"{formats.number_format(value, 1)} %"


def _money(amount, currency):
    from convocatorias.money import format_money  # noqa: PLC0415

    return format_money(amount or 0, currency)


def _describe(title, rows, total=None):
    parts = "; ".join(f"{row['label']}: {row['display']}" for row in rows) or _("sin datos")
    text = f"{title}. {parts}."
    if total is not None:
        text += " " + _("Total: %(total)s.") % {"total": total}
    return text


def breakdown(chart_id, title, rows, *, label_heading, value_heading, total=True, note=""):
    """One count broken down by category: the chart, the table rows and the total."""
    total_value = sum(row["value"] for row in rows)
    total_display = _number(total_value) if total else None
    return {
        "id": chart_id,
        "title": title,
        "label_heading": label_heading,
        "value_heading": value_heading,
        "rows": rows,
        "total": total_value if total else None,
        "total_display": total_display,
        "note": note,
        "chart": bar_chart(chart_id, title, rows, _describe(title, rows, total_display)) if rows else None,
    }


def _count_rows(pairs):
    return [{"label": label, "value": value, "display": _number(value)} for label, value in pairs]


def _sorted_by_count(counter, labels):
    """(label, count) pairs, largest first, then by label."""
    return sorted(((labels[key], count) for key, count in counter.items()), key=lambda item: (-item[1], str(item[0])))


# Proposals --------------------------------------------------------------------------------------


def _proposal_figures(proposals, *, territory_label):
    """Public proposals by status, theme and territory, with supports and comments: one query."""
    from propuestas.models import Proposal  # noqa: PLC0415

    rows = list(
        proposals.values(
            "status", "origin", "theme_id", "theme__name", "territory_id", "territory__name", "territory__municipality"
        )
        .annotate(n=Count("pk"), supports=Sum("supports_count"), comments=Sum("comments_count"))
        .order_by()
    )
    by_status, by_theme, by_territory, by_origin = {}, {}, {}, {}
    theme_names, territory_names = {}, {}
    for row in rows:
        by_origin[row["origin"]] = by_origin.get(row["origin"], 0) + row["n"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        by_theme[row["theme_id"]] = by_theme.get(row["theme_id"], 0) + row["n"]
        by_territory[row["territory_id"]] = by_territory.get(row["territory_id"], 0) + row["n"]
        theme_names[row["theme_id"]] = row["theme__name"]
        territory_names[row["territory_id"]] = territory_label(row["territory__name"], row["territory__municipality"])
    statuses = [(label, by_status[value]) for value, label in Proposal.Status.choices if by_status.get(value)]
    origins = [(label, by_origin[value]) for value, label in Proposal.Origin.choices if by_origin.get(value)]
    return {
        # Citizen proposals and the registry's projects (institutional, strategic, local plans…).
        "by_origin": breakdown(
            "proposals-origin",
            _("Proyectos por origen"),
            _count_rows(origins),
            label_heading=_("Origen"),
            value_heading=_("Proyectos"),
        ),
        "count": sum(row["n"] for row in rows),
        "supports": sum(row["supports"] or 0 for row in rows),
        "comments": sum(row["comments"] or 0 for row in rows),
        "by_status": breakdown(
            "proposals-status",
            _("Propuestas por estado"),
            _count_rows(statuses),
            label_heading=_("Estado"),
            value_heading=_("Propuestas"),
        ),
        "by_theme": breakdown(
            "proposals-theme",
            _("Propuestas por eje temático"),
            _count_rows(_sorted_by_count(by_theme, theme_names)),
            label_heading=_("Eje temático"),
            value_heading=_("Propuestas"),
        ),
        "by_territory": breakdown(
            "proposals-territory",
            _("Propuestas por territorio"),
            _count_rows(_sorted_by_count(by_territory, territory_names)),
            label_heading=_("Territorio"),
            value_heading=_("Propuestas"),
        ),
    }


# Ballots ----------------------------------------------------------------------------------------


def _ballot_figures(ballots, marks, *, territory_label, territories=()):
    """Ballots by channel (online, workshop code, desk-bound code, paper, imported), by territory
    and by verification (counts only): two queries (`votaciones.turnout`).

    `marks`: the `VoterMark`s of the same boxes (they tell the verified paper ballots).
    `territories`: (id, label) pairs always listed, with 0 when they have no ballots. The
    verified / unverified split goes through `suppress_small_groups`, like the demographics."""
    from votaciones import turnout  # noqa: PLC0415

    rows = turnout.count_rows(ballots, "box__territory_id", "box__territory__name", "box__territory__municipality")
    summary = turnout.summarise(rows, turnout.paper_marks(marks))
    by_territory = {territory_id: 0 for territory_id, _label in territories}
    names = dict(territories)
    for row in rows:
        key = row["box__territory_id"]
        by_territory[key] = by_territory.get(key, 0) + row["n"]
        names.setdefault(key, territory_label(row["box__territory__name"], row["box__territory__municipality"]))
    channels = [(turnout.CHANNELS[key], count) for key, count in summary["channels"].items()]
    territory_pairs = sorted(((names[key], count) for key, count in by_territory.items()), key=lambda item: str(item[0]))
    verification = None
    if summary["verified"]:
        verification = demographic_breakdown(
            "ballots-verification",
            _("Papeletas por verificación de residencia"),
            [(turnout.VERIFIED_LABEL, summary["verified"]), (turnout.UNVERIFIED_LABEL, summary["unverified"])],
            label_heading=_("Verificación"),
        )
        verification["value_heading"] = _("Papeletas")
        if verification["suppressed"]:
            verification["note"] = _("Menos de %(minimum)s papeletas: no se muestran datos.") % {"minimum": MINIMUM_GROUP}
    return {
        "count": sum(row["n"] for row in rows),
        "by_channel": breakdown(
            "ballots-channel",
            _("Papeletas por canal"),
            _count_rows(channels),
            label_heading=_("Canal"),
            value_heading=_("Papeletas"),
        ),
        "by_territory": breakdown(
            "ballots-territory",
            _("Papeletas por territorio"),
            _count_rows(territory_pairs),
            label_heading=_("Territorio"),
            value_heading=_("Papeletas"),
        ),
        "by_verification": verification,
    }


# Budget -----------------------------------------------------------------------------------------


def latest_spent_amount():
    """Per project (OuterRef "pk"): the spent amount of its latest published execution update
    that reports one. A correlated subquery: used inside the one grouped budget query."""
    from banco.models import ExecutionUpdate  # noqa: PLC0415

    return Subquery(
        ExecutionUpdate.objects.filter(
            proposal_id=OuterRef("pk"), spent_amount__isnull=False, published_at__lte=timezone.now()
        )
        .order_by("-published_at", "-pk")
        .values("spent_amount")[:1]
    )


def _funded(proposals, group_by):
    """Allocated (cost) and executed (latest spent amount) of the funded projects, per `group_by`."""
    return {
        row[group_by]: row
        for row in proposals.filter(status__in=FUNDED_STATES)
        .values(group_by)
        .annotate(
            projects=Count("pk"),
            allocated=Sum(Coalesce("validated_cost", "estimated_cost")),
            executed=Sum(latest_spent_amount()),
        )
        .order_by()
    }


def _call_budget(call, proposals, call_territories):
    funded = _funded(proposals, "territory_id")
    currency = call.currency
    rows, chart_rows = [], []
    listed = set()
    for item in call_territories:
        listed.add(item.territory_id)
        rows.append(_budget_row(item.territory.name, item.budget_ceiling, funded.get(item.territory_id), currency))
    for territory_id, data in funded.items():  # funded projects of a territory no longer in the call
        if territory_id not in listed:
            rows.append(_budget_row(_("Otro territorio"), None, data, currency))
    for row in rows:
        chart_rows.append({"label": f"{row['label']} · {_('asignado')}", "value": row["allocated"], "display": row["allocated_display"]})
        chart_rows.append(
            {"label": f"{row['label']} · {_('ejecutado')}", "value": row["executed"], "display": row["executed_display"], "style": "hatched"}
        )
    totals = _budget_row(_("Total"), sum(row["ceiling"] or 0 for row in rows) or None, {
        "projects": sum(row["projects"] for row in rows),
        "allocated": sum(row["allocated"] for row in rows),
        "executed": sum(row["executed"] for row in rows),
    }, currency)
    title = _("Presupuesto asignado y ejecutado por territorio")
    description = _describe(title, chart_rows) + " " + _(
        "Las barras sólidas son el presupuesto asignado; las rayadas, el ejecutado."
    )
    return {
        "currency": currency,
        "rows": rows,
        "totals": [totals],
        "chart": bar_chart("budget-territory", title, chart_rows, description) if any(r["value"] for r in chart_rows) else None,
    }


def _budget_row(label, ceiling, data, currency):
    data = data or {}
    allocated = data.get("allocated") or 0
    executed = data.get("executed") or 0
    return {
        "label": label,
        "ceiling": ceiling,
        "ceiling_display": _money(ceiling, currency) if ceiling is not None else "—",
        "projects": data.get("projects") or 0,
        "allocated": allocated,
        "allocated_display": _money(allocated, currency),
        "allocated_percent": _percent_text(percent(allocated, ceiling)),
        "executed": executed,
        "executed_display": _money(executed, currency),
        "executed_percent": _percent_text(percent(executed, allocated)),
    }


# People -----------------------------------------------------------------------------------------


def _people_figures(people):
    """How many people, and the gender and age range of those who consented: one query."""
    User = get_user_model()
    rows = list(people.values("demographics_consent", "gender", "age_range").annotate(n=Count("pk")).order_by())
    genders, ages = {}, {}
    for row in rows:
        if not row["demographics_consent"]:
            continue
        genders[row["gender"] or ""] = genders.get(row["gender"] or "", 0) + row["n"]
        ages[row["age_range"] or ""] = ages.get(row["age_range"] or "", 0) + row["n"]
    unknown = _("Sin indicar")
    return {
        "count": sum(row["n"] for row in rows),
        "gender": demographic_breakdown(
            "people-gender",
            _("Participación por género"),
            [(label, genders.get(value, 0)) for value, label in User.Gender.choices] + [(unknown, genders.get("", 0))],
            label_heading=_("Género"),
        ),
        "age": demographic_breakdown(
            "people-age",
            _("Participación por rango de edad"),
            [(label, ages.get(value, 0)) for value, label in User.AgeRange.choices] + [(unknown, ages.get("", 0))],
            label_heading=_("Rango de edad"),
        ),
    }


def demographic_breakdown(chart_id, title, pairs, *, label_heading, minimum=MINIMUM_GROUP):
    """A demographic distribution after `suppress_small_groups`: small groups never appear."""
    result = suppress_small_groups([(str(label), count) for label, count in pairs], minimum)
    value_heading = _("Personas")
    if result.suppressed:
        return {
            "id": chart_id,
            "title": title,
            "suppressed": True,
            "note": _("Menos de %(minimum)s personas dieron su consentimiento: no se muestran datos.") % {"minimum": minimum},
        }
    pairs = list(result.groups)
    note = ""
    if result.other is not None:
        pairs.append((other_label(minimum), result.other))
        note = _(
            "Los grupos de menos de %(minimum)s personas se suman en «%(other)s»; cuando un solo grupo "
            "es pequeño, se suma también el siguiente más pequeño, para que no pueda deducirse restando."
        ) % {"minimum": minimum, "other": other_label(minimum)}
    data = breakdown(chart_id, title, _count_rows(pairs), label_heading=label_heading, value_heading=value_heading, note=note)
    data["suppressed"] = False
    data["total_only"] = result.total_only
    return data


def other_label(minimum=MINIMUM_GROUP):
    return _("Otros / grupos de menos de %(minimum)s") % {"minimum": minimum}


def _territory_name(name, _municipality):
    return name


def _territory_with_municipality(name, municipality):
    return f"{name} ({municipality})" if municipality else name


# The dashboards ---------------------------------------------------------------------------------


def _cached(key, build):
    key = f"{CACHE_PREFIX}:{key}:{translation.get_language() or ''}"
    data = cache.get(key)
    if data is None:
        data = build()
        data["computed_at"] = timezone.now()
        cache.set(key, data, CACHE_SECONDS)
    return data


def public_calls():
    """The published, public calls with their phases (3 queries), oldest first."""
    from convocatorias.models import CallPage  # noqa: PLC0415

    return list(CallPage.objects.live().public().prefetch_related("phases").order_by("first_published_at", "pk"))


def find_call(key):
    """A published, public call by slug or id (with its phases), or None."""
    from convocatorias.models import CallPage  # noqa: PLC0415

    key = str(key or "").strip()
    if not key or len(key) > 255:
        return None
    calls = CallPage.objects.live().public().prefetch_related("phases")
    if key.isdigit():
        return calls.filter(pk=int(key)).first()
    return calls.filter(slug=key).order_by("pk").first()


def ballot_counts_visible(call, now=None):
    """May the dashboard show this call's ballot counts now? Not while the call hides them."""
    from votaciones.services import counts_visible  # noqa: PLC0415

    return counts_visible(call, now)


def call_participants(call, *, with_voters):
    """Distinct accounts (staff not counted) that took part in `call`: authors of public
    proposals, people who supported or commented on one and, when `with_voters`, online voters."""
    from django_comments_xtd.models import XtdComment  # noqa: PLC0415

    from propuestas.models import Proposal, Support  # noqa: PLC0415
    from votaciones.models import Ballot  # noqa: PLC0415

    public = Proposal.objects.public().filter(call=call)
    took_part = (
        Q(pk__in=public.filter(author__isnull=False).values("author_id"))
        | Q(pk__in=Support.objects.filter(proposal__in=public.values("pk")).values("user_id"))
        | Q(
            pk__in=XtdComment.objects.filter(
                content_type__app_label="propuestas",
                content_type__model="proposal",
                object_pk__in=public.annotate(pk_text=Cast("pk", CharField())).values("pk_text"),
                is_public=True,
                is_removed=False,
                user__isnull=False,
            ).values("user_id")
        )
    )
    if with_voters:
        took_part |= Q(pk__in=Ballot.objects.filter(box__call=call, voter__isnull=False).values("voter_id"))
    return get_user_model().objects.filter(took_part, is_active=True, is_staff=False)


def registered_participants():
    """Active accounts (staff not counted) with a confirmed email address."""
    from allauth.account.models import EmailAddress  # noqa: PLC0415

    return get_user_model().objects.filter(
        Exists(EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)), is_active=True, is_staff=False
    )


def call_dashboard(call, now=None):
    """The statistics of one call (cached; see CACHE_SECONDS)."""
    visible = ballot_counts_visible(call, now)
    return _cached(f"call:{call.pk}:{int(visible)}", lambda: _build_call_dashboard(call, visible))


def _build_call_dashboard(call, ballots_visible):
    from propuestas.models import Proposal  # noqa: PLC0415
    from votaciones.models import Ballot, VoterMark  # noqa: PLC0415

    call_territories = list(call.territories.select_related("territory"))
    proposals = Proposal.objects.public().filter(call=call)
    data = {
        "scope": "call",
        "people": _people_figures(call_participants(call, with_voters=ballots_visible)),
        "proposals": _proposal_figures(proposals, territory_label=_territory_name),
        "ballots_visible": ballots_visible,
        "ballots": None,
        "budget": _call_budget(call, proposals, call_territories),
    }
    if ballots_visible:
        data["ballots"] = _ballot_figures(
            Ballot.objects.filter(box__call=call),
            VoterMark.objects.filter(box__call=call),
            territory_label=_territory_name,
            territories=[(item.territory_id, item.territory.name) for item in call_territories],
        )
    return data


def overall_dashboard(calls, now=None):
    """The statistics of all published calls (cached). `calls`: `public_calls()`."""
    visible = tuple(call.pk for call in calls if ballot_counts_visible(call, now))
    key = "all:" + ",".join(str(call.pk) for call in calls) + ":" + ",".join(map(str, visible))
    return _cached(key, lambda: _build_overall_dashboard(calls, visible))


def _build_overall_dashboard(calls, visible_ids):
    from convocatorias.models import CallTerritory  # noqa: PLC0415
    from propuestas.models import Proposal  # noqa: PLC0415
    from votaciones.models import Ballot, VoterMark  # noqa: PLC0415

    call_ids = [call.pk for call in calls]
    # Every call's proposals and the registry's projects (which belong to no call).
    proposals = Proposal.objects.public().filter(Q(call_id__in=call_ids) | Q(call__isnull=True))
    funded = _funded(proposals, "call_id")
    ceilings = {
        row["call_id"]: row["total"]
        for row in CallTerritory.objects.filter(call_id__in=call_ids)
        .values("call_id")
        .annotate(total=Sum("budget_ceiling"))
        .order_by()
    }
    budget_rows, currencies = [], {}
    for call in calls:
        row = _budget_row(call.title, ceilings.get(call.pk), funded.get(call.pk), call.currency)
        row.update({"call_id": call.pk, "slug": call.slug, "currency": call.currency})
        budget_rows.append(row)
        total = currencies.setdefault(call.currency, {"ceiling": 0, "projects": 0, "allocated": 0, "executed": 0})
        total["ceiling"] += row["ceiling"] or 0
        total["projects"] += row["projects"]
        total["allocated"] += row["allocated"]
        total["executed"] += row["executed"]
    totals = [
        _budget_row(_("Total en %(currency)s") % {"currency": currency}, values["ceiling"] or None, values, currency)
        for currency, values in sorted(currencies.items())
    ]
    return {
        "scope": "all",
        "people": _people_figures(registered_participants()),
        "proposals": _proposal_figures(proposals, territory_label=_territory_with_municipality),
        "ballots_visible": bool(visible_ids),
        "ballots_hidden_calls": len(call_ids) - len(visible_ids),
        "ballots": _ballot_figures(
            Ballot.objects.filter(box__call_id__in=list(visible_ids)),
            VoterMark.objects.filter(box__call_id__in=list(visible_ids)),
            territory_label=_territory_with_municipality,
        ),
        "budget": {"rows": budget_rows, "totals": totals},
    }
