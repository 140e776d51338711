"""Imports into the registry from CSV (UTF-8, comma or semicolon) or XLSX, read as a stream.

Two kinds of file, the same rules:

- **projects** (`import_projects`): one project per line, identified by its external reference
  (BMPI, BIPL…): a line whose reference exists updates that project, a new one registers it, so a
  file imported twice changes nothing the second time (idempotent). Optional `alineacion`: plan
  items as `plan-slug:code`, separated by `;`, replacing the project's alignment.
- **execution updates** (`import_execution_updates`): one update per line, found by the project's
  external reference or bank reference; the rules of `banco/execution.py` apply (only selected, in
  execution or completed projects; spent ≤ committed; end ≥ start; completed means 100 %), in the
  file's order (a first update "en ejecución" moves a selected project on, as on the screen). A
  line equal to an update already published (same project, date, status, progress and text) is
  skipped: importing twice changes nothing.

Every line is checked before anything is written: one bad line refuses the whole file, with each
bad line's number (the header is line 1) and reason. Files are refused whole when too big, not
UTF-8 or not a workbook (`verificacion.census.read_rows` reads them, as the census import does).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propuestas.lifecycle import State
from propuestas.models import Proposal
from verificacion.census import FileError, parse_date, plain, read_rows

from . import execution, registry
from .models import ExecutionUpdate

MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 100_000
MAX_SHOWN_ERRORS = 200

PROJECT_COLUMNS = {
    "referencia_externa": "external_reference",
    "referencia": "external_reference",
    "titulo": "title",
    "nombre": "title",
    "resumen": "summary",
    "descripcion": "summary",
    "problema": "problem",
    "solucion": "solution",
    "origen": "origin",
    "eje": "theme",
    "eje_tematico": "theme",
    "tema": "theme",
    "territorio": "territory",
    "costo": "estimated_cost",
    "costo_estimado": "estimated_cost",
    "moneda": "currency",
    "estado": "status",
    "anio": "year",
    "ano": "year",
    "dependencia": "responsible_office",
    "dependencia_responsable": "responsible_office",
    "fuente": "funding_source",
    "fuente_financiamiento": "funding_source",
    "fuente_de_financiamiento": "funding_source",
    "beneficiarios": "beneficiaries_count",
    "direccion": "address",
    "latitud": "latitude",
    "longitud": "longitude",
    "alineacion": "alignment",
}
PROJECT_REQUIRED = ("external_reference", "title", "origin", "theme", "territory", "estimated_cost", "status", "year")

UPDATE_COLUMNS = {
    "referencia_externa": "reference",
    "referencia": "reference",
    "referencia_banco": "reference",
    "estado": "status",
    "avance": "progress",
    "comprometido": "committed_amount",
    "monto_comprometido": "committed_amount",
    "ejecutado": "spent_amount",
    "monto_ejecutado": "spent_amount",
    "fecha": "date",
    "inicio": "start_date",
    "fecha_inicio": "start_date",
    "fin": "end_date",
    "fecha_fin": "end_date",
    "texto": "text",
}
UPDATE_REQUIRED = ("reference", "status", "progress", "date", "text")
UPDATE_STATUS_ALIASES = {
    "planeado": "planned",
    "en licitacion": "tender",
    "licitacion": "tender",
    "en ejecucion": "execution",
    "ejecucion": "execution",
    "suspendido": "suspended",
    "terminado": "completed",
    "concluido": "completed",
}


@dataclass
class ImportReport:
    ok: bool = False
    errors: list = field(default_factory=list)  # Spanish lines "Línea N: …"
    hidden_errors: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: int = 0

    def add_error(self, line, message):
        if len(self.errors) < MAX_SHOWN_ERRORS:
            self.errors.append(_("Línea %(line)s: %(message)s") % {"line": line, "message": message})
        else:
            self.hidden_errors += 1


FILE_ERRORS = {
    "not_utf8": lambda params: _("El archivo no está en UTF-8: guárdelo como «CSV UTF-8» o como XLSX."),
    "not_utf8_line": lambda params: _("Línea %(line)s: el texto no está en UTF-8; guarde el archivo como «CSV UTF-8».") % params,
    "not_xlsx": lambda params: _("El archivo no es una hoja de cálculo XLSX válida."),
    "empty": lambda params: _("El archivo está vacío."),
    "bad_csv": lambda params: _("Línea %(line)s: el CSV está mal formado (¿comillas sin cerrar?).") % params,
}


def _file_error(error):
    return FILE_ERRORS.get(error.code, lambda params: _("No se pudo leer el archivo."))(error.params)


def _size(stream):
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def _rows(stream, columns, required, report):
    """(line, {field: value}) of the data lines; refuses a bad header. Raises FileError."""
    rows = read_rows(stream)
    try:
        _line, header = next(rows)
    except StopIteration:
        raise FileError("empty") from None
    found = {}
    for index, name in enumerate(header):
        key = columns.get(plain(name).replace(" ", "_"))
        if key and key not in found:
            found[key] = index
    missing = [name for name in required if name not in found]
    if missing:
        names = {value: key for key, value in reversed(list(columns.items()))}
        report.errors.append(
            _("Faltan columnas en el encabezado: %(columns)s.") % {"columns": ", ".join(names[name] for name in missing)}
        )
        return
    for line, values in rows:
        if not any(str(value).strip() for value in values):
            continue  # blank lines (spreadsheets keep some at the end)
        if line > MAX_LINES + 1:
            report.errors.append(_("El archivo tiene más de %(max)s líneas: divídalo.") % {"max": MAX_LINES})
            return
        yield line, {name: (values[index] if index < len(values) else "") for name, index in found.items()}


def _read(stream, columns, required, report):
    """Every data line, or None when the file as a whole is refused (report.errors says why)."""
    if _size(stream) > MAX_BYTES:
        report.errors.append(_("El archivo pesa más de %(max)s MB.") % {"max": MAX_BYTES // (1024 * 1024)})
        return None
    try:
        lines = list(_rows(stream, columns, required, report))
    except FileError as error:
        report.errors.append(_file_error(error))
        return None
    if report.errors:
        return None
    if not lines:
        report.errors.append(_("El archivo no tiene ninguna línea de datos."))
        return None
    return lines


# --- Projects ------------------------------------------------------------------------------------


def _plan_items():
    """{(folded plan slug, folded code): PlanItem} (one query)."""
    from planes.models import PlanItem

    return {(plain(item.plan.slug), plain(item.code)): item for item in PlanItem.objects.select_related("plan")}


def _alignment(value, items):
    """([PlanItem], error or None) from "slug:code; slug:code"."""
    found, unknown = [], []
    for part in str(value or "").split(";"):
        part = part.strip()
        if not part:
            continue
        slug, _sep, code = part.partition(":")
        item = items.get((plain(slug), plain(code)))
        if item is None:
            unknown.append(part)
        else:
            found.append(item)
    if unknown:
        return found, _("Elemento de plan desconocido «%(value)s» (use identificador-del-plan:clave).") % {"value": unknown[0][:60]}
    return found, None


def import_projects(stream, *, actor, progress=None, now=None):
    """Check every line, then register or update every project (all or nothing). ImportReport."""
    report = ImportReport()
    if not registry.may_import(actor):
        report.errors.append(_("No tiene permiso para importar al registro."))
        return report
    lines = _read(stream, PROJECT_COLUMNS, PROJECT_REQUIRED, report)
    if lines is None:
        return report
    report.lines = len(lines)
    themes, territories = registry.lookups()
    items = _plan_items() if any("alignment" in values for _line, values in lines[:1]) else {}
    references = [str(values.get("external_reference") or "").strip() for _line, values in lines]
    existing = {
        project.external_reference: project
        for project in Proposal.objects.filter(external_reference__in=[ref for ref in references if ref])
    }
    seen = {}
    checked = []
    this_year = timezone.localdate().year
    for line, values in lines:
        cleaned, errors = registry.clean_project(values, themes=themes, territories=territories, this_year=this_year)
        reference = cleaned.get("external_reference")
        if not reference and "external_reference" not in errors:
            errors["external_reference"] = _("Falta la referencia externa (identifica el proyecto al importarlo de nuevo).")
        elif reference in seen:
            errors["external_reference"] = _("Referencia «%(reference)s» repetida (ya en la línea %(line)s).") % {
                "reference": reference,
                "line": seen[reference],
            }
        elif reference and reference in existing and existing[reference].call_id is not None:
            errors["external_reference"] = _("La referencia «%(reference)s» es de una propuesta ciudadana, no del registro.") % {
                "reference": reference
            }
        if reference:
            seen.setdefault(reference, line)
        aligned = None
        if "alignment" in values:
            aligned, error = _alignment(values.get("alignment"), items)
            if error:
                errors["alignment"] = error
        for message in errors.values():
            report.add_error(line, message)
        checked.append((line, cleaned, aligned))
        if progress and len(checked) % 500 == 0:
            progress(len(checked), len(lines) * 2)
    if report.errors:
        return report
    now = now or timezone.now()
    with transaction.atomic():
        for done, (_line, cleaned, aligned) in enumerate(checked, 1):
            project = existing.get(cleaned["external_reference"])
            if project is None:
                project = registry.create(cleaned, actor=actor, now=now, reason=_("Importado al registro."))
                report.created += 1
            elif _differs(project, cleaned):
                registry.change(project, cleaned, actor=actor, now=now, reason=_("Actualizado por importación."))
                report.updated += 1
            else:
                report.unchanged += 1
            if aligned is not None and {item.pk for item in aligned} != set(project.plan_items.values_list("pk", flat=True)):
                project.plan_items.set(aligned)
            if progress and done % 500 == 0:
                progress(len(lines) + done, len(lines) * 2)
    if progress:
        progress(len(lines) * 2, len(lines) * 2)
    report.ok = True
    return report


def _differs(project, cleaned):
    for name, value in cleaned.items():
        current = getattr(project, name)
        if name in ("theme", "territory"):
            current, value = getattr(project, f"{name}_id"), value.pk
        if current != value:
            return True
    return False


# --- Execution updates ------------------------------------------------------------------------------


def _update_status(value):
    key = plain(value)
    if key in ExecutionUpdate.Status.values:
        return key
    labels = {plain(label): status for status, label in ExecutionUpdate.Status.choices}
    return labels.get(key) or UPDATE_STATUS_ALIASES.get(key)


def _date(value, name, errors, label):
    if value in (None, ""):
        return None
    parsed = parse_date(value)
    if parsed is None:
        errors[name] = _("Fecha no válida en «%(column)s»: use AAAA-MM-DD o DD/MM/AAAA.") % {"column": label}
    return parsed


@dataclass
class _Simulated:
    """What `execution._clean` reads of a project, as the file's earlier lines leave it."""

    status: str


def import_execution_updates(stream, *, actor, progress=None, notify=False):
    """Check every line, then publish every update in the file's order (all or nothing)."""
    report = ImportReport()
    if not (registry.may_import(actor) and execution.may_post_updates(actor)):
        report.errors.append(_("No tiene permiso para importar avances de ejecución."))
        return report
    lines = _read(stream, UPDATE_COLUMNS, UPDATE_REQUIRED, report)
    if lines is None:
        return report
    report.lines = len(lines)
    references = {str(values.get("reference") or "").strip() for _line, values in lines}
    projects = {}
    for project in Proposal.objects.filter(external_reference__in=references):
        projects[project.external_reference] = project
    for project in Proposal.objects.filter(reference__in=references):
        projects.setdefault(project.reference, project)
    existing = set(
        ExecutionUpdate.objects.filter(proposal__in=[project.pk for project in projects.values()]).values_list(
            "proposal_id", "published_at__date", "status", "progress", "text"
        )
    )
    simulated = {}
    checked = []
    zone = timezone.get_default_timezone()
    for line, values in lines:
        errors = {}
        reference = str(values.get("reference") or "").strip()
        project = projects.get(reference)
        if project is None:
            errors["reference"] = _("No hay ningún proyecto con la referencia «%(reference)s».") % {"reference": reference[:60]}
        status = _update_status(values.get("status"))
        if status is None:
            errors["status"] = _("Estado de ejecución desconocido «%(value)s».") % {"value": str(values.get("status") or "")[:40]}
        published = _date(values.get("date"), "date", errors, "fecha")
        if published is None and "date" not in errors:
            errors["date"] = _("Falta la fecha de la actualización.")
        start = _date(values.get("start_date"), "start_date", errors, "inicio")
        end = _date(values.get("end_date"), "end_date", errors, "fin")
        data = None
        if project is not None:
            state = simulated.setdefault(project.pk, _Simulated(project.status))
            if state.status not in execution.MONITORED_STATES:
                errors["project"] = _(
                    "El proyecto «%(reference)s» no está seleccionado, en ejecución ni terminado (estado: %(status)s)."
                ) % {"reference": reference, "status": dict(Proposal.Status.choices).get(state.status, state.status)}
            elif status is not None:
                try:
                    data = execution.clean_update(
                        proposal=state,
                        status=status,
                        progress=_number(values.get("progress")),
                        committed_amount=_number(values.get("committed_amount")),
                        spent_amount=_number(values.get("spent_amount")),
                        start_date=start,
                        end_date=end,
                        text=str(values.get("text") or ""),
                    )
                except Exception as error:  # ValidationError: the field messages
                    for messages in getattr(error, "message_dict", {"": getattr(error, "messages", [str(error)])}).values():
                        for message in messages:
                            errors.setdefault(f"rule{len(errors)}", message)
                else:
                    if state.status == State.SELECTED.value and status in execution.STARTED_STATUSES:
                        state.status = State.IN_EXECUTION.value
                    if state.status == State.IN_EXECUTION.value and status == ExecutionUpdate.Status.COMPLETED:
                        state.status = State.COMPLETED.value
        for message in errors.values():
            report.add_error(line, message)
        if not errors:
            checked.append((project, data, published))
    if report.errors:
        return report
    with transaction.atomic():
        for done, (project, data, published) in enumerate(checked, 1):
            key = (project.pk, published, data["status"], data["progress"], data["text"])
            if key in existing:
                report.unchanged += 1
                continue
            moment = dt.datetime.combine(published, dt.time(12), tzinfo=zone)
            execution.post_update(proposal=project, actor=actor, now=moment, notify=notify, **data)
            existing.add(key)
            report.created += 1
            if progress and done % 200 == 0:
                progress(done, len(checked))
    if progress:
        progress(len(checked), len(checked))
    report.ok = True
    return report


def _number(value):
    """A cell as a whole number when it is one (1500000.0 → 1500000), else as it came."""
    if isinstance(value, float) and value == int(value):
        return int(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        return text or None
    return value
