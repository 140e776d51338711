"""Staff screens of the vote in the Wagtail admin ("Votaciones").

Workshops (`votaciones.facilitate_workshop`: Facilitadores and Editors): sessions per call and
territory, batches of one-time codes printed as slips with a QR code, voiding codes, and paper
ballots entered one by one or uploaded as a CSV file (all or nothing). Counts
(`votaciones.tally_results`: Editors): ballots per box and channel, per-project counts only when
the call lets anyone see them, and the count itself after the close.

Secrecy: no screen here joins a person to a ballot. Codes are stored as keyed digests, so their
clear text exists only in the response that generates them (the slips page, not cached).
Registered in the admin by `wagtail_hooks`.
"""

from urllib.parse import quote as url_quote
from urllib.parse import urlencode

import segno
from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages

from convocatorias.models import CallPage, CallPhase, CallTerritory
from convocatorias.money import format_money
from portal.admin.views import StaffView as BaseStaffView
from propuestas.models import Proposal
from portal.errors import ActionRefused

from . import paper, services, tally
from .ballots import CHOOSE_ONE, CUMULATIVE
from .models import Ballot, BallotBox, BallotChoice, BoxResult, VotingCode, WorkshopSession

FACILITATE = "votaciones.facilitate_workshop"
TALLY = "votaciones.tally_results"
NS = "votaciones_admin"
PAGE_SIZE = 50
MAX_ERRORS_SHOWN = 500

CHANNEL_LABELS = dict(Ballot.Channel.choices)


def voting_calls():
    """The calls that have a voting phase, by title; drafts never published are left out (a
    call published once stays, even if it was unpublished after its vote)."""
    return (
        CallPage.objects.filter(phases__kind=CallPhase.Kind.VOTING, first_published_at__isnull=False)
        .distinct()
        .order_by("title", "pk")
    )


def _count(model, **filters):
    """Subquery: how many `model` rows of the session (one query for the whole listing)."""
    rows = (
        model.objects.filter(session=OuterRef("pk"), **filters)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def sessions_queryset():
    """Workshop sessions with their call, territory and the counts of `services.session_summary`."""
    return WorkshopSession.objects.select_related("box__call", "box__territory").annotate(
        codes_count=_count(VotingCode),
        spent_count=_count(VotingCode, spent_at__isnull=False),
        voided_count=_count(VotingCode, voided_at__isnull=False),
        paper_count=_count(Ballot, channel=Ballot.Channel.PAPER),
    )


def voting_state(call, now=None):
    """"open", "closed" or "not_started" (or "none" without a voting phase), for the screens."""
    now = now or timezone.now()
    phase = services.voting_phase(call)
    if phase is None:
        return "none"
    if services.voting_closed(call, now):
        return "closed"
    if now < phase.starts_at:
        return "not_started"
    return "open"


STATE_LABELS = {
    "open": gettext_lazy("Votación abierta"),
    "closed": gettext_lazy("Votación cerrada"),
    "not_started": gettext_lazy("La votación aún no empieza"),
    "none": gettext_lazy("Sin fase de votación"),
}


class StaffView(BaseStaffView):
    """Base of the voting screens: one permission, breadcrumbs from the section's index."""

    permission = FACILITATE
    header_icon = "group"
    section_label = gettext_lazy("Talleres de votación")
    section_url_name = f"{NS}:sessions"


# --- Sessions ----------------------------------------------------------------------------------


class SessionListView(StaffView, TemplateView):
    template_name = "votaciones/admin/session_list.html"
    page_title = gettext_lazy("Talleres de votación")
    section_index = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calls = list(voting_calls().only("pk", "title"))
        try:
            call_id = int(self.request.GET.get("convocatoria", ""))
        except ValueError:
            call_id = None
        queryset = sessions_queryset()
        if call_id:
            queryset = queryset.filter(box__call_id=call_id)
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(page_obj=page, sessions=list(page.object_list), calls=calls, call_id=call_id)
        return context


class SessionForm(forms.Form):
    call = forms.ModelChoiceField(
        label=gettext_lazy("Convocatoria"),
        queryset=CallPage.objects.none(),
        empty_label=gettext_lazy("Elija una convocatoria"),
        error_messages={
            "required": gettext_lazy("Elija la convocatoria."),
            "invalid_choice": gettext_lazy("Esa convocatoria no tiene votación."),
        },
    )
    territory = forms.TypedChoiceField(
        label=gettext_lazy("Territorio"),
        coerce=int,
        help_text=gettext_lazy("Los territorios aparecen agrupados por convocatoria: elija uno de la convocatoria elegida."),
        error_messages={
            "required": gettext_lazy("Elija el territorio."),
            "invalid_choice": gettext_lazy("Ese territorio no participa en ninguna convocatoria con votación."),
        },
    )
    name = forms.CharField(
        label=gettext_lazy("Nombre del taller"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Escriba el nombre del taller."),
            "max_length": gettext_lazy("El nombre admite como máximo %(limit_value)d caracteres."),
        },
    )
    place = forms.CharField(
        label=gettext_lazy("Lugar"),
        max_length=250,
        required=False,
        error_messages={"max_length": gettext_lazy("El lugar admite como máximo %(limit_value)d caracteres.")},
    )
    held_on = forms.DateField(
        label=gettext_lazy("Fecha"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Escriba una fecha válida (AAAA-MM-DD).")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        calls = voting_calls()
        self.fields["call"].queryset = calls
        groups = {}
        for item in CallTerritory.objects.filter(call__in=calls).select_related("territory", "call").order_by(
            "call__title", "call_id", "sort_order"
        ):
            groups.setdefault((item.call.title, item.call_id), []).append((item.territory_id, item.territory.name))
        self.fields["territory"].choices = [("", _("Elija un territorio"))] + [
            (title, options) for (title, _call_id), options in groups.items()
        ]

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean(self):
        cleaned = super().clean()
        call, territory_id = cleaned.get("call"), cleaned.get("territory")
        if call and territory_id:
            item = CallTerritory.objects.filter(call=call, territory_id=territory_id).select_related("territory").first()
            if item is None:
                self.add_error("territory", _("Ese territorio no participa en la convocatoria elegida."))
            else:
                cleaned["territory_object"] = item.territory
        return cleaned


class SessionCreateView(StaffView, FormView):
    template_name = "votaciones/admin/session_form.html"
    form_class = SessionForm
    page_title = gettext_lazy("Nuevo taller de votación")
    header_icon = "plus"

    def get_initial(self):
        initial = super().get_initial()
        call_id = self.request.GET.get("convocatoria", "")
        if call_id.isdigit():
            initial["call"] = int(call_id)
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        box = services.box_for(call=data["call"], territory=data["territory_object"])
        session = services.create_session(
            box=box, user=self.request.user, name=data["name"], place=data["place"].strip(), held_on=data["held_on"]
        )
        messages.success(self.request, _("Taller «%(name)s» creado.") % {"name": session.name})
        return redirect(f"{NS}:session", pk=session.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SessionMixin(StaffView):
    """A view about one workshop session (its box, call and territory loaded with it)."""

    def setup_objects(self, **kwargs):
        self.session = get_object_or_404(sessions_queryset(), pk=kwargs["pk"])
        self.box = self.session.box
        self.call = self.box.call

    def get_page_subtitle(self):
        return str(self.session)

    def get_parents(self):
        return [(self.session.name, reverse(f"{NS}:session", args=[self.session.pk]))]

    @cached_property
    def state(self):
        return voting_state(self.call)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            box=self.box,
            call=self.call,
            state=self.state,
            state_label=STATE_LABELS[self.state],
            session_url=reverse(f"{NS}:session", args=[self.session.pk]),
            **kwargs,
        )

    def summary(self):
        session = self.session
        return {
            "codes": session.codes_count,
            "spent": session.spent_count,
            "voided": session.voided_count,
            "available": session.codes_count - session.spent_count - session.voided_count,
            "paper": session.paper_count,
        }


class SessionDetailView(SessionMixin, TemplateView):
    template_name = "votaciones/admin/session_detail.html"

    def get_page_title(self):
        return self.session.name

    def get_parents(self):
        return []

    def get_context_data(self, **kwargs):
        starts, ends = services.window_label(self.call)
        return super().get_context_data(
            summary=self.summary(),
            starts_at=starts,
            ends_at=ends,
            counted=BoxResult.objects.filter(box=self.box).values_list("computed_at", flat=True).first(),
            codes_form=GenerateCodesForm(),
            void_form=VoidCodeForm(),
            max_codes=services.MAX_CODES_PER_BATCH,
            **kwargs,
        )


# --- Codes -------------------------------------------------------------------------------------


class GenerateCodesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Cuántos códigos"),
        min_value=1,
        max_value=services.MAX_CODES_PER_BATCH,
        initial=30,
        help_text=gettext_lazy("Uno por persona que votará en el taller (entre 1 y 500 por tanda)."),
        error_messages={
            "required": gettext_lazy("Indique cuántos códigos necesita."),
            "invalid": gettext_lazy("Escriba un número entero."),
            "min_value": gettext_lazy("Indique un número de códigos entre 1 y 500."),
            "max_value": gettext_lazy("Indique un número de códigos entre 1 y 500."),
        },
    )


def code_entry_url(request):
    return request.build_absolute_uri(reverse("votaciones:code"))


def slip_url(base, code):
    """The address a slip's QR code opens: the code-entry page with the code filled in."""
    return f"{base}?{urlencode({'codigo': code})}"


def qr_svg(url):
    """An inline SVG QR code (no XML declaration; its title is fixed text, never user input)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, svgclass="slip__qr", title=_("Código QR para votar")
    )


def codes_csv_data_uri(codes, base):
    """The batch as a CSV file inside a data: URI (the codes exist only in this response)."""
    lines = ["codigo,direccion"] + [f"{code},{slip_url(base, code)}" for code in codes]
    return "data:text/csv;charset=utf-8," + url_quote("\ufeff" + "\r\n".join(lines) + "\r\n")


class GenerateCodesView(SessionMixin, FormView):
    """GET: how many codes. POST: create them and answer with the printable slips (not cached)."""

    template_name = "votaciones/admin/generate_codes.html"
    form_class = GenerateCodesForm
    page_title = gettext_lazy("Generar códigos")
    header_icon = "key"

    def form_valid(self, form):
        try:
            codes = services.generate_codes(
                session=self.session, count=form.cleaned_data["count"], user=self.request.user
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        base = code_entry_url(self.request)
        generated = timezone.localtime()
        slips = [{"code": code, "qr": qr_svg(slip_url(base, code))} for code in codes]
        filename = "codigos-{}-{}.csv".format(
            slugify(self.session.name)[:40] or self.session.pk, generated.strftime("%Y%m%d-%H%M%S")
        )
        response = render(
            self.request,
            "votaciones/admin/slips.html",
            {
                "session": self.session,
                "call": self.call,
                "territory": self.box.territory,
                "slips": slips,
                "count": len(codes),
                "vote_url": base,
                "csv_uri": codes_csv_data_uri(codes, base),
                "csv_filename": filename,
                "generated_at": generated,
                "expires_at": services.code_expires_at(self.call),
                "session_url": reverse(f"{NS}:session", args=[self.session.pk]),
            },
        )
        add_never_cache_headers(response)
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class VoidAllView(SessionMixin, TemplateView):
    """GET: confirm. POST: void every unspent code of the session."""

    template_name = "votaciones/admin/void_all.html"
    page_title = gettext_lazy("Anular los códigos sin usar")
    header_icon = "cross"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=self.summary(), **kwargs)

    def post(self, request, *args, **kwargs):
        voided = services.void_codes(session=self.session, user=request.user)
        if voided:
            messages.success(
                request,
                ngettext("Se anuló %(count)s código sin usar.", "Se anularon %(count)s códigos sin usar.", voided)
                % {"count": voided},
            )
        else:
            messages.warning(request, _("No había códigos sin usar: no se anuló ninguno."))
        return redirect(f"{NS}:session", pk=self.session.pk)


class VoidCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Código a anular"),
        max_length=40,
        help_text=gettext_lazy("Escríbalo como aparece en la papeleta, con o sin guion."),
        error_messages={
            "required": gettext_lazy("Escriba el código que quiere anular."),
            "max_length": gettext_lazy("Ese código es demasiado largo."),
        },
    )


class VoidCodeView(SessionMixin, FormView):
    """Void one code typed by staff (a lost or spoiled slip)."""

    template_name = "votaciones/admin/void_code.html"
    form_class = VoidCodeForm
    page_title = gettext_lazy("Anular un código")
    header_icon = "cross"

    def form_valid(self, form):
        try:
            services.void_code_text(session=self.session, text=form.cleaned_data["code"], user=self.request.user)
        except ActionRefused as refusal:
            form.add_error("code", refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(self.request, _("Código anulado: ya no sirve para votar."))
        return redirect(f"{NS}:session", pk=self.session.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Paper ballots -----------------------------------------------------------------------------


def proposal_label(proposal, currency):
    return "{} · {} ({})".format(
        proposal.reference or "—", proposal.title, format_money(proposal.cost, currency)
    )


class PaperBallotForm(forms.Form):
    """One paper ballot, with the online ballot's semantics: marks, one choice, or points."""

    def __init__(self, *args, call, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballot_type = call.ballot_type
        options = [(str(p.pk), proposal_label(p, call.currency)) for p in proposals]
        self.proposals = proposals
        if self.ballot_type == CUMULATIVE:
            cap = call.ballot_max_points_per_project or call.ballot_points
            for proposal in proposals:
                self.fields[f"puntos_{proposal.pk}"] = forms.IntegerField(
                    label=proposal_label(proposal, call.currency),
                    required=False,
                    min_value=0,
                    max_value=cap,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                    error_messages={
                        "invalid": _("Los puntos deben ser un número entero."),
                        "min_value": _("Los puntos no pueden ser negativos."),
                        "max_value": _("Un proyecto puede recibir como máximo %(limit_value)s puntos."),
                    },
                )
        elif self.ballot_type == CHOOSE_ONE:
            self.fields["projects"] = forms.ChoiceField(
                label=_("Proyecto marcado"),
                choices=options,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _("Ese proyecto no está en este tarjetón.")},
            )
        else:
            self.fields["projects"] = forms.MultipleChoiceField(
                label=_("Proyectos marcados"),
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": _("Ese proyecto no está en este tarjetón.")},
            )

    def choices(self):
        """The ballot as {proposal id: points} (what `services.check_ballot` reads)."""
        data = self.cleaned_data
        if self.ballot_type == CUMULATIVE:
            return {p.pk: data.get(f"puntos_{p.pk}") for p in self.proposals if data.get(f"puntos_{p.pk}")}
        marked = data.get("projects") or []
        if isinstance(marked, str):
            marked = [marked]
        return {int(pid): 1 for pid in marked}


class PaperBoxMixin(SessionMixin):
    @cached_property
    def proposals(self):
        return list(services.box_proposals(self.box))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposals=self.proposals,
            rules_text=ballot_rules_text(self.call, services.box_budget(self.box)),
            paper_count=self.session.paper_count,
            counted=BoxResult.objects.filter(box=self.box).exists(),
            **kwargs,
        )


def ballot_rules_text(call, budget):
    """One sentence describing what a valid ballot of the call is (for staff entering paper)."""
    kind = call.ballot_type
    if kind == CUMULATIVE:
        text = _("Reparta hasta %(points)s puntos entre los proyectos.") % {"points": call.ballot_points}
        if call.ballot_max_points_per_project:
            text += " " + _("Como máximo %(max)s por proyecto.") % {"max": call.ballot_max_points_per_project}
        return text
    if kind == CHOOSE_ONE:
        return _("Se marca un solo proyecto.")
    minimum = call.ballot_min_selections or 1
    if call.ballot_max_selections:
        text = _("Se marcan entre %(min)s y %(max)s proyectos.") % {"min": minimum, "max": call.ballot_max_selections}
    else:
        text = ngettext("Se marca al menos %(min)s proyecto.", "Se marcan al menos %(min)s proyectos.", minimum) % {
            "min": minimum
        }
    if kind == "knapsack" and budget:
        text += " " + _("Su costo no puede superar el techo del territorio (%(budget)s).") % {
            "budget": format_money(budget, call.currency)
        }
    return text


class PaperBallotView(PaperBoxMixin, FormView):
    """Enter one paper ballot; on success the empty form comes back for the next one."""

    template_name = "votaciones/admin/paper_ballot.html"
    form_class = PaperBallotForm
    page_title = gettext_lazy("Registrar una papeleta en papel")
    header_icon = "form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "call": self.call, "proposals": self.proposals}

    def form_valid(self, form):
        choices = form.choices()
        try:
            services.check_ballot(self.box, choices, services.rules_for(self.box, self.proposals))
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.record_paper_ballots(session=self.session, ballots=[choices], user=self.request.user)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        total = self.session.paper_count + 1
        messages.success(
            self.request,
            ngettext(
                "Papeleta registrada. Este taller lleva %(count)s papeleta en papel.",
                "Papeleta registrada. Este taller lleva %(count)s papeletas en papel.",
                total,
            )
            % {"count": total},
        )
        return redirect(f"{NS}:paper", pk=self.session.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PaperUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archivo CSV de papeletas"),
        help_text=gettext_lazy("Codificado en UTF-8, de 2 MB como máximo."),
        error_messages={
            "required": gettext_lazy("Elija el archivo CSV con las papeletas."),
            "empty": gettext_lazy("El archivo está vacío."),
            "invalid": gettext_lazy("No se recibió un archivo: vuelva a elegirlo."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > paper.MAX_BYTES:
            raise forms.ValidationError(_("El archivo pesa más de 2 MB: divídalo en varios archivos."))
        return upload


PAPER_MESSAGES = {
    "too_large": gettext_lazy("El archivo pesa más de %(max_mb)s MB: divídalo en varios archivos."),
    "empty": gettext_lazy("El archivo está vacío."),
    "not_csv": gettext_lazy("El archivo no parece un CSV de texto: expórtelo de nuevo como CSV."),
    "encoding": gettext_lazy("El archivo no está en UTF-8: guárdelo como «CSV UTF-8» y vuelva a subirlo."),
    "header": gettext_lazy("La primera línea debe ser «papeleta,proyectos» y es «%(found)s»."),
    "no_ballots": gettext_lazy("El archivo no tiene papeletas: solo la cabecera."),
    "too_many_ballots": gettext_lazy("El archivo tiene más de %(max)s papeletas: divídalo en varios archivos."),
    "bad_csv": gettext_lazy("La línea no es CSV válido: revise las comillas."),
    "columns": gettext_lazy(
        "Se esperaban 2 columnas (papeleta y proyectos) y hay %(count)s: separe los proyectos con «;»."
    ),
    "no_label": gettext_lazy("Falta el número de papeleta."),
    "long_label": gettext_lazy("El número de papeleta admite como máximo %(max)s caracteres."),
    "duplicate_label": gettext_lazy("La papeleta «%(label)s» está repetida (ya aparece en la línea %(first)s)."),
    "no_projects": gettext_lazy("La papeleta no marca ningún proyecto."),
    "unknown_reference": gettext_lazy("La referencia «%(reference)s» no está en el tarjetón de esta urna."),
    "duplicate_reference": gettext_lazy("El proyecto %(reference)s aparece dos veces en la papeleta."),
    "points_missing": gettext_lazy("Indique los puntos de %(reference)s como REFERENCIA:puntos."),
    "bad_points": gettext_lazy("Los puntos de %(reference)s deben ser un número entero positivo (se leyó «%(value)s»)."),
    "points_not_used": gettext_lazy("Esta votación no reparte puntos: escriba solo la referencia %(reference)s."),
}


def describe_paper_error(box, error):
    if error.code == "rules":
        text = " ".join(services.problem_messages(box, error.params["problems"]))
    else:
        text = str(PAPER_MESSAGES[error.code]) % error.params if error.params else str(PAPER_MESSAGES[error.code])
    if error.line is None:
        return text
    return _("Línea %(line)s: %(message)s") % {"line": error.line, "message": text}


class PaperUploadView(PaperBoxMixin, FormView):
    """Upload a CSV of paper ballots: every line is checked and the file is taken whole or not at all."""

    template_name = "votaciones/admin/paper_upload.html"
    form_class = PaperUploadForm
    page_title = gettext_lazy("Subir papeletas en papel (CSV)")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cumulative=self.call.ballot_type == CUMULATIVE,
            example=self.example(),
            template_url=reverse(f"{NS}:paper_template", args=[self.session.pk]),
            **kwargs,
        )

    def example(self):
        references = [p.reference for p in self.proposals if p.reference][:2] or ["PEM-2026-0001", "PEM-2026-0002"]
        if self.call.ballot_type == CUMULATIVE:
            return "1,{}".format(";".join(f"{ref}:{points}" for ref, points in zip(references, (3, 2))))
        if self.call.ballot_type == CHOOSE_ONE:
            return f"1,{references[0]}"
        return "1,{}".format(";".join(references))

    def refuse(self, form, errors, status):
        shown = errors[:MAX_ERRORS_SHOWN]
        return self.render_to_response(
            self.get_context_data(form=form, errors=shown, hidden_errors=len(errors) - len(shown)), status=status
        )

    def form_valid(self, form):
        data = form.cleaned_data["file"].read(paper.MAX_BYTES + 1)
        references = {paper.normalise_reference(p.reference): p.pk for p in self.proposals if p.reference}
        parsed = paper.parse_ballots_csv(data, references=references, cumulative=self.call.ballot_type == CUMULATIVE)
        errors = parsed.errors or paper.check_rules(parsed.ballots, services.rules_for(self.box, self.proposals))
        if errors:
            return self.refuse(form, [describe_paper_error(self.box, error) for error in errors], 400)
        try:
            created = services.record_paper_ballots(
                session=self.session, ballots=[ballot.choices for ballot in parsed.ballots], user=self.request.user
            )
        except ActionRefused as refusal:
            return self.refuse(form, [str(refusal.message)], 409)
        messages.success(
            self.request,
            ngettext(
                "Se registró %(count)s papeleta en papel.", "Se registraron %(count)s papeletas en papel.", len(created)
            )
            % {"count": len(created)},
        )
        return redirect(f"{NS}:session", pk=self.session.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PaperTemplateView(SessionMixin, TemplateView):
    """The CSV template of the session's box: the header row, ready to fill in."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse("\ufeff" + ",".join(paper.HEADER) + "\r\n", content_type="text/csv; charset=utf-8")
        name = slugify(f"papeletas {self.call.reference_prefix} {self.box.territory.name}") or "papeletas"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


# --- Results -----------------------------------------------------------------------------------


class ResultsMixin(StaffView):
    permission = TALLY
    header_icon = "table"
    section_label = gettext_lazy("Resultados de la votación")
    section_url_name = f"{NS}:results"


class ResultsIndexView(ResultsMixin, TemplateView):
    """The calls with a vote: state, ballots cast and the time of the last count."""

    template_name = "votaciones/admin/results_index.html"
    page_title = gettext_lazy("Resultados de la votación")
    section_index = True

    def get_context_data(self, **kwargs):
        calls = list(voting_calls().prefetch_related(Prefetch("phases", queryset=CallPhase.objects.all())))
        ids = [call.pk for call in calls]
        ballots = dict(
            Ballot.objects.filter(box__call_id__in=ids).values("box__call_id").annotate(n=Count("pk")).values_list("box__call_id", "n")
        )
        counted = dict(
            BoxResult.objects.filter(box__call_id__in=ids)
            .values("box__call_id")
            .annotate(last=Max("computed_at"))
            .values_list("box__call_id", "last")
        )
        now = timezone.now()
        rows = [
            {
                "call": call,
                "state": STATE_LABELS[voting_state(call, now)],
                "window": services.window_label(call),
                "ballots": ballots.get(call.pk, 0),
                "counted_at": counted.get(call.pk),
                "url": reverse(f"{NS}:call_results", args=[call.pk]),
            }
            for call in calls
        ]
        return super().get_context_data(rows=rows, **kwargs)


class CallResultsView(ResultsMixin, TemplateView):
    """One call: ballots per box and channel, per-project counts when visible, the stored count."""

    template_name = "votaciones/admin/call_results.html"

    def setup_objects(self, **kwargs):
        self.call = get_object_or_404(
            voting_calls().prefetch_related(Prefetch("phases", queryset=CallPhase.objects.all())), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return _("Resultados de la votación")

    def get_page_subtitle(self):
        return self.call.title

    def get_breadcrumb_label(self):
        return self.call.title

    def boxes(self, now):
        call = self.call
        visible = services.counts_visible(call, now)
        items = list(call.territories.select_related("territory").order_by("sort_order", "pk"))
        boxes = {
            box.territory_id: box
            for box in BallotBox.objects.filter(call=call).select_related("result__computed_by")
        }
        turnout = {}
        for row in Ballot.objects.filter(box__call=call).values("box_id", "channel").annotate(n=Count("pk")):
            turnout.setdefault(row["box_id"], {})[row["channel"]] = row["n"]
        projects = {}
        if visible:
            counts = {
                row["proposal_id"]: row
                for row in BallotChoice.objects.filter(ballot__box__call=call)
                .values("proposal_id")
                .annotate(ballots=Count("pk"), points=Sum("points"))
            }
            for proposal in Proposal.objects.filter(services.on_ballot(call), call=call).order_by("reference", "pk"):
                row = counts.get(proposal.pk, {})
                projects.setdefault(proposal.territory_id, []).append(
                    {
                        "proposal": proposal,
                        "cost": format_money(proposal.cost, call.currency),
                        "ballots": row.get("ballots", 0),
                        "points": row.get("points", 0),
                    }
                )
            for rows in projects.values():
                rows.sort(key=lambda r: (-r["ballots"], -r["points"], r["proposal"].reference or ""))
        result_rows = []
        for item in items:
            box = boxes.get(item.territory_id)
            channels = turnout.get(box.pk, {}) if box else {}
            result = getattr(box, "result", None) if box else None
            result_rows.append(
                {
                    "territory": item.territory,
                    "ceiling": format_money(item.budget_ceiling, call.currency) if item.budget_ceiling else None,
                    "channels": [(CHANNEL_LABELS[c], channels.get(c, 0)) for c in Ballot.Channel.values],
                    "total": sum(channels.values()),
                    "projects": projects.get(item.territory_id, []),
                    "result": result,
                    "winners": [
                        {**winner, "cost_text": format_money(winner["cost"], call.currency)}
                        for winner in (result.winners if result else [])
                    ],
                    "budget_used": format_money(result.budget_used, call.currency) if result else None,
                }
            )
        return result_rows, visible

    def get_context_data(self, **kwargs):
        now = timezone.now()
        rows, visible = self.boxes(now)
        starts, ends = services.window_label(self.call)
        call_url = self.call.url
        counted = [row["result"].computed_at for row in rows if row["result"]]
        return super().get_context_data(
            call=self.call,
            rows=rows,
            counts_visible=visible,
            closed=services.voting_closed(self.call, now),
            state_label=STATE_LABELS[voting_state(self.call, now)],
            starts_at=starts,
            ends_at=ends,
            last_count=max(counted) if counted else None,
            public_results_url=f"{call_url}resultados/" if call_url else None,
            tally_url=reverse(f"{NS}:tally", args=[self.call.pk]),
            **kwargs,
        )


class TallyView(CallResultsView):
    """POST: count every box of the call (after the close) and report each box's outcome."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not services.voting_closed(self.call):
            return self.render_to_response(
                self.get_context_data(error=_("Los resultados se calculan cuando cierra la votación.")), status=409
            )
        for box, outcome in tally.tally_call(self.call, user=request.user):
            if isinstance(outcome, BoxResult):
                messages.success(
                    request,
                    _("%(territory)s: %(ballots)s papeletas contadas, %(winners)s proyectos seleccionados.")
                    % {"territory": box.territory, "ballots": outcome.ballots_count, "winners": len(outcome.winners)},
                )
            else:
                messages.error(request, _("%(territory)s: %(message)s") % {"territory": box.territory, "message": outcome})
        return redirect(f"{NS}:call_results", pk=self.call.pk)
