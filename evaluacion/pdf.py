"""The evaluation sheet (cédula de evaluación) as a PDF, with reportlab.

`render(sheet)` takes what `selectors.sheet()` returns (staff or public version) and
returns the PDF's bytes. Every user text is escaped for reportlab's paragraph markup. Set
`EVALUATION_PDF_COMPRESS = False` (tests) to write the page streams uncompressed.
"""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from convocatorias.money import format_money


def _text(value):
    return escape(str(value if value is not None else "—")).replace("\n", "<br/>")


def _money(amount, currency):
    return "—" if amount is None else format_money(amount, currency)


def _number(value):
    """A score as the reader's language writes it (62,5 in Spanish, 62.5 in English)."""
    return "—" if value is None else number_format(value)


def _date(value, with_time=False):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT" if with_time else "DATE_FORMAT")


def _institution(call):
    """The site settings of the call's site (institution's name and logo), or None."""
    from wagtail.models import Site

    from portal.models import SiteSettings

    site = call.get_site() or Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else None


def _logo(institution):
    """The institution's logo as a flowable at most 4 × 1.6 cm, or None."""
    image = institution.logo if institution else None
    if image is None:
        return None
    try:
        with image.file.open("rb") as handle:
            data = io.BytesIO(handle.read())
    except (OSError, ValueError):
        return None
    ratio = image.width / image.height if image.width and image.height else 1
    height = min(1.6 * cm, 4 * cm / ratio)
    return Image(data, width=height * ratio, height=height, hAlign="LEFT")


def render(sheet):
    proposal = sheet.proposal
    currency = proposal.call.currency
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=f"{_('Cédula de evaluación')} {proposal.reference or proposal.pk}",
        author=proposal.call.title,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        pageCompression=1 if getattr(settings, "EVALUATION_PDF_COMPRESS", True) else 0,
        invariant=0 if getattr(settings, "EVALUATION_PDF_COMPRESS", True) else 1,
    )
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    cell = styles["BodyText"].clone("cell", fontSize=8.5, leading=10.5)
    institution = _institution(proposal.call)
    story = []
    if (logo := _logo(institution)) is not None:
        story.append(logo)
    if institution is not None:
        story.append(Paragraph(f"<b>{_text(institution.institution_name)}</b>", body))
    story += [
        Paragraph(_text(_("Cédula de evaluación técnica")), h1),
        Paragraph(_text(proposal.call.title), body),
        Paragraph(f"<b>{_text(proposal.reference or '')}</b> {_text(proposal.title)}", styles["Heading1"]),
    ]
    facts = [
        (_("Eje temático"), proposal.theme),
        (_("Territorio"), proposal.territory),
        (_("Costo estimado"), _money(proposal.estimated_cost, currency)),
        (_("Resumen"), proposal.summary),
        (_("Problema que atiende"), proposal.problem),
        (_("Solución propuesta"), proposal.solution),
        (_("Alineación con los planes de desarrollo"), "\n".join(sheet.alignment_text) or _("Sin alineación registrada.")),
    ]
    story.append(_table([[Paragraph(f"<b>{_text(k)}</b>", cell), Paragraph(_text(v), cell)] for k, v in facts], [4 * cm, 13 * cm]))

    if sheet.impact:  # the indicators the project means to move (indicadores)
        story += [Spacer(1, 10), Paragraph(_text(_("Indicadores de impacto")), h2)]
        rows = [[Paragraph(f"<b>{_text(t)}</b>", cell) for t in (_("Indicador"), _("Línea base"), _("Meta"), _("Valores posteriores"))]]
        for item in sheet.impact:
            later = "; ".join(f"{v['period']}: {v['value']}" for v in item["later"]) or "—"
            rows.append(
                [
                    Paragraph(_text(f"{item['indicator'].name} ({item['indicator'].unit})"), cell),
                    Paragraph(_text(f"{item['baseline']} ({item['link'].baseline_period})"), cell),
                    Paragraph(_text(f"{item['target']} ({item['link'].target_period})"), cell),
                    Paragraph(_text(later), cell),
                ]
            )
        story.append(_table(rows, [6 * cm, 3 * cm, 3 * cm, 5 * cm], header=True))
    story += [Spacer(1, 10), Paragraph(_text(_("Criterios y puntuaciones")), h2)]
    for criterion, entries in sheet.criteria_rows:
        heading = f"{criterion.name} · {_('peso')} {_number(criterion.weight)} · {_('escala')} {criterion.scale_min}–{criterion.scale_max}"
        if criterion.eliminatory:
            heading += f" · {_('eliminatorio, mínimo')} {criterion.minimum}"
        story.append(Paragraph(f"<b>{_text(heading)}</b>", body))
        rows = [[Paragraph(f"<b>{_text(_('Evaluación'))}</b>", cell), Paragraph(f"<b>{_text(_('Puntuación'))}</b>", cell), Paragraph(f"<b>{_text(_('Justificación'))}</b>", cell)]]
        for label, score in entries:
            rows.append(
                [
                    Paragraph(_text(label), cell),
                    Paragraph(_text(_number(score.score) if score else "—"), cell),
                    Paragraph(_text(score.justification if score else "—"), cell),
                ]
            )
        story.append(_table(rows, [4 * cm, 2.2 * cm, 10.8 * cm], header=True))
        story.append(Spacer(1, 6))

    story.append(Paragraph(_text(_("Resultado por evaluación")), h2))
    rows = [[Paragraph(f"<b>{_text(t)}</b>", cell) for t in (_("Evaluación"), _("Puntuación ponderada (0–100)"), _("Costo validado"), _("Plazo (meses)"), _("Explicación del costo"))]]
    for row in sheet.rows:
        a = row.assignment
        rows.append(
            [
                Paragraph(_text(row.label), cell),
                Paragraph(_text(_number(row.weighted) if row.weighted is not None else _("sin enviar")) + (_text(" · " + _("criterio eliminatorio por debajo del mínimo")) if row.fails else ""), cell),
                Paragraph(_text(_money(a.validated_cost, currency)), cell),
                Paragraph(_text(a.execution_months), cell),
                Paragraph(_text(a.cost_explanation or "—"), cell),
            ]
        )
    story.append(_table(rows, [3.5 * cm, 3 * cm, 3.2 * cm, 2 * cm, 5.3 * cm], header=True))
    story.append(Paragraph(_text(f"{_('Puntuación media')}: {_number(sheet.mean)} / 100"), body))

    story += [Spacer(1, 10), Paragraph(_text(_("Decisión")), h2)]
    decision = sheet.decision
    if decision is None:
        story.append(Paragraph(_text(_("Sin decisión todavía.")), body))
    else:
        verdict = _("Viable") if decision.viable else _("No viable")
        story.append(Paragraph(f"<b>{_text(verdict)}</b>", body))
        if decision.viable:
            story.append(Paragraph(_text(f"{_('Costo validado')}: {_money(decision.validated_cost, currency)}"), body))
        if decision.explanation:
            story.append(Paragraph(_text(f"{_('Explicación')}: {decision.explanation}"), body))
        when = decision.published_at or decision.decided_at
        story.append(Paragraph(_text(f"{_('Fecha')}: {_date(when)}"), body))

    if not sheet.public and sheet.notes:
        story += [Spacer(1, 10), Paragraph(_text(_("Notas internas (no públicas)")), h2)]
        for note in sheet.notes:
            author = note.author.public_name if note.author else _("Cuenta eliminada")
            story.append(Paragraph(_text(f"{author}, {_date(note.created_at, with_time=True)}: {note.text}"), cell))
    document.build(story)
    return buffer.getvalue()


def _table(rows, widths, header=False):
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")))
    table.setStyle(TableStyle(style))
    return table
