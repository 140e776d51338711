"""The proposals app's part of a person's data: proposals, groups, supports, comments and
reactions (download), and the copies of their name and email in comments (erased on deletion).

Registered with `portal.personal_data` by `PropuestasConfig.ready()`.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from portal import personal_data

from .models import GroupMembership, Proposal, ProposalGroup, Support


def _iso(value):
    return value.isoformat() if value else None


def export_proposals(user):
    proposals = Proposal.objects.filter(author=user).select_related("call", "theme", "territory", "group")
    return [
        {
            "id": proposal.pk,
            "reference": proposal.reference,
            "call": proposal.call.title,
            "title": proposal.title,
            "summary": proposal.summary,
            "problem": proposal.problem,
            "solution": proposal.solution,
            "beneficiaries_count": proposal.beneficiaries_count,
            "beneficiaries_description": proposal.beneficiaries_description,
            "theme": str(proposal.theme),
            "territory": str(proposal.territory),
            "estimated_cost": proposal.estimated_cost,
            "address": proposal.address,
            "latitude": str(proposal.latitude) if proposal.latitude is not None else None,
            "longitude": str(proposal.longitude) if proposal.longitude is not None else None,
            "status": proposal.status,
            "group": proposal.group.name if proposal.group else None,
            "created_at": _iso(proposal.created_at),
            "submitted_at": _iso(proposal.submitted_at),
            "url": proposal.get_absolute_url(),
        }
        for proposal in proposals.order_by("pk")
    ]


def export_groups(user):
    memberships = GroupMembership.objects.filter(user=user).select_related("group").order_by("pk")
    created = ProposalGroup.objects.filter(created_by=user).values_list("pk", flat=True)
    return [
        {
            "id": membership.group_id,
            "name": membership.group.name,
            "role": membership.role,
            "joined_at": _iso(membership.joined_at),
            "created_by_you": membership.group_id in set(created),
        }
        for membership in memberships
    ]


def export_supports(user):
    supports = Support.objects.filter(user=user).select_related("proposal").order_by("pk")
    return [
        {
            "proposal_id": support.proposal_id,
            "proposal": support.proposal.title,
            "reference": support.proposal.reference,
            "created_at": _iso(support.created_at),
        }
        for support in supports
    ]


def _comments_of(user):
    from django_comments_xtd.models import XtdComment

    return XtdComment.objects.filter(user=user)


def export_comments(user):
    proposal_type = ContentType.objects.get_for_model(Proposal)
    return [
        {
            "id": comment.pk,
            "proposal_id": int(comment.object_pk) if comment.content_type_id == proposal_type.pk else None,
            "comment": comment.comment,
            "name": comment.user_name,
            "email": comment.user_email,
            "submitted_at": _iso(comment.submit_date),
            "is_public": comment.is_public,
            "is_removed": comment.is_removed,
            "parent_id": comment.parent_id if comment.parent_id != comment.pk else None,
            "followup": comment.followup,
        }
        for comment in _comments_of(user).order_by("pk")
    ]


def export_comment_flags(user):
    from django_comments.models import CommentFlag

    return [
        {"comment_id": flag.comment_id, "flag": flag.flag, "date": _iso(flag.flag_date)}
        for flag in CommentFlag.objects.filter(user=user).order_by("pk")
    ]


def erase_comments(user):
    """Comments stay in their threads (replies hang on them) without the author's name, email,
    web address or IP address; the pages then show "Cuenta eliminada"."""
    _comments_of(user).update(user_name="", user_email="", user_url="", ip_address=None, followup=False)


def register():
    personal_data.register(
        "proposals", models=["propuestas.Proposal"], export=export_proposals,
        note=_("Las propuestas son públicas y se conservan en el banco de proyectos sin autor."),
    )
    personal_data.register(
        "groups", models=["propuestas.ProposalGroup", "propuestas.GroupMembership"], export=export_groups,
    )
    personal_data.register("supports", models=["propuestas.Support"], export=export_supports)
    personal_data.register(
        "comments", models=["django_comments.Comment", "django_comments_xtd.XtdComment"],
        export=export_comments, erase=erase_comments,
    )
    personal_data.register("comment_reactions", models=["django_comments.CommentFlag"], export=export_comment_flags)
    personal_data.register(
        "staff_work",
        models=["propuestas.ProposalEvent"],
        note=_(
            "Trabajo del personal (revisión y evaluación de propuestas): se conserva como registro "
            "de la institución, sin el nombre de quien lo hizo después de eliminar la cuenta."
        ),
    )
