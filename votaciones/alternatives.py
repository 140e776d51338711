"""Projects marked as alternatives (at most one of a group can win) and per-theme caps: the rules
editors set on a call, as the results engine receives them."""

from django.utils.translation import gettext as _

from .models import AlternativeGroup


def group_problems(*, call, proposals, group=None):
    """Why `proposals` cannot form a group of alternatives of `call` (Spanish messages), or []."""
    problems = []
    proposals = list(proposals)
    if len(proposals) < 2:
        problems.append(_("Un grupo de alternativas necesita al menos dos proyectos."))
    if any(p.call_id != call.pk for p in proposals):
        problems.append(_("Todos los proyectos deben ser de la convocatoria elegida."))
    if len({p.territory_id for p in proposals}) > 1:
        problems.append(_("Los proyectos alternativos compiten en el mismo tarjetón: deben ser del mismo territorio."))
    taken = AlternativeGroup.objects.filter(call=call, proposals__in=proposals)
    if group is not None and group.pk:
        taken = taken.exclude(pk=group.pk)
    names = sorted({g.name for g in taken})
    if names:
        problems.append(
            _("Un proyecto solo puede estar en un grupo de alternativas; ya hay proyectos en: %(groups)s.")
            % {"groups": ", ".join(names)}
        )
    return problems


def exclusive_groups(box, proposals):
    """The groups of alternatives among `proposals` (those counted in the box), as tuples of
    engine ids."""
    return [tuple(str(pk) for pk in ids) for _name, ids in box_groups(box, proposals)]


def category_caps(box, proposals, budget):
    """{"eje:<theme id>": (the most its winners may cost, their engine ids)} for the call's
    per-theme caps: `max_percent` of the territory's ceiling, rounded down."""
    caps = {}
    for cap in box.call.theme_caps.all():
        ids = tuple(sorted(str(p.pk) for p in proposals if p.theme_id == cap.theme_id))
        if ids:
            caps[f"eje:{cap.theme_id}"] = (budget * cap.max_percent // 100, ids)
    return caps


def box_groups(box, proposals):
    """[(name, (proposal ids…))] of the call's groups of alternatives among `proposals` (two
    queries), for the box's cached sheet."""
    on_ballot = {p.pk for p in proposals}
    groups = []
    for group in AlternativeGroup.objects.filter(call_id=box.call_id).prefetch_related("proposals"):
        ids = tuple(sorted(p.pk for p in group.proposals.all() if p.pk in on_ballot))
        if len(ids) > 1:
            groups.append((group.name, ids))
    return groups


def ballot_notes(sheet, budget):
    """What the ballot page says about these rules, in the active language (no query: the
    groups and the caps come with the box's sheet)."""
    from convocatorias.money import format_money

    box, proposals = sheet.box, sheet.proposals
    by_id = {p.pk: p for p in proposals}
    notes = [
        _("%(name)s: %(titles)s son alternativas; solo una puede ganar.")
        % {"name": name, "titles": ", ".join(f"«{by_id[pk].title}»" for pk in ids)}
        for name, ids in sheet.alternative_groups
    ]
    if budget:
        themes = {p.theme_id: p.theme for p in proposals}
        for cap in box.call.theme_caps.all():
            if cap.theme_id in themes:
                notes.append(
                    _("Los proyectos ganadores del eje «%(theme)s» suman como máximo el %(percent)s %% del techo (%(amount)s).")
                    % {
                        "theme": themes[cap.theme_id].name,
                        "percent": cap.max_percent,
                        "amount": format_money(budget * cap.max_percent // 100, box.call.currency),
                    }
                )
    return notes
