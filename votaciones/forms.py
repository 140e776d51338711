"""Forms of the voting pages: a ballot, a workshop code, a receipt check.

`BallotForm` turns what a browser posts into ``{proposal id: points}``: checkboxes
``choice=<id>`` (approval and knapsack), one radio ``choice=<id>`` (choose one) or number inputs
``points_<id>`` (cumulative). Anything else (ids of other boxes, several radios, negative or huge
numbers, junk) is a form error in Spanish; whether the choices make a valid ballot (limits,
budget, points) is the rules' business (`votaciones.ballots.problems`).
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from . import ballots as ballot_rules

POINTS_FIELD = re.compile(r"^points_(.*)$")
#: More than anyone may give: bounds the numbers the form parses when the call sets no total.
MAX_POINTS = 1_000_000
UNKNOWN_PROJECT = _("La papeleta incluye proyectos que no están en este tarjetón.")


class BallotForm(forms.Form):
    """One voter's choices on the ballot of a box. `proposals` are the projects on the ballot."""

    def __init__(self, data=None, *, proposals, rules, initial_choices=None):
        super().__init__(data)
        self.proposals = list(proposals)
        self.rules = rules
        self.initial_choices = dict(initial_choices or {})
        ids = [(str(p.pk), p.title) for p in self.proposals]
        messages = {"invalid_choice": UNKNOWN_PROJECT, "invalid_list": UNKNOWN_PROJECT}
        kind = rules.ballot_type
        if kind == ballot_rules.CUMULATIVE:
            top = min(rules.points or MAX_POINTS, rules.max_points_per_project or MAX_POINTS)
            for proposal in self.proposals:
                self.fields[self.points_name(proposal)] = forms.IntegerField(
                    label=proposal.title,
                    required=False,
                    min_value=0,
                    max_value=top,
                    error_messages={
                        "invalid": _("Los puntos deben ser números enteros."),
                        "min_value": _("Los puntos no pueden ser negativos."),
                        "max_value": _("Un proyecto puede recibir como máximo %(limit_value)s puntos."),
                    },
                )
        elif kind == ballot_rules.CHOOSE_ONE:
            self.fields["choice"] = forms.TypedChoiceField(
                choices=ids, coerce=int, required=False, error_messages=messages
            )
        else:
            self.fields["choice"] = forms.TypedMultipleChoiceField(
                choices=ids, coerce=int, required=False, error_messages=messages
            )

    @staticmethod
    def points_name(proposal):
        return f"points_{proposal.pk}"

    def clean(self):
        cleaned = super().clean()
        if not self.is_bound:
            return cleaned
        if self.rules.ballot_type == ballot_rules.CUMULATIVE:
            known = {self.points_name(p) for p in self.proposals}
            if any(POINTS_FIELD.match(name) and name not in known for name in self.data):
                raise forms.ValidationError(UNKNOWN_PROJECT, code="unknown_project")
        elif self.rules.ballot_type == ballot_rules.CHOOSE_ONE and len(self.data.getlist("choice")) > 1:
            raise forms.ValidationError(_("Elija un solo proyecto."), code="only_one")
        return cleaned

    @property
    def choices(self):
        """The parsed ballot ``{proposal id: points}`` (after `is_valid()`), zeros left out."""
        data = self.cleaned_data
        if self.rules.ballot_type == ballot_rules.CUMULATIVE:
            return {
                p.pk: data[self.points_name(p)] for p in self.proposals if data.get(self.points_name(p))
            }
        if self.rules.ballot_type == ballot_rules.CHOOSE_ONE:
            return {data["choice"]: 1} if data.get("choice") not in (None, "") else {}
        return {pid: 1 for pid in data.get("choice") or []}

    def rows(self):
        """Each project with what the voter has marked (posted values, else the current ballot)."""
        cumulative = self.rules.ballot_type == ballot_rules.CUMULATIVE
        if self.is_bound:
            marked = set(self.data.getlist("choice")) if not cumulative else set()
        else:
            marked = {str(pid) for pid, points in self.initial_choices.items() if points}
        rows = []
        for proposal in self.proposals:
            name = self.points_name(proposal)
            if cumulative:
                if self.is_bound:
                    value = (self.data.get(name) or "")[:12]
                else:
                    value = self.initial_choices.get(proposal.pk) or ""
                errors = self.errors.get(name) if self.is_bound else None
                rows.append({"proposal": proposal, "points_name": name, "points": value, "errors": errors})
            else:
                rows.append({"proposal": proposal, "checked": str(proposal.pk) in marked})
        return rows

    def problems_messages(self):
        """Every form error as one flat list of sentences (they are shown above the ballot)."""
        messages = []
        for name, errors in self.errors.items():
            for error in errors:
                if name in self.fields and name.startswith("points_"):
                    messages.append(f"{self.fields[name].label}: {error}")
                else:
                    messages.append(str(error))
        return list(dict.fromkeys(messages))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Código de votación"),
        max_length=40,
        help_text=_("El código impreso que le entregaron en el taller (con o sin guiones)."),
        error_messages={"required": _("Escriba su código."), "max_length": _("Ese código es demasiado largo.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class ReceiptCheckForm(forms.Form):
    receipt = forms.CharField(
        label=_("Código de recibo"),
        max_length=40,
        help_text=_("El código que recibió al votar, por ejemplo ABCD-EFGH-JKMN."),
        error_messages={"required": _("Escriba el código de su recibo."), "max_length": _("Ese código es demasiado largo.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
