"""Staff screens: groups of alternative projects (at most one of a group can win)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from convocatorias.models import CallPage
from propuestas.models import Proposal

from .alternatives import group_problems
from .models import AlternativeGroup
from .services import ON_BALLOT_BEFORE_EVALUATION


class ProposalChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, proposal):
        return f"{proposal.reference or proposal.pk} · {proposal.title} ({proposal.territory})"


class AlternativeGroupForm(WagtailAdminModelForm):
    class Meta:
        model = AlternativeGroup
        fields = ["call", "name", "proposals"]
        field_classes = {"proposals": ProposalChoice}
        widgets = {"proposals": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = CallPage.objects.order_by("title", "pk")
        self.fields["call"].error_messages["required"] = _("Elija la convocatoria.")
        self.fields["name"].error_messages["required"] = _("Escriba un nombre para el grupo.")
        # Only projects that are, or may yet be, on a ballot; by call and reference.
        self.fields["proposals"].queryset = (
            Proposal.objects.filter(status__in=sorted(s.value for s in ON_BALLOT_BEFORE_EVALUATION), hidden=False)
            .select_related("territory")
            .order_by("call_id", "reference", "pk")
        )
        self.fields["proposals"].help_text = _("Mantenga pulsada la tecla Ctrl (⌘ en Mac) para elegir varios.")
        self.fields["proposals"].error_messages.update(
            {"required": _("Elija los proyectos alternativos."), "invalid_choice": _("Ese proyecto no está disponible.")}
        )

    def clean(self):
        cleaned = super().clean()
        call, proposals = cleaned.get("call"), cleaned.get("proposals")
        if call is not None and proposals is not None:
            for problem in group_problems(call=call, proposals=proposals, group=self.instance):
                self.add_error("proposals", problem)
        return cleaned


class AlternativeGroupViewSet(ModelViewSet):
    model = AlternativeGroup
    name = "alternativas"
    url_prefix = "votaciones/alternativas"
    icon = "list-ul"
    menu_label = _("Alternativas")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name", "call"]
    list_filter = ["call"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["call_id", "name", "pk"]


    def get_form_class(self, for_update=False):
        return AlternativeGroupForm


alternative_groups = AlternativeGroupViewSet()
