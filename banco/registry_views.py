"""The registry's staff screens in the Wagtail admin (namespace "registro"): the list of registry
projects, register, edit (with the project's history), and the two imports (projects, execution
updates). Rules in `registry` and `registry_import`; these views only read forms and show results.

Editors (and superusers) hold the registry's permissions (`portal.roles`); anyone else who reaches
the admin gets Wagtail's refusal.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from convocatorias.models import Territory, Theme
from portal.admin.views import StaffView
from portal.errors import ActionRefused
from propuestas.models import Proposal, ProposalEvent

from . import execution, registry, registry_import

ADMIN_NS = "registro"
PER_PAGE = 50


def admin_url(name, *args):
    return reverse(f"{ADMIN_NS}:{name}", args=args)


class RegistryForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Título"), max_length=150)
    summary = forms.CharField(label=gettext_lazy("Resumen"), max_length=280, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    problem = forms.CharField(label=gettext_lazy("Problema que atiende"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=gettext_lazy("Qué se hace"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    origin = forms.ChoiceField(
        label=gettext_lazy("Origen"),
        choices=[(value, label) for value, label in Proposal.Origin.choices if value in registry.REGISTRY_ORIGINS],
    )
    external_reference = forms.CharField(
        label=gettext_lazy("Referencia externa"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("La clave del proyecto en el sistema de origen (BMPI, BIPL…); identifica las importaciones."),
    )
    theme = forms.ModelChoiceField(label=gettext_lazy("Eje temático"), queryset=Theme.objects.order_by("name"))
    territory = forms.ModelChoiceField(label=gettext_lazy("Territorio"), queryset=Territory.objects.order_by("municipality", "kind", "name"))
    estimated_cost = forms.IntegerField(label=gettext_lazy("Costo"), min_value=0, max_value=registry.MAX_COST)
    currency = forms.ChoiceField(label=gettext_lazy("Moneda"), choices=[(code, code) for code in registry.CURRENCIES])
    status = forms.ChoiceField(
        label=gettext_lazy("Estado"),
        choices=[(value, label) for value, label in Proposal.Status.choices if value in registry.REGISTRY_STATUSES],
    )
    year = forms.IntegerField(label=gettext_lazy("Año"), min_value=registry.FIRST_YEAR, max_value=2100)
    responsible_office = forms.CharField(label=gettext_lazy("Dependencia responsable"), max_length=200, required=False)
    funding_source = forms.CharField(label=gettext_lazy("Fuente de financiamiento"), max_length=200, required=False)
    beneficiaries_count = forms.IntegerField(label=gettext_lazy("Personas beneficiarias"), min_value=0, required=False)
    beneficiaries_description = forms.CharField(label=gettext_lazy("Quiénes se benefician"), max_length=300, required=False)
    address = forms.CharField(label=gettext_lazy("Dirección o lugar"), max_length=250, required=False)
    latitude = forms.DecimalField(label=gettext_lazy("Latitud"), required=False, min_value=-90, max_value=90, decimal_places=6)
    longitude = forms.DecimalField(label=gettext_lazy("Longitud"), required=False, min_value=-180, max_value=180, decimal_places=6)
    reason = forms.CharField(
        label=gettext_lazy("Motivo del cambio"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Si cambia el estado, queda en la historia pública del proyecto."),
    )

    @classmethod
    def initial_of(cls, project):
        names = [name for name in cls.base_fields if name not in ("currency", "reason")]
        initial = {name: getattr(project, name) for name in names}
        initial["currency"] = project.registry_currency or "MXN"
        return initial

    def service_data(self):
        data = dict(self.cleaned_data)
        data["theme"] = data["theme"].name
        territory = data["territory"]
        data["territory"] = f"{territory.name} ({territory.municipality})"
        return data


class RegistryAdminView(StaffView, TemplateView):
    header_icon = "folder-open-inverse"
    section_label = gettext_lazy("Registro de proyectos")

    def get_section_url(self):
        return admin_url("index")


class RegistryIndexView(RegistryAdminView):
    """The registry's projects (filter by origin, search by title or reference): constant queries."""

    template_name = "banco/registry/admin/index.html"
    page_title = gettext_lazy("Registro de proyectos")
    section_index = True

    def has_access(self, user):
        return registry.may_view(user)

    def get_context_data(self, **kwargs):
        projects = (
            Proposal.objects.filter(call__isnull=True)
            .select_related("theme", "territory")
            .order_by("-year", "reference", "pk")
        )
        origin = self.request.GET.get("origen", "")
        if origin in registry.REGISTRY_ORIGINS:
            projects = projects.filter(origin=origin)
        else:
            origin = ""
        text = (self.request.GET.get("q") or "").strip()[:100]
        if text:
            projects = projects.filter(
                Q(title__icontains=text) | Q(reference__icontains=text) | Q(external_reference__icontains=text)
            )
        page = Paginator(projects, PER_PAGE).get_page(self.request.GET.get("p"))
        user = self.request.user
        return super().get_context_data(
            page=page,
            origin=origin,
            text=text,
            origins=[(value, label) for value, label in Proposal.Origin.choices if value in registry.REGISTRY_ORIGINS],
            may_register=registry.may_register(user),
            may_change=registry.may_change(user),
            may_import=registry.may_import(user),
            may_post_updates=execution.may_post_updates(user),
            **kwargs,
        )


class RegistryFormView(RegistryAdminView):
    template_name = "banco/registry/admin/form.html"

    def form(self):
        return RegistryForm(self.request.POST or None, initial=self.initial())

    def initial(self):
        return {"currency": "MXN", "status": "selected"}

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            project = self.save(form)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Proyecto «%(title)s» guardado en el registro (%(reference)s).") % {
            "title": project.title,
            "reference": project.reference,
        })
        return redirect(admin_url("edit", project.pk))


class RegistryCreateView(RegistryFormView):
    page_title = gettext_lazy("Registrar un proyecto")

    def has_access(self, user):
        return registry.may_register(user)

    def save(self, form):
        return registry.register_project(actor=self.request.user, data=form.service_data())


class RegistryEditView(RegistryFormView):
    page_title = gettext_lazy("Proyecto del registro")

    def has_access(self, user):
        return registry.may_change(user)

    def setup_objects(self, **kwargs):
        self.project = get_object_or_404(
            Proposal.objects.filter(call__isnull=True).select_related("theme", "territory"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.project.title

    def initial(self):
        return RegistryForm.initial_of(self.project)

    def save(self, form):
        return registry.update_project(
            project=self.project, actor=self.request.user, data=form.service_data(), reason=form.cleaned_data.get("reason", "")
        )

    def get_context_data(self, **kwargs):
        from planes.services import may_align  # noqa: PLC0415

        history = ProposalEvent.objects.filter(proposal=self.project).order_by("created_at", "pk")
        return super().get_context_data(
            project=self.project,
            history=list(history),
            updates=execution.updates_of(self.project),
            plan_items=list(self.project.plan_items.select_related("plan").order_by("plan__name", "code")),
            may_align=may_align(self.request.user),
            may_post_updates=execution.may_post_updates(self.request.user)
            and self.project.status in execution.MONITORED_STATES,
            **kwargs,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archivo CSV (UTF-8) o XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        error_messages={"required": gettext_lazy("Elija el archivo que quiere importar.")},
    )


class RegistryImportView(RegistryAdminView):
    """Upload a file; the report lists every bad line, or what was created and updated."""

    template_name = "banco/registry/admin/import.html"
    kind = "projects"

    def has_access(self, user):
        if self.kind == "updates":
            return registry.may_import(user) and execution.may_post_updates(user)
        return registry.may_import(user)

    def get_page_title(self):
        return _("Importar proyectos al registro") if self.kind == "projects" else _("Importar avances de ejecución")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm(), kind=self.kind))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, kind=self.kind), status=400)
        upload = form.cleaned_data["file"]
        if upload.size > registry_import.MAX_BYTES:
            form.add_error("file", _("El archivo pesa más de %(max)s MB.") % {"max": registry_import.MAX_BYTES // (1024 * 1024)})
            return self.render_to_response(self.get_context_data(form=form, kind=self.kind), status=400)
        importer = registry_import.import_projects if self.kind == "projects" else registry_import.import_execution_updates
        report = importer(upload.file, actor=request.user)
        status = 200 if report.ok else 400
        return self.render_to_response(self.get_context_data(form=ImportForm(), kind=self.kind, report=report), status=status)


def admin_urlpatterns():
    return [
        path("", RegistryIndexView.as_view(), name="index"),
        path("nuevo/", RegistryCreateView.as_view(), name="add"),
        path("<int:pk>/", RegistryEditView.as_view(), name="edit"),
        path("importar/", RegistryImportView.as_view(kind="projects"), name="import"),
        path("importar-avances/", RegistryImportView.as_view(kind="updates"), name="import_updates"),
    ]
