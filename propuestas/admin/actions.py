"""What a moderator does to a proposal (admit, reject, hide, show), one by one or in bulk: the
actions, each through the service that records the history and tells the author, and the form
that asks for the reason."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import rules, services
from ..lifecycle import State
from ..models import Proposal

REASON_MAX_LENGTH = 2000


def review_queryset():
    """What the staff listing and actions work on: everything sent (drafts stay private)."""
    return (
        Proposal.objects.exclude(status=State.DRAFT)
        .filter(call__isnull=False)  # the registry's projects have their own screens (banco)
        .select_related("call", "theme", "territory")
    )


# --- The actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewAction:
    """One thing a moderator does to a proposal, through the service that records and notifies."""

    name: str
    label: str
    verb: str  # what the confirmation page asks
    bulk_label: str  # what the bulk button says to screen readers
    reason_label: str
    reason_required: bool
    done_one: str  # success message for one proposal: %(reference)s
    done_many: str  # ngettext_lazy with %(count)d
    icon: str

    def applies_to(self, proposal):
        """Worth offering a button for (the service still decides, with a reason if it refuses)."""
        if self.name in ("admit", "reject"):
            return proposal.status == State.SUBMITTED
        if self.name == "hide":
            return not proposal.hidden
        return proposal.hidden

    def perform(self, *, proposal, user, reason):
        if self.name == "admit":
            return services.admit_proposal(proposal=proposal, user=user, reason=reason)
        if self.name == "reject":
            return services.reject_proposal(proposal=proposal, user=user, reason=reason)
        if self.name == "hide":
            if proposal.hidden:
                raise services.ActionRefused(_("La propuesta ya está oculta."), "invalid_state")
            return services.set_hidden(proposal=proposal, user=user, hidden=True, reason=reason)
        if not proposal.hidden:
            raise services.ActionRefused(_("La propuesta no está oculta."), "invalid_state")
        return services.set_hidden(proposal=proposal, user=user, hidden=False, reason=reason)


ACTIONS = {
    action.name: action
    for action in (
        ReviewAction(
            name="admit",
            bulk_label=_("Admitir las propuestas seleccionadas"),
            label=_("Admitir"),
            verb=_("¿Admitir estas propuestas?"),
            reason_label=_("Nota para la persona autora (opcional)"),
            reason_required=False,
            done_one=_("Propuesta %(reference)s admitida."),
            done_many=ngettext_lazy(
                "%(count)d propuesta admitida.", "%(count)d propuestas admitidas.", "count"
            ),
            icon="check",
        ),
        ReviewAction(
            name="reject",
            bulk_label=_("No admitir las propuestas seleccionadas"),
            label=_("No admitir"),
            verb=_("¿No admitir estas propuestas?"),
            reason_label=_("Motivo (obligatorio: la persona autora lo verá)"),
            reason_required=True,
            done_one=_("Propuesta %(reference)s no admitida."),
            done_many=ngettext_lazy(
                "%(count)d propuesta no admitida.", "%(count)d propuestas no admitidas.", "count"
            ),
            icon="cross",
        ),
        ReviewAction(
            name="hide",
            bulk_label=_("Ocultar las propuestas seleccionadas"),
            label=_("Ocultar"),
            verb=_("¿Ocultar estas propuestas de las listas públicas?"),
            reason_label=_("Motivo (obligatorio: se mostrará en la página de la propuesta)"),
            reason_required=True,
            done_one=_("Propuesta %(reference)s ocultada."),
            done_many=ngettext_lazy(
                "%(count)d propuesta ocultada.", "%(count)d propuestas ocultadas.", "count"
            ),
            icon="view",
        ),
        ReviewAction(
            name="show",
            bulk_label=_("Mostrar de nuevo las propuestas seleccionadas"),
            label=_("Mostrar de nuevo"),
            verb=_("¿Mostrar de nuevo estas propuestas?"),
            reason_label=_("Nota (opcional)"),
            reason_required=False,
            done_one=_("Propuesta %(reference)s visible de nuevo."),
            done_many=ngettext_lazy(
                "%(count)d propuesta visible de nuevo.", "%(count)d propuestas visibles de nuevo.", "count"
            ),
            icon="view",
        ),
    )
}

REASON_REQUIRED_MESSAGES = {
    "reject": _("Escriba el motivo: la persona autora lo verá."),
    "hide": _("Escriba el motivo de la ocultación: se mostrará en la página."),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("El motivo admite como máximo %(limit_value)d caracteres.")},
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = action.reason_label
        field.required = action.reason_required
        if action.reason_required:
            field.error_messages["required"] = REASON_REQUIRED_MESSAGES[action.name]

    def clean_reason(self):
        return (self.cleaned_data.get("reason") or "").strip()


def label(proposal):
    return proposal.reference or proposal.title


def require_moderator(user):
    if not rules.is_moderator(user):
        raise PermissionDenied
