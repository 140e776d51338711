"""Staff screens of calls that Wagtail's page editor does not give: a new call copied from an earlier one."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.widgets import Button

from ..copying import CopyRefused, copy_call
from ..models import CallPage


class CopyCallForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Título de la nueva convocatoria"),
        max_length=255,
        error_messages={"required": gettext_lazy("Escriba el título de la nueva convocatoria.")},
    )
    slug = forms.SlugField(
        label=gettext_lazy("Dirección (slug)"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Vacía: se forma a partir del título."),
        error_messages={"invalid": gettext_lazy("Use solo letras sin acentos, números y guiones en la dirección.")},
    )
    first_phase_starts = forms.DateTimeField(
        label=gettext_lazy("Inicio de la primera fase"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=gettext_lazy("Las demás fases y los eventos se mueven lo mismo: duraciones y separaciones se conservan."),
        error_messages={
            "required": gettext_lazy("Indique cuándo empieza la primera fase."),
            "invalid": gettext_lazy("Escriba una fecha y hora válidas, por ejemplo 2027-03-01 09:00."),
        },
    )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))[:255]
        if not slug:
            raise forms.ValidationError(_("Escriba una dirección para la nueva convocatoria."))
        return slug


def copy_call_view(request, page_id):
    call = get_object_or_404(CallPage, pk=page_id)
    if not call.get_parent().permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    first = min((phase.starts_at for phase in call.phases.all()), default=None)
    initial = {"title": call.title, "first_phase_starts": timezone.localtime(first) if first else None}
    form = CopyCallForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                copy = copy_call(call=call, user=request.user, **form.cleaned_data)
            except CopyRefused as error:
                form.add_error("slug", error.message)
            else:
                messages.success(
                    request,
                    _("Se creó «%(title)s» como borrador: revise sus fases y textos y publíquela cuando esté lista.")
                    % {"title": copy.title},
                )
                return redirect("wagtailadmin_pages:edit", copy.pk)
        status = 400
    return TemplateResponse(
        request,
        "convocatorias/admin/copy_call.html",
        {"call": call, "form": form, "header_title": _("Nueva convocatoria a partir de «%(title)s»") % {"title": call.title}},
        status=status,
    )


def copy_call_buttons(page, user, priority):
    """The "Nueva convocatoria a partir de esta" button of a call, for staff who may add a call
    beside it (the page's header and the page listing's "more" menu)."""
    if page.specific_class is None or not issubclass(page.specific_class, CallPage):
        return
    if not page.get_parent().permissions_for_user(user).can_add_subpage():
        return
    yield Button(
        _("Nueva convocatoria a partir de esta"),
        reverse("convocatorias_copy", args=[page.pk]),
        icon_name="copy",
        priority=priority,
    )
