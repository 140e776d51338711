"""Reads: the proposal list of a call (filters, ordering, search), a proposal page, similar
proposals and a person's participation. Every list runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch
from django_comments_xtd.models import XtdComment
from wagtail.search.backends import get_search_backend

from . import extensions
from .models import GroupMembership, Proposal, ProposalEvent, ProposalGroup, Support

ORDERINGS = {
    "recent": ("-submitted_at", "-id"),
    "supports": ("-supports_count", "-submitted_at", "-id"),
    "comments": ("-comments_count", "-submitted_at", "-id"),
    "random": ("random_key", "id"),
}
DEFAULT_ORDERING = "recent"
#: A large prime: (id × seed) mod P is a permutation of ids that a seed fixes.
RANDOM_MODULUS = 2_147_483_647
MAX_QUERY_LENGTH = 200


@dataclass
class ProposalFilters:
    theme: int | None = None
    territory: int | None = None
    status: str | None = None
    query: str = ""
    ordering: str = DEFAULT_ORDERING
    seed: int = 1
    errors: list = field(default_factory=list)


def list_card_queryset():
    """What a proposal card needs, in one query."""
    return Proposal.objects.select_related("theme", "territory", "group", "author").prefetch_related(
        Prefetch("images", to_attr="card_images")
    )


def call_proposals(call, filters):
    """The public proposals of a call after filters, search and ordering.

    Returns a queryset, or a list of the matching ids' proposals when searching (the search
    backend ranks by text; the ordering chosen still applies on top of the match).
    """
    queryset = list_card_queryset().public().filter(call=call)
    if filters.theme:
        queryset = queryset.filter(theme_id=filters.theme)
    if filters.territory:
        queryset = queryset.filter(territory_id=filters.territory)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.ordering == "random":
        queryset = queryset.annotate(random_key=(F("id") * filters.seed + 7919) % RANDOM_MODULUS)
    queryset = queryset.order_by(*ORDERINGS.get(filters.ordering, ORDERINGS[DEFAULT_ORDERING]))
    if filters.query:
        # The backend filters and pages the ordered queryset itself (order_by_relevance=False
        # keeps the visitor's ordering): no id lists, a count and a page query only.
        if filters.ordering == "random":
            queryset = queryset.order_by(*ORDERINGS[DEFAULT_ORDERING])  # annotations don't reach the index
        return get_search_backend().search(
            filters.query[:MAX_QUERY_LENGTH], queryset, operator="and", order_by_relevance=False
        )
    return queryset


def proposal_for_page(pk):
    """A proposal with everything its page shows (author, group, images, documents, history)."""
    events = ProposalEvent.objects.select_related("actor").order_by("created_at", "pk")
    return (
        Proposal.objects.select_related("call", "theme", "territory", "group", "author", *extensions.page_related())
        .prefetch_related(
            "images",
            "documents",
            Prefetch("events", queryset=events, to_attr="history"),
            "call__phases",
        )
        .filter(pk=pk)
        .first()
    )


def has_supported(user, proposal):
    if not user.is_authenticated:
        return False
    return Support.objects.filter(user=user, proposal=proposal).exists()


def comment_tree(proposal):
    """The comments of a proposal as a list of roots, each with `.children` (three levels).

    Removed comments stay in the tree with a notice so that replies keep their context.
    """
    content_type = ContentType.objects.get_for_model(Proposal)
    comments = list(
        XtdComment.objects.filter(content_type=content_type, object_pk=str(proposal.pk), is_public=True)
        .select_related("user")
        .order_by("thread_id", "order")
    )
    from .comments import attach_feedback

    attach_feedback(comments)
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.children = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        if parent is None or parent.pk == comment.pk:
            roots.append(comment)
        else:
            parent.children.append(comment)
    return roots


def participation(user):
    """What a person has done: proposals (own and groups'), groups, supports and comments."""
    memberships = list(
        GroupMembership.objects.filter(user=user).select_related("group").order_by("group__name")
    )
    proposals = list(
        Proposal.objects.authored_by(user)
        .select_related("call", "group", "territory")
        .order_by("-updated_at", "-pk")
    )
    supports = list(
        Support.objects.filter(user=user)
        .select_related("proposal", "proposal__call")
        .order_by("-created_at")
    )
    content_type = ContentType.objects.get_for_model(Proposal)
    comments = list(
        XtdComment.objects.filter(user=user, content_type=content_type).order_by("-submit_date")[:100]
    )
    commented = {
        proposal.pk: proposal
        for proposal in Proposal.objects.filter(pk__in={int(comment.object_pk) for comment in comments})
    }
    for comment in comments:
        comment.proposal = commented.get(int(comment.object_pk))
    return {"memberships": memberships, "proposals": proposals, "supports": supports, "comments": comments}


def group_with_members(pk):
    members = GroupMembership.objects.select_related("user").order_by("-role", "joined_at")
    return (
        ProposalGroup.objects.prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="member_list"),
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related("call").order_by("-updated_at"),
                to_attr="proposal_list",
            ),
        )
        .filter(pk=pk)
        .first()
    )
