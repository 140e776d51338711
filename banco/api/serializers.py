"""What the API shows of each object: public fields only, with Spanish names.

Nothing personal ever leaves through here: no emails, no account ids, no staff authors of
updates, no demographics, no ballots of people. Authors of proposals appear as on the proposal
page (`Proposal.author_name`: the group, or the person's public name).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from banco.models import ExecutionPhoto, ExecutionUpdate
from convocatorias.models import CallPage, CallPhase, CallTerritory, Territory, Theme
from convocatorias.phases import Status as CallStatus
from propuestas.lifecycle import PUBLIC_STATES
from planes.models import Plan, PlanItem
from propuestas.models import Proposal
from votaciones.models import Ballot
from votaciones.results_views import REASONS, rule_name

PUBLIC_STATUS_CHOICES = [(value, label) for value, label in Proposal.Status.choices if value in PUBLIC_STATES]
CALL_STATUS_CHOICES = [
    (CallStatus.UPCOMING.value, _("Por empezar")),
    (CallStatus.ACTIVE.value, _("En curso")),
    (CallStatus.BETWEEN.value, _("Entre fases")),
    (CallStatus.FINISHED.value, _("Terminada")),
    (CallStatus.UNSCHEDULED.value, _("Sin calendario")),
]


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class ThemeSerializer(serializers.ModelSerializer):
    nombre = serializers.CharField(source="name")
    descripcion = serializers.CharField(source="description")

    class Meta:
        model = Theme
        fields = ["id", "nombre", "slug", "descripcion"]


class ThemeRefSerializer(serializers.ModelSerializer):
    nombre = serializers.CharField(source="name")

    class Meta:
        model = Theme
        fields = ["id", "nombre"]


class TerritorySerializer(serializers.ModelSerializer):
    nombre = serializers.CharField(source="name")
    codigo = serializers.CharField(source="code")
    tipo = serializers.ChoiceField(source="kind", choices=Territory.Kind.choices)
    municipio = serializers.CharField(source="municipality")

    class Meta:
        model = Territory
        fields = ["id", "nombre", "codigo", "tipo", "municipio"]


class TerritoryRefSerializer(serializers.ModelSerializer):
    nombre = serializers.CharField(source="name")

    class Meta:
        model = Territory
        fields = ["id", "nombre"]


class PhaseSerializer(serializers.ModelSerializer):
    fase = serializers.ChoiceField(source="kind", choices=CallPhase.Kind.choices)
    etiqueta = serializers.CharField(source="get_kind_display")
    inicio = serializers.DateTimeField(source="starts_at")
    fin = serializers.DateTimeField(source="ends_at")
    descripcion = serializers.CharField(source="description")

    class Meta:
        model = CallPhase
        fields = ["fase", "etiqueta", "inicio", "fin", "descripcion"]


class CallTerritorySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="territory.id")
    nombre = serializers.CharField(source="territory.name")
    codigo = serializers.CharField(source="territory.code")
    tipo = serializers.ChoiceField(source="territory.kind", choices=Territory.Kind.choices)
    municipio = serializers.CharField(source="territory.municipality")
    techo = serializers.IntegerField(
        source="budget_ceiling", allow_null=True, help_text=_("Techo presupuestal en la moneda de la convocatoria.")
    )

    class Meta:
        model = CallTerritory
        fields = ["id", "nombre", "codigo", "tipo", "municipio", "techo"]


class CallSerializer(serializers.ModelSerializer):
    titulo = serializers.CharField(source="title")
    codigo = serializers.CharField(
        source="reference_prefix", help_text=_("Prefijo de las referencias de sus propuestas (PEM → PEM-2026-0042).")
    )
    url = serializers.SerializerMethodField()
    resumen = serializers.CharField(source="summary")
    institucion = serializers.CharField(source="organizer")
    moneda = serializers.ChoiceField(source="currency", choices=CallPage.Currency.choices)
    estado = serializers.SerializerMethodField()
    fase_actual = serializers.SerializerMethodField()
    costo_maximo_propuesta = serializers.IntegerField(source="max_proposal_cost", allow_null=True)
    tipo_papeleta = serializers.ChoiceField(source="ballot_type", choices=CallPage.BallotType.choices)
    regla_resultados = serializers.ChoiceField(source="results_rule", choices=CallPage.ResultsRule.choices)
    propuestas_publicas = serializers.IntegerField(source="public_proposals")
    fases = serializers.SerializerMethodField()
    territorios = CallTerritorySerializer(source="territories", many=True)
    ejes = ThemeRefSerializer(source="themes", many=True)

    class Meta:
        model = CallPage
        fields = [
            "id",
            "titulo",
            "slug",
            "codigo",
            "url",
            "resumen",
            "institucion",
            "moneda",
            "estado",
            "fase_actual",
            "costo_maximo_propuesta",
            "tipo_papeleta",
            "regla_resultados",
            "propuestas_publicas",
            "fases",
            "territorios",
            "ejes",
        ]

    def _now(self):
        return self.context.setdefault("now", timezone.now())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, call):
        return call.get_full_url(self.context.get("request")) or ""

    @extend_schema_field(serializers.ChoiceField(choices=CALL_STATUS_CHOICES))
    def get_estado(self, call):
        return str(call.status(self._now()))

    @extend_schema_field(serializers.ChoiceField(choices=CallPhase.Kind.choices, allow_null=True))
    def get_fase_actual(self, call):
        phase = call.current_phase(self._now())
        return phase.kind if phase is not None else None

    @extend_schema_field(PhaseSerializer(many=True))
    def get_fases(self, call):
        return PhaseSerializer(call.schedule, many=True).data


class ProposalSerializer(serializers.ModelSerializer):
    referencia = serializers.CharField(source="reference")
    titulo = serializers.CharField(source="title")
    resumen = serializers.CharField(source="summary")
    problema = serializers.CharField(source="problem")
    solucion = serializers.CharField(source="solution")
    convocatoria = serializers.IntegerField(
        source="call_id", allow_null=True, help_text=_("Id de la convocatoria; vacío en los proyectos del registro.")
    )
    origen = serializers.ChoiceField(
        source="origin",
        choices=Proposal.Origin.choices,
        help_text=_("De dónde viene: una convocatoria ciudadana o el registro (institucional, estratégico, plan local, programa municipal)."),
    )
    origen_etiqueta = serializers.CharField(source="get_origin_display")
    dependencia_responsable = serializers.CharField(source="responsible_office")
    fuente_financiamiento = serializers.CharField(source="funding_source")
    referencia_externa = serializers.CharField(source="external_reference", allow_null=True)
    moneda = serializers.SerializerMethodField()
    anio = serializers.SerializerMethodField()
    eje = ThemeRefSerializer(source="theme")
    territorio = TerritoryRefSerializer(source="territory")
    estado = serializers.ChoiceField(source="status", choices=PUBLIC_STATUS_CHOICES)
    estado_etiqueta = serializers.CharField(source="get_status_display")
    costo_estimado = serializers.IntegerField(source="estimated_cost")
    costo_validado = serializers.IntegerField(source="validated_cost", allow_null=True)
    costo = serializers.IntegerField(
        source="cost", help_text=_("El costo validado si la evaluación lo fijó; si no, el estimado.")
    )
    beneficiarios = serializers.IntegerField(source="beneficiaries_count")
    descripcion_beneficiarios = serializers.CharField(source="beneficiaries_description")
    direccion = serializers.CharField(source="address")
    latitud = serializers.DecimalField(
        source="latitude", max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    longitud = serializers.DecimalField(
        source="longitude", max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    apoyos = serializers.IntegerField(source="supports_count")
    comentarios = serializers.IntegerField(source="comments_count")
    enviada_en = serializers.DateTimeField(source="submitted_at", allow_null=True)
    autoria = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "referencia",
            "titulo",
            "resumen",
            "problema",
            "solucion",
            "convocatoria",
            "origen",
            "origen_etiqueta",
            "dependencia_responsable",
            "fuente_financiamiento",
            "referencia_externa",
            "moneda",
            "anio",
            "eje",
            "territorio",
            "estado",
            "estado_etiqueta",
            "costo_estimado",
            "costo_validado",
            "costo",
            "beneficiarios",
            "descripcion_beneficiarios",
            "direccion",
            "latitud",
            "longitud",
            "apoyos",
            "comentarios",
            "enviada_en",
            "autoria",
            "url",
        ]

    @extend_schema_field(serializers.CharField(help_text=_("Moneda de los montos: la de la convocatoria o la del proyecto del registro.")))
    def get_moneda(self, proposal):
        currency = getattr(proposal, "call_currency", None)
        return currency or (proposal.currency if proposal.call_id is None else proposal.call.currency)

    @extend_schema_field(
        serializers.IntegerField(allow_null=True, help_text=_("Año en que se envió (el año del proyecto en el registro)."))
    )
    def get_anio(self, proposal):
        if proposal.year:
            return proposal.year
        return timezone.localtime(proposal.submitted_at).year if proposal.submitted_at else None

    @extend_schema_field(serializers.CharField(help_text=_("Como la muestra la propuesta: el grupo o el nombre público.")))
    def get_autoria(self, proposal):
        return str(proposal.author_name)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, proposal):
        return absolute(self.context.get("request"), reverse("propuestas:detail", args=[proposal.pk]))


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    texto_alternativo = serializers.CharField(source="alt_text")
    ancho = serializers.IntegerField(source="width")
    alto = serializers.IntegerField(source="height")

    class Meta:
        model = ExecutionPhoto
        fields = ["url", "texto_alternativo", "ancho", "alto"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, photo):
        return absolute(self.context.get("request"), photo.file.url)


class ExecutionUpdateSerializer(serializers.ModelSerializer):
    propuesta = serializers.IntegerField(source="proposal_id")
    referencia = serializers.CharField(source="proposal.reference")
    titulo = serializers.CharField(source="proposal.title")
    convocatoria = serializers.IntegerField(source="proposal.call_id", allow_null=True)
    estado = serializers.ChoiceField(source="status", choices=ExecutionUpdate.Status.choices)
    estado_etiqueta = serializers.CharField(source="get_status_display")
    avance = serializers.IntegerField(source="progress", min_value=0, max_value=100, help_text=_("Porcentaje, de 0 a 100."))
    monto_comprometido = serializers.IntegerField(source="committed_amount", allow_null=True)
    monto_ejecutado = serializers.IntegerField(source="spent_amount", allow_null=True)
    fecha_inicio = serializers.DateField(source="start_date", allow_null=True)
    fecha_fin = serializers.DateField(source="end_date", allow_null=True, help_text=_("Terminación prevista."))
    texto = serializers.CharField(source="text")
    publicada_en = serializers.DateTimeField(source="published_at")
    fotos = PhotoSerializer(source="photos", many=True)
    url_propuesta = serializers.SerializerMethodField()

    class Meta:
        model = ExecutionUpdate
        fields = [
            "id",
            "propuesta",
            "referencia",
            "titulo",
            "convocatoria",
            "estado",
            "estado_etiqueta",
            "avance",
            "monto_comprometido",
            "monto_ejecutado",
            "fecha_inicio",
            "fecha_fin",
            "texto",
            "publicada_en",
            "fotos",
            "url_propuesta",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url_propuesta(self, update):
        return absolute(self.context.get("request"), reverse("propuestas:detail", args=[update.proposal_id]))


# --- Results (stored counts of closed votes) ----------------------------------------------------

REASON_CHOICES = [(code, label) for code, label in REASONS.items()]
CHANNEL_CHOICES = Ballot.Channel.choices


class ResultProjectSerializer(serializers.Serializer):
    propuesta = serializers.IntegerField(source="id")
    referencia = serializers.CharField(source="reference")
    titulo = serializers.CharField(source="title")
    costo = serializers.IntegerField(source="cost")
    puntaje = serializers.FloatField(
        source="score", help_text=_("Votos (o puntos en papeletas acumulativas) que recibió.")
    )
    aprobaciones = serializers.IntegerField(source="approvals", help_text=_("Papeletas que lo eligieron."))
    seleccionado = serializers.BooleanField(source="selected")
    ronda = serializers.IntegerField(
        source="round", allow_null=True, help_text=_("Orden en que resultó seleccionado (null si no lo fue).")
    )
    motivo = serializers.CharField(source="reason", help_text=_("Código de por qué terminó así."))
    motivo_etiqueta = serializers.SerializerMethodField()

    def get_motivo_etiqueta(self, entry) -> str:
        return str(REASONS.get(entry.get("reason"), entry.get("reason") or ""))


class TurnoutSerializer(serializers.Serializer):
    canal = serializers.ChoiceField(choices=CHANNEL_CHOICES)
    etiqueta = serializers.CharField()
    papeletas = serializers.IntegerField(min_value=0)


class CallRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    titulo = serializers.CharField(source="title")


class ResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Id del resultado (uno por convocatoria y territorio)."))
    convocatoria = serializers.SerializerMethodField()
    territorio = TerritoryRefSerializer(source="box.territory")
    moneda = serializers.SerializerMethodField()
    regla = serializers.CharField(source="rule", help_text=_("Regla del conteo (greedy, equalshares/add1…)."))
    regla_etiqueta = serializers.SerializerMethodField()
    presupuesto = serializers.IntegerField(source="budget", help_text=_("Techo del territorio."))
    presupuesto_asignado = serializers.IntegerField(source="budget_used", help_text=_("Suma de los costos ganadores."))
    papeletas = serializers.IntegerField(source="ballots_count")
    participacion = serializers.SerializerMethodField()
    ganadores = serializers.SerializerMethodField()
    proyectos = serializers.SerializerMethodField()
    calculado_en = serializers.DateTimeField(source="computed_at")
    url = serializers.SerializerMethodField()

    def _call(self, result):
        return self.context["calls"][result.box.call_id]

    @extend_schema_field(CallRefSerializer)
    def get_convocatoria(self, result):
        return CallRefSerializer(self._call(result)).data

    @extend_schema_field(serializers.ChoiceField(choices=CallPage.Currency.choices))
    def get_moneda(self, result):
        return self._call(result).currency

    def get_regla_etiqueta(self, result) -> str:
        return rule_name(result.rule)

    @extend_schema_field(TurnoutSerializer(many=True))
    def get_participacion(self, result):
        counts = result.turnout or {}
        return [
            {"canal": channel, "etiqueta": str(label), "papeletas": int(counts.get(channel, 0) or 0)}
            for channel, label in CHANNEL_CHOICES
        ]

    def _projects(self, result):
        public = self.context["public_ids"]
        return [entry for entry in result.projects if entry.get("id") in public]

    @extend_schema_field(ResultProjectSerializer(many=True))
    def get_proyectos(self, result):
        return ResultProjectSerializer(self._projects(result), many=True).data

    @extend_schema_field(ResultProjectSerializer(many=True))
    def get_ganadores(self, result):
        winners = sorted((e for e in self._projects(result) if e.get("selected")), key=lambda e: e.get("round") or 0)
        return ResultProjectSerializer(winners, many=True).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, result):
        call = self._call(result)
        request = self.context.get("request")
        return (call.get_full_url(request) or "") + call.reverse_subpage("results")


# --- Development plans (planes) ------------------------------------------------------------------


class PlanItemSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id")
    superior = serializers.IntegerField(source="parent_id", allow_null=True, help_text=_("Id del elemento superior."))
    tipo = serializers.ChoiceField(source="kind", choices=PlanItem.Kind.choices)
    clave = serializers.CharField(source="code")
    nombre = serializers.CharField(source="name")
    descripcion = serializers.CharField(source="description")
    orden = serializers.IntegerField(source="sort_order")
    proyectos = serializers.SerializerMethodField()
    banco_url = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "superior", "tipo", "clave", "nombre", "descripcion", "orden", "proyectos", "banco_url"]

    @extend_schema_field(
        serializers.IntegerField(help_text=_("Proyectos públicos del banco alineados con el elemento o con uno inferior."))
    )
    def get_proyectos(self, item):
        return self.context.get("counts", {}).get(item.pk, 0)

    @extend_schema_field(OpenApiTypes.URI)
    def get_banco_url(self, item):
        return absolute(self.context.get("request"), reverse("banco:search") + f"?plan={item.pk}")


class PlanSerializer(serializers.ModelSerializer):
    nombre = serializers.CharField(source="name")
    identificador = serializers.CharField(source="slug")
    nivel = serializers.ChoiceField(source="level", choices=Plan.Level.choices)
    nivel_etiqueta = serializers.CharField(source="get_level_display")
    municipio = serializers.CharField(source="municipality")
    territorio = serializers.IntegerField(source="territory_id", allow_null=True)
    inicio = serializers.IntegerField(source="start_year")
    termino = serializers.IntegerField(source="end_year")
    descripcion = serializers.CharField(source="description")
    documento = serializers.CharField(source="source_url")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id", "identificador", "nombre", "nivel", "nivel_etiqueta", "municipio", "territorio",
            "inicio", "termino", "descripcion", "documento", "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, plan):
        return absolute(self.context.get("request"), plan.get_absolute_url())
