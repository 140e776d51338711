"""Staff screens of verification in the Wagtail admin ("Verificación").

Census (`verificacion.manage_census`): the history of imports (who, when, rows per territory)
and the upload of a new file, imported whole or not at all. Desk (`verificacion.verify_at_desk`:
Verificación and Facilitadores): look a person up by document, verify an account after checking
the identity document in hand, record a person for one ballot (a code bound to them, or a paper
vote); and the open requests for in-person verification. Every desk action is audited
(`DeskAction`); no screen shows a document number (none is stored) nor a ballot.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.errors import ActionRefused
from votaciones.models import WorkshopSession

from . import services
from .forms import CensusUploadForm, DeskLookupForm, DeskRecordForm, DeskVerifyForm
from .models import CensusImport, InPersonRequest

MANAGE_CENSUS = "verificacion.manage_census"
DESK = "verificacion.verify_at_desk"
NS = "verificacion_admin"
PAGE_SIZE = 50


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    permission = DESK
    header_icon = "user"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def render(self, status=200, **context):
        response = self.render_to_response(self.get_context_data(**context), status=status)
        add_never_cache_headers(response)
        return response


class CensusView(StaffView):
    permission = MANAGE_CENSUS
    template_name = "verificacion/admin/census.html"
    page_title = gettext_lazy("Padrón")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(CensusImport.objects.select_related("imported_by"), PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(page_obj=page, imports=list(page.object_list))
        context.setdefault("form", CensusUploadForm())
        return context

    def post(self, request):
        form = CensusUploadForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render(status=400, form=form)
        upload = form.cleaned_data["file"]
        upload.seek(0)
        report = services.import_census(
            upload.file,
            scope=form.cleaned_data["scope"],
            user=request.user,
            file_name=upload.name or "",
            retain_until=form.cleaned_data["retain_until"],
        )
        if not report.ok:
            return self.render(status=400, form=form, errors=report.errors, hidden_errors=report.hidden_errors)
        record = report.census_import
        messages.success(request, _("Padrón «%(scope)s» importado: %(rows)s personas.") % {"scope": record.scope, "rows": record.rows})
        return self.render(form=CensusUploadForm(), imported=record)


def desk_sessions():
    return WorkshopSession.objects.select_related("box__call", "box__territory").order_by("-created_at", "-pk")


class DeskView(StaffView):
    template_name = "verificacion/admin/desk.html"
    page_title = gettext_lazy("Mesa de verificación")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("lookup_form", DeskLookupForm(prefix="lookup"))
        context.setdefault("verify_form", DeskVerifyForm(prefix="verify"))
        context.setdefault("record_form", DeskRecordForm(prefix="record"))
        context["sessions"] = list(desk_sessions()[:200])
        context["session_id"] = self._session_id()
        context["requests_url"] = reverse(f"{NS}:requests")
        return context

    def _session_id(self):
        try:
            return int(self.request.POST.get("session") or self.request.GET.get("session") or 0)
        except ValueError:
            return 0

    def _session(self):
        session_id = self._session_id()
        return desk_sessions().filter(pk=session_id).first() if session_id else None

    def post(self, request):
        action = request.POST.get("desk_action")
        if action == "lookup":
            return self._lookup()
        if action == "verify":
            return self._verify()
        if action == "record":
            return self._record()
        messages.error(request, _("Elija una acción de la mesa."))
        return self.render(status=400)

    def _lookup(self):
        form = DeskLookupForm(data=self.request.POST, prefix="lookup")
        if not form.is_valid():
            return self.render(status=400, lookup_form=_blank_number(form, DeskLookupForm, "lookup"))
        session = self._session()
        try:
            person = services.desk_lookup(
                staff=self.request.user,
                place=session.place or session.name if session else _("Punto de atención"),
                document_type=form.cleaned_data["document_type"],
                number=form.cleaned_data["number"],
                box=session.box if session else None,
            )
        except ActionRefused as refusal:
            messages.error(self.request, refusal.message)
            return self.render(status=429)
        return self.render(person=person, session=session)

    def _verify(self):
        form = DeskVerifyForm(data=self.request.POST, prefix="verify")
        if not form.is_valid():
            return self.render(status=400, verify_form=_blank_number(form, DeskVerifyForm, "verify"))
        data = form.cleaned_data
        account = get_user_model().objects.filter(email__iexact=data["email"]).first()
        if account is None:
            form.add_error("email", _("No hay ninguna cuenta con ese correo."))
            return self.render(status=400, verify_form=_blank_number(form, DeskVerifyForm, "verify"))
        try:
            services.desk_verify_account(
                staff=self.request.user,
                place=data["place"],
                account=account,
                document_type=data["document_type"],
                number=data["number"],
                territory=data["territory"],
                birth_date=data["birth_date"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render(status=400, verify_form=_blank_number(form, DeskVerifyForm, "verify"))
        messages.success(self.request, _("Cuenta verificada."))
        return self.render()

    def _record(self):
        form = DeskRecordForm(data=self.request.POST, prefix="record")
        session = self._session()
        if session is None:
            form.add_error(None, _("Elija el taller o la mesa donde vota la persona."))
        if not form.is_valid():
            return self.render(status=400, record_form=_blank_number(form, DeskRecordForm, "record"))
        data = form.cleaned_data
        try:
            if data["action"] == "code":
                code = services.desk_issue_code(
                    staff=self.request.user, session=session, document_type=data["document_type"], number=data["number"]
                )
                return self.render(issued_code=code, session=session)
            services.desk_mark_paper(staff=self.request.user, session=session, document_type=data["document_type"], number=data["number"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render(status=400, record_form=_blank_number(form, DeskRecordForm, "record"))
        messages.success(self.request, _("Registrado: la persona vota en papel en esta mesa."))
        return self.render(session=session)


def _blank_number(form, form_class, prefix):
    """The form with its errors, without sending the document number back to the page."""
    data = form.data.copy()
    data[f"{prefix}-number"] = ""
    fresh = form_class(data=data, prefix=prefix)
    fresh._errors = form.errors
    return fresh


class RequestsView(StaffView):
    template_name = "verificacion/admin/requests.html"
    page_title = gettext_lazy("Solicitudes de verificación presencial")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = InPersonRequest.objects.filter(resolved_at__isnull=True).select_related("user__territory")
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(page_obj=page, requests=list(page.object_list), desk_url=reverse(f"{NS}:desk"))
        return context
