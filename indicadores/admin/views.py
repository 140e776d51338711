"""Staff screens of the indicators: the import of a values file, and the impact indicators of a
project (reached from the project's public page and from the catalogue's menu)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from portal.admin.views import StaffView
from propuestas.models import Proposal

from .. import services
from ..models import ProjectIndicator

NS = "indicadores_admin"
IMPORT_PERMISSION = "indicadores.add_indicatorvalue"
IMPACT_PERMISSION = "indicadores.add_projectindicator"
MAX_MB = getattr(settings, "INDICATORS_IMPORT_MAX_MB", 200)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archivo CSV (UTF-8) o XLSX"),
        error_messages={"required": gettext_lazy("Elija el archivo de valores."), "empty": gettext_lazy("El archivo está vacío.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_MB * 1024 * 1024:
            raise forms.ValidationError(_("El archivo pesa más de %(max_mb)s MB.") % {"max_mb": MAX_MB})
        return upload


class ImportView(StaffView, TemplateView):
    permission = IMPORT_PERMISSION
    template_name = "indicadores/admin/import.html"
    page_title = gettext_lazy("Importar valores de indicadores")
    header_icon = "upload"
    section_label = gettext_lazy("Indicadores")
    section_url_name = f"{NS}:import"
    section_index = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request):
        form = ImportForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        upload.seek(0)
        report = services.import_values(upload.file)
        if not report.ok:
            return self.render_to_response(
                self.get_context_data(form=form, errors=report.errors, hidden_errors=report.hidden_errors), status=400
            )
        messages.success(
            request,
            _("Importados %(rows)s valores de %(indicators)s indicadores en %(territories)s territorios.")
            % {"rows": report.rows, "indicators": report.indicators, "territories": report.territories},
        )
        return redirect(f"{NS}:import")


class ImpactForm(forms.ModelForm):
    class Meta:
        model = ProjectIndicator
        fields = ["indicator", "territory", "baseline_value", "baseline_period", "target_value", "target_period", "note"]


class ImpactView(StaffView, TemplateView):
    """A project's impact indicators: the list, and a form to add one (editing and deleting go
    through the snippet screens)."""

    permission = IMPACT_PERMISSION
    template_name = "indicadores/admin/impact.html"
    header_icon = "pick"
    section_label = gettext_lazy("Indicadores de impacto")
    section_url_name = "wagtailsnippets_indicadores_projectindicator:list"

    def setup_objects(self, pk=None, **kwargs):
        self.proposal = Proposal.objects.select_related("territory").filter(pk=pk).first()
        if self.proposal is None:
            raise Http404

    def get_page_title(self):
        return _("Impacto: %(title)s") % {"title": self.proposal.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposal"] = self.proposal
        context["links"] = list(ProjectIndicator.objects.filter(proposal=self.proposal).select_related("indicator", "territory"))
        context.setdefault("form", ImpactForm())
        return context

    def post(self, request, pk):
        link = ProjectIndicator(proposal=self.proposal)
        form = ImpactForm(data=request.POST, instance=link)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if ProjectIndicator.objects.filter(proposal=self.proposal, indicator=form.cleaned_data["indicator"]).exists():
            form.add_error("indicator", _("Este proyecto ya tiene ese indicador."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("Indicador de impacto añadido."))
        return redirect(reverse(f"{NS}:impact", args=(self.proposal.pk,)))

