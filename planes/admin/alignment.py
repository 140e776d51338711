"""Aligning a project of the bank with plan items (admin → Planes de desarrollo → alinear).

Staff holding `planes.align_project` (Editors, evaluation coordinators; superusers) choose the
items; the registry's screens, the review screen and the evaluation link here.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from portal.admin.views import StaffView
from portal.errors import ActionRefused
from propuestas.models import Proposal

from .. import selectors, services

ADMIN_NS = "planes_admin"


class AlignmentView(StaffView, TemplateView):
    template_name = "planes/admin/alignment.html"
    header_icon = "list-ul"
    page_title = gettext_lazy("Alineación con los planes")
    section_label = gettext_lazy("Planes de desarrollo")

    def has_access(self, user):
        return services.may_align(user)

    def get_section_url(self):
        return reverse("wagtailsnippets_planes_plan:list")

    def setup_objects(self, **kwargs):
        self.proposal = get_object_or_404(Proposal.objects.exclude(status="draft"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.proposal.title

    def _next(self):
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return ""

    def get_context_data(self, **kwargs):
        aligned = {item.pk for item in self.proposal.plan_items.all()}
        return super().get_context_data(
            proposal=self.proposal,
            plans=selectors.item_choices(),
            aligned=aligned,
            next=self._next(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        raw = request.POST.getlist("items")
        if not all(value.isdigit() for value in raw):
            messages.error(request, _("La selección de elementos de plan no es válida."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            services.set_alignment(proposal=self.proposal, item_ids=raw, user=request.user)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, _("Se guardó la alineación de «%(title)s».") % {"title": self.proposal.title})
        return redirect(self._next() or reverse(f"{ADMIN_NS}:align", args=[self.proposal.pk]))


def admin_urlpatterns():
    return [path("alinear/<int:pk>/", AlignmentView.as_view(), name="align")]
