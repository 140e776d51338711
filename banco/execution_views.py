"""Public views of the execution monitoring: follow and unfollow a project (thin: the rules are in
`execution`). The project's timeline is rendered on the proposal page by `execution_tags`.

Follow and unfollow are POST forms (CSRF, no JavaScript needed) that come back to the project's
page; anonymous visitors are sent to sign in and then back to the project. The emails' unfollow
link works without signing in: its signed token names the person and the project.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages as admin_messages

from convocatorias.models import CallPage
from portal.admin.views import StaffView
from propuestas.models import Proposal
from portal.errors import ActionRefused

from . import execution
from .models import ExecutionUpdate


def _back(request, proposal):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(proposal.get_absolute_url() + "#seguimiento")


@require_POST
def follow_project(request, pk):
    proposal = Proposal.objects.public().filter(pk=pk).first()
    if proposal is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(proposal.get_absolute_url() + "#seguimiento")
    try:
        created = execution.follow(user=request.user, proposal=proposal)
    except ActionRefused as error:
        messages.error(request, error.message)
        return _back(request, proposal)
    if created:
        messages.success(request, _("Ahora sigue este proyecto: le escribiremos cuando se publiquen avances de su ejecución."))
    else:
        messages.info(request, _("Ya seguía este proyecto."))
    return _back(request, proposal)


@require_POST
def unfollow_project(request, pk):
    proposal = get_object_or_404(Proposal.objects.exclude(status="draft"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(proposal.get_absolute_url() + "#seguimiento")
    if execution.unfollow(user=request.user, proposal=proposal):
        messages.success(request, _("Dejó de seguir este proyecto: ya no recibirá sus avances por correo."))
    else:
        messages.info(request, _("No seguía este proyecto."))
    return _back(request, proposal)


@never_cache
@require_http_methods(["GET", "POST"])
def unfollow_link(request, token):
    """The emails' link: confirm (GET shows a button, POST stops the follow)."""
    ids = execution.read_unfollow_token(token)
    proposal = Proposal.objects.filter(pk=ids[1]).first() if ids else None
    if proposal is None:
        context = {"error": _("El enlace para dejar de seguir no es válido o está incompleto. Revise que lo copió entero.")}
        return render(request, "banco/execution/unfollow_link.html", context, status=400)
    context = {"proposal": proposal, "token": token, "public": proposal.is_public}
    if request.method == "POST":
        execution.unfollow_with_token(token=token)
        context["done"] = True
    return render(request, "banco/execution/unfollow_link.html", context)


# --- Staff screens in the Wagtail admin (registered by wagtail_hooks, namespace "seguimiento") ---
#
# Staff holding `banco.add_executionupdate` (Editors; superusers) see the monitored projects, post
# updates, correct them (`change`) and delete them (`delete`). Anyone else who reaches the admin
# gets Wagtail's refusal (redirect to the admin home with a message); people who cannot reach the
# admin are sent to its login.

ADMIN_NS = "seguimiento"
PHOTO_SLOTS = 3


def admin_url(name, *args):
    return reverse(f"{ADMIN_NS}:{name}", args=args)


def _apply_errors(form, error):
    """Put a service's ValidationError on the form's fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            if name == "photos":
                target = "photo_1"
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ExecutionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Estado de la ejecución"),
        choices=ExecutionUpdate.Status.choices,
        error_messages={"required": gettext_lazy("Elija el estado de la ejecución."), "invalid_choice": gettext_lazy("Elija un estado de la ejecución de la lista.")},
    )
    progress = forms.IntegerField(
        label=gettext_lazy("Avance (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        error_messages={
            "required": gettext_lazy("Indique el avance, entre 0 y 100."),
            "invalid": gettext_lazy("El avance es un porcentaje entre 0 y 100."),
            "min_value": gettext_lazy("El avance es un porcentaje entre 0 y 100."),
            "max_value": gettext_lazy("El avance es un porcentaje entre 0 y 100."),
        },
    )
    committed_amount = forms.IntegerField(
        label=gettext_lazy("Monto comprometido"),
        required=False,
        help_text=gettext_lazy("En la moneda de la convocatoria, sin decimales."),
        error_messages={"invalid": gettext_lazy("Escriba un número entero.")},
    )
    spent_amount = forms.IntegerField(
        label=gettext_lazy("Monto ejecutado"),
        required=False,
        help_text=gettext_lazy("Lo pagado hasta hoy; no puede superar lo comprometido."),
        error_messages={"invalid": gettext_lazy("Escriba un número entero.")},
    )
    start_date = forms.DateField(
        label=gettext_lazy("Fecha de inicio"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Indique una fecha válida.")},
    )
    end_date = forms.DateField(
        label=gettext_lazy("Fecha de terminación prevista"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Indique una fecha válida.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Qué se hizo"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Se publica en la página del proyecto y se envía por correo a quienes lo siguen."),
        error_messages={"required": gettext_lazy("Cuente qué se hizo: el texto es obligatorio."), "max_length": gettext_lazy("El texto admite como máximo 5000 caracteres.")},
    )

    def __init__(self, *args, update=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.update = update
        if update is not None:
            photos = list(update.photos.all())
            if photos:
                self.fields["remove_photos"] = forms.MultipleChoiceField(
                    label=gettext_lazy("Quitar fotos"),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    choices=[(str(photo.pk), photo.alt_text) for photo in photos],
                )
        for number in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{number}"] = forms.FileField(
                label=gettext_lazy("Foto %(number)s") % {"number": number},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
                help_text=gettext_lazy("JPEG, PNG, WebP o GIF."),
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=gettext_lazy("Descripción de la foto %(number)s") % {"number": number},
                required=False,
                max_length=200,
                help_text=gettext_lazy("Qué muestra la foto, para quien no puede verla. Obligatoria si sube la foto."),
            )

    def clean(self):
        data = super().clean()
        for number in range(1, PHOTO_SLOTS + 1):
            if data.get(f"alt_{number}", "").strip() and not data.get(f"photo_{number}"):
                self.add_error(f"photo_{number}", _("Suba la foto que describe o deje la descripción en blanco."))
        return data

    def photos(self):
        return [
            (self.cleaned_data[f"photo_{number}"], self.cleaned_data.get(f"alt_{number}", ""))
            for number in range(1, PHOTO_SLOTS + 1)
            if self.cleaned_data.get(f"photo_{number}")
        ]

    def service_kwargs(self):
        names = ("status", "progress", "committed_amount", "spent_amount", "start_date", "end_date", "text")
        return {name: self.cleaned_data.get(name) for name in names}


class ExecutionAdminView(StaffView, TemplateView):
    """A page of the monitoring admin, for staff holding `permission`."""

    header_icon = "time"
    permission = execution.POST_PERMISSION
    section_label = gettext_lazy("Seguimiento")

    def get_section_url(self):
        return admin_url("index")


class MonitoredProjectsView(ExecutionAdminView):
    """Selected, in-execution and completed projects with their latest update: constant queries."""

    template_name = "banco/execution/admin/index.html"
    page_title = gettext_lazy("Seguimiento de proyectos")
    section_index = True

    def get_context_data(self, **kwargs):
        calls = list(CallPage.objects.filter(proposals__status__in=execution.MONITORED_STATES).distinct().order_by("title").only("pk", "title"))
        try:
            call_id = int(self.request.GET.get("call") or 0) or None
        except ValueError:
            call_id = None
        if call_id is not None and call_id not in {call.pk for call in calls}:
            call_id = None
        return super().get_context_data(
            projects=execution.monitored_projects(call_id=call_id), calls=calls, call_id=call_id, **kwargs
        )


class ProjectMixin:
    def setup_objects(self, **kwargs):
        self.proposal = get_object_or_404(
            Proposal.objects.select_related("call", "territory").filter(status__in=execution.MONITORED_STATES), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.proposal.title

    def get_parents(self):
        return [(self.proposal.title, admin_url("project", self.proposal.pk))]


class ProjectUpdatesView(ProjectMixin, ExecutionAdminView):
    template_name = "banco/execution/admin/project.html"
    page_title = gettext_lazy("Actualizaciones del proyecto")

    def get_parents(self):
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal,
            updates=execution.updates_of(self.proposal),
            followers=execution.followers_count(self.proposal),
            can_change=self.request.user.has_perm(execution.CHANGE_PERMISSION),
            can_delete=self.request.user.has_perm(execution.DELETE_PERMISSION),
            **kwargs,
        )


class UpdateFormView(ExecutionAdminView):
    template_name = "banco/execution/admin/form.html"

    def get_form(self):
        if self.request.method == "POST":
            return ExecutionUpdateForm(self.request.POST, self.request.FILES, update=self.update)
        return ExecutionUpdateForm(initial=self.initial(), update=self.update)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(proposal=self.proposal, update=self.update, **kwargs)

    def invalid(self, form):
        admin_messages.error(self.request, _("Revise los datos de la actualización: no se guardó nada."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.invalid(form)
        try:
            self.save(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.invalid(form)
        except ActionRefused as error:
            admin_messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        return redirect(admin_url("project", self.proposal.pk))


class UpdateCreateView(ProjectMixin, UpdateFormView):
    page_title = gettext_lazy("Nueva actualización")
    update = None

    def initial(self):
        latest = execution.latest_updates([self.proposal.pk]).get(self.proposal.pk)
        if latest is None:
            return {"status": ExecutionUpdate.Status.PLANNED, "progress": 0}
        return {
            name: getattr(latest, name)
            for name in ("status", "progress", "committed_amount", "spent_amount", "start_date", "end_date")
        }

    def save(self, form):
        execution.post_update(proposal=self.proposal, actor=self.request.user, photos=form.photos(), **form.service_kwargs())
        admin_messages.success(self.request, _("Actualización publicada: se avisará por correo a quienes siguen el proyecto."))


class UpdateMixin:
    def setup_objects(self, **kwargs):
        self.update = get_object_or_404(
            ExecutionUpdate.objects.select_related("proposal__call", "proposal__territory").prefetch_related("photos"),
            pk=kwargs["pk"],
        )
        self.proposal = self.update.proposal

    def get_page_subtitle(self):
        return self.proposal.title

    def get_parents(self):
        return [(self.proposal.title, admin_url("project", self.proposal.pk))]


class UpdateEditView(UpdateMixin, UpdateFormView):
    page_title = gettext_lazy("Corregir la actualización")
    permission = execution.CHANGE_PERMISSION

    def initial(self):
        names = ("status", "progress", "committed_amount", "spent_amount", "start_date", "end_date", "text")
        return {name: getattr(self.update, name) for name in names}

    def save(self, form):
        execution.edit_update(
            update=self.update,
            actor=self.request.user,
            photos=form.photos(),
            removed_photos=[int(pk) for pk in form.cleaned_data.get("remove_photos", [])],
            **form.service_kwargs(),
        )
        admin_messages.success(self.request, _("Actualización corregida."))


class UpdateDeleteView(UpdateMixin, ExecutionAdminView):
    template_name = "banco/execution/admin/delete.html"
    page_title = gettext_lazy("Eliminar la actualización")
    permission = execution.DELETE_PERMISSION

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, update=self.update, **kwargs)

    def post(self, request, *args, **kwargs):
        execution.delete_update(update=self.update, actor=request.user)
        admin_messages.success(request, _("Actualización eliminada. El estado del proyecto no cambia."))
        return redirect(admin_url("project", self.proposal.pk))


def admin_urlpatterns():
    return [
        path("", MonitoredProjectsView.as_view(), name="index"),
        path("proyecto/<int:pk>/", ProjectUpdatesView.as_view(), name="project"),
        path("proyecto/<int:pk>/nueva/", UpdateCreateView.as_view(), name="add"),
        path("actualizacion/<int:pk>/", UpdateEditView.as_view(), name="edit"),
        path("actualizacion/<int:pk>/eliminar/", UpdateDeleteView.as_view(), name="delete"),
    ]
