"""Reads of the development plans: the public pages, the alignment of one project, the exports.

Every function runs a fixed number of queries whatever the number of plans, items and projects.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from propuestas.lifecycle import PUBLIC_STATES

from .alignment import AlignedItem, suggested_score
from .models import Plan, PlanItem

PUBLIC_STATUSES = [state.value for state in PUBLIC_STATES]


@dataclass
class TreeNode:
    item: PlanItem
    children: list = field(default_factory=list)
    count: int = 0  # public projects aligned with this item or any below it


def public_plans():
    return Plan.objects.select_related("territory").order_by("municipality", "level", "-start_year", "name")


def _aligned_pairs(plan_ids):
    """(item id, proposal id) of public projects aligned with the items of `plan_ids` (one query)."""
    through = PlanItem.proposals.through
    return through.objects.filter(
        planitem__plan_id__in=plan_ids, proposal__status__in=PUBLIC_STATUSES, proposal__hidden=False
    ).values_list("planitem_id", "proposal_id")


def build_trees(plans, items, pairs):
    """{plan id: [TreeNode roots]} with each node's count of distinct projects in its subtree."""
    direct = defaultdict(set)
    for item_id, proposal_id in pairs:
        direct[item_id].add(proposal_id)
    nodes = {item.pk: TreeNode(item) for item in items}
    roots = defaultdict(list)
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id)
        (parent.children if parent else roots[item.plan_id]).append(node)

    def total(node):
        found = set(direct.get(node.item.pk, ()))
        for child in node.children:
            found |= total(child)
        node.count = len(found)
        return found

    plan_totals = {}
    for plan in plans:
        found = set()
        for root in roots.get(plan.pk, []):
            found |= total(root)
        plan_totals[plan.pk] = len(found)
    return roots, plan_totals


def plans_overview():
    """Every plan with its tree and counts: three queries (plans, items, aligned pairs)."""
    plans = list(public_plans())
    items = list(PlanItem.objects.filter(plan__in=[plan.pk for plan in plans]).order_by("plan_id", "sort_order", "code", "pk"))
    roots, totals = build_trees(plans, items, _aligned_pairs([plan.pk for plan in plans]))
    for plan in plans:
        plan.tree = roots.get(plan.pk, [])
        plan.project_count = totals.get(plan.pk, 0)
        plan.item_count = sum(1 for item in items if item.plan_id == plan.pk)
    return plans


def plan_detail(slug):
    """One plan with its tree and counts (three queries), or None."""
    plan = public_plans().filter(slug=slug).first()
    if plan is None:
        return None
    items = list(plan.items.order_by("sort_order", "code", "pk"))
    roots, totals = build_trees([plan], items, _aligned_pairs([plan.pk]))
    plan.tree = roots.get(plan.pk, [])
    plan.project_count = totals.get(plan.pk, 0)
    plan.item_count = len(items)
    return plan


def alignment_of(proposal):
    """The plan items a project is aligned with, with their plan and parent (one query)."""
    return list(
        PlanItem.objects.filter(proposals=proposal)
        .select_related("plan", "plan__territory", "parent", "parent__parent")
        .order_by("plan__municipality", "plan__level", "plan__name", "sort_order", "code")
    )


def alignment_by_proposal(proposal_ids):
    """{proposal id: [PlanItem with plan]} for many projects (one query): evaluation lists, exports."""
    through = PlanItem.proposals.through
    rows = through.objects.filter(proposal_id__in=list(proposal_ids)).select_related("planitem", "planitem__plan")
    found = defaultdict(list)
    for row in rows.order_by("planitem__plan__name", "planitem__sort_order", "planitem__code"):
        found[row.proposal_id].append(row.planitem)
    return found


def project_year(proposal):
    if getattr(proposal, "year", None):
        return proposal.year
    if proposal.submitted_at:
        return proposal.submitted_at.year
    from django.utils import timezone

    return timezone.now().year


def suggestion_for(proposal, items, scale_min=0, scale_max=5):
    """The suggested score of the plans criterion for `proposal` aligned with `items`."""
    aligned = [AlignedItem(item.kind, item.plan.start_year, item.plan.end_year) for item in items]
    return suggested_score(aligned, project_year(proposal), scale_min, scale_max)


def item_choices():
    """(plan, [items]) for the alignment form, in tree order (two queries)."""
    plans = list(public_plans())
    items = PlanItem.objects.select_related("plan").order_by("plan_id", "sort_order", "code", "pk")
    by_plan = defaultdict(list)
    for item in items:
        by_plan[item.plan_id].append(item)
    return [(plan, by_plan.get(plan.pk, [])) for plan in plans]


def export_rows():
    """Every plan item with its plan, for the open-data download (two queries)."""
    plans = {plan.pk: plan for plan in public_plans()}
    items = list(PlanItem.objects.order_by("plan_id", "sort_order", "code", "pk"))
    roots, _totals = build_trees(list(plans.values()), items, _aligned_pairs(list(plans)))
    counts = {}

    def walk(nodes):
        for node in nodes:
            counts[node.item.pk] = node.count
            walk(node.children)

    for nodes in roots.values():
        walk(nodes)
    by_id = {item.pk: item for item in items}
    for item in items:
        plan = plans.get(item.plan_id)
        if plan is None:
            continue
        parent = by_id.get(item.parent_id)
        yield {
            "plan": plan.slug,
            "plan_nombre": plan.name,
            "nivel": plan.get_level_display(),
            "municipio": plan.municipality,
            "territorio": plan.territory.name if plan.territory_id else "",
            "inicio": plan.start_year,
            "termino": plan.end_year,
            "elemento": item.pk,
            "tipo": item.get_kind_display(),
            "clave": item.code,
            "nombre": item.name,
            "superior": parent.code if parent else "",
            "proyectos": counts.get(item.pk, 0),
        }


def item_counts(plan_ids):
    """{item id: public projects aligned with it or an item below} for the plans (two queries)."""
    plans = list(Plan.objects.filter(pk__in=list(plan_ids)))
    items = list(PlanItem.objects.filter(plan__in=plans).order_by("plan_id", "sort_order", "code", "pk"))
    roots, _totals = build_trees(plans, items, _aligned_pairs([plan.pk for plan in plans]))
    counts = {}

    def walk(nodes):
        for node in nodes:
            counts[node.item.pk] = node.count
            walk(node.children)

    for nodes in roots.values():
        walk(nodes)
    return counts
