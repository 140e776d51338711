"""Comment moderation in the Wagtail admin ("Comentarios", for `propuestas.review_proposal`).

A listing of the comments on proposals, filtered by reported (pending removal suggestions),
hidden or all, by proposal and by text, with the pending report count of each; and three POST
actions per comment that go through `comments` services: hide, show again, resolve reports.
See `propuestas.comments` for the moderation model (what a report and a resolution are).
Registered by `wagtail_hooks` (URLs under /admin/comentarios/, namespace `propuestas_comments`).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.admin import messages

from portal.admin.menu import PermissionMenuItem
from portal.admin.views import StaffView

from .. import comments as service
from .. import rules
from ..models import Proposal

PAGE_SIZE = 50
SEARCH_MAX_LENGTH = 200
FILTERS = {
    "reportados": gettext_lazy("Reportados"),
    "ocultos": gettext_lazy("Ocultos"),
    "todos": gettext_lazy("Todos"),
}
DEFAULT_FILTER = "reportados"


def _require_moderator(user):
    if not rules.is_moderator(user):
        raise PermissionDenied


def moderation_queryset():
    """Comments on proposals with their pending report count."""
    return (
        XtdComment.norel_objects.filter(content_type=service.proposal_content_type())
        .select_related("user")
        .annotate(
            flags_count=Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL), distinct=True)
        )
    )


def filter_comments(queryset, *, state, query="", proposal=None):
    if state == "reportados":
        queryset = queryset.filter(flags_count__gt=0)
    elif state == "ocultos":
        queryset = queryset.filter(is_removed=True)
    if proposal:
        queryset = queryset.filter(object_pk=str(proposal))
    if query:
        queryset = queryset.filter(Q(comment__icontains=query) | Q(user_name__icontains=query))
    if state == "reportados":
        return queryset.order_by("-flags_count", "-submit_date", "-pk")
    return queryset.order_by("-submit_date", "-pk")


class CommentModerationView(StaffView, TemplateView):
    template_name = "propuestas/admin/comments.html"
    page_title = gettext_lazy("Comentarios")
    header_icon = "comment"
    section_label = gettext_lazy("Comentarios")
    section_index = True

    def has_access(self, user):
        return rules.is_moderator(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        state = params.get("estado", DEFAULT_FILTER)
        if state not in FILTERS:
            state = DEFAULT_FILTER
        query = params.get("q", "").strip()[:SEARCH_MAX_LENGTH]
        try:
            proposal_pk = int(params.get("propuesta", ""))
        except ValueError:
            proposal_pk = None
        queryset = filter_comments(moderation_queryset(), state=state, query=query, proposal=proposal_pk)
        page = Paginator(queryset, PAGE_SIZE).get_page(params.get("p"))
        rows = list(page.object_list)
        proposals = Proposal.objects.in_bulk({int(row.object_pk) for row in rows if row.object_pk.isdigit()})
        for row in rows:
            row.proposal = proposals.get(int(row.object_pk)) if row.object_pk.isdigit() else None
        filter_proposal = proposals.get(proposal_pk) if proposal_pk else None
        if proposal_pk and filter_proposal is None:
            filter_proposal = Proposal.objects.filter(pk=proposal_pk).first()
        context.update(
            {
                "rows": rows,
                "page_obj": page,
                "state": state,
                "filters": [(key, label) for key, label in FILTERS.items()],
                "query": query,
                "proposal_pk": proposal_pk,
                "filter_proposal": filter_proposal,
                "current_url": self.request.get_full_path(),
            }
        )
        return context


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("propuestas_comments:index")


@require_POST
def comment_action(request, pk, action):
    """Hide, show again or resolve the reports of one comment (POST, CSRF by the middleware)."""
    _require_moderator(request.user)
    comment = get_object_or_404(XtdComment.norel_objects, pk=pk, content_type=service.proposal_content_type())
    reason = request.POST.get("reason", "")[:2000]
    try:
        if action == "ocultar":
            service.set_comment_hidden(comment=comment, user=request.user, hidden=True, reason=reason)
            messages.success(request, _("Comentario ocultado: su página muestra un aviso en su lugar."))
        elif action == "mostrar":
            service.set_comment_hidden(comment=comment, user=request.user, hidden=False, reason=reason)
            messages.success(request, _("El comentario es visible de nuevo."))
        else:  # "resolver"
            closed = service.resolve_flags(comment=comment, user=request.user)
            messages.success(request, _("Reportes resueltos: %(count)d. El comentario sigue visible.") % {"count": closed})
    except service.CommentRefused as error:
        messages.error(request, error.message)
    return _back(request)


NS = "propuestas_comments"


def urlpatterns():
    return [
        path("", CommentModerationView.as_view(), name="index"),
        path("<int:pk>/ocultar/", comment_action, {"action": "ocultar"}, name="hide"),
        path("<int:pk>/mostrar/", comment_action, {"action": "mostrar"}, name="show"),
        path("<int:pk>/resolver/", comment_action, {"action": "resolver"}, name="resolve"),
    ]


def menu_item():
    return PermissionMenuItem(
        gettext_lazy("Comentarios"),
        reverse("propuestas_comments:index"),
        icon_name="comment",
        order=260,
        allowed=rules.is_moderator,
    )
