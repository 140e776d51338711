"""Downloads of the results of a call, after the close: CSV, XLSX, pabulib (.pb) and a ZIP.

The tables come from the stored `BoxResult`; the .pb file holds the box's ballots with random
voter ids in random order and nothing else about the people who voted (no account, no channel,
no workshop), so that anyone can check the count with another implementation of the rule.
"""

import csv
import dataclasses
import io
import random
import secrets
import zipfile

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .results import Ballot as EngineBallot
from .results import ElectionError, write_pabulib
from .results.election import CUMULATIVE
from .results_views import call_results, reason_text
from .services import voting_phase
from .tally import build_election

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pb": "text/plain; charset=utf-8",
}
COUNTRIES = {"COP": "Colombia", "MXN": "México"}


def table_header(call):
    score = _("Puntos") if call.ballot_type == "cumulative" else _("Votos")
    return [
        _("Referencia"),
        _("Título"),
        _("Costo (%(currency)s)") % {"currency": call.currency},
        score,
        _("Votantes que lo eligieron"),
        _("Seleccionado"),
        _("Orden de selección"),
        _("Motivo"),
    ]


def table_rows(result):
    """The results table of a stored BoxResult: plain values for CSV and spreadsheets."""
    return [
        [
            entry.get("reference") or "",
            entry["title"],
            entry["cost"],
            entry["score"],
            entry["approvals"],
            _("Sí") if entry["selected"] else _("No"),
            entry["round"] if entry["selected"] else "",
            reason_text(entry["reason"]),
        ]
        for entry in result.projects
    ]


def file_stem(call, territory):
    return f"{slugify(call.slug)}-{slugify(territory.name) or territory.pk}"


def results_csv(call, item):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table_header(call))
    writer.writerows(table_rows(item.result))
    return "\ufeff" + out.getvalue()  # the BOM lets spreadsheet programs read UTF-8


def results_xlsx(call, item):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Resultados")[:31]
    result = item.result
    bold = Font(bold=True)
    summary = [
        (_("Convocatoria"), call.title),
        (_("Territorio"), str(item.territory)),
        (_("Regla"), item.rule_label),
        (_("Techo (%(currency)s)") % {"currency": call.currency}, result.budget),
        (_("Asignado (%(currency)s)") % {"currency": call.currency}, result.budget_used),
        (_("Papeletas contadas"), result.ballots_count),
    ]
    for label, value in summary:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append(table_header(call))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in table_rows(result):
        sheet.append(row)
    for column, width in zip("ABCDEFGH", (16, 60, 16, 10, 12, 12, 10, 40)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def anonymous_election(election, rng=None):
    """The same election with fresh random voter ids and the ballots in random order."""
    rng = rng or random.SystemRandom()
    ballots = list(election.ballots)
    rng.shuffle(ballots)
    used = set()
    fresh = []
    for ballot in ballots:
        voter = secrets.token_hex(8)
        while voter in used:
            voter = secrets.token_hex(8)
        used.add(voter)
        fresh.append(EngineBallot(projects=ballot.projects, points=ballot.points, voter_id=voter))
    return dataclasses.replace(election, ballots=fresh)


def box_pabulib(call, box, result):
    """The .pb text of a counted box (ballots anonymised)."""
    election, _left_out = build_election(box)
    lengths = [len(ballot.projects) for ballot in election.ballots]
    minimum = call.ballot_min_selections or None
    maximum = call.ballot_max_selections
    phase = voting_phase(call)
    meta = {
        "description": f"{call.title} – {box.territory}",
        "country": COUNTRIES.get(call.currency, ""),
        "unit": box.territory.municipality,
        "subunit": box.territory.name,
        "instance": str(timezone.localtime(phase.ends_at).year) if phase else "",
        "district": box.territory.name,
        "currency": call.currency,
        "language": "es",
    }
    if result.rule.startswith("equalshares") and result.details.get("start_per_voter") is not None:
        # The file says how to recount it: add1 raised each voter's part by `step` at each try.
        step = result.details.get("step", 1)
        meta["comment"] = (
            f"Counted with {result.rule}: each voter's part started at budget // voters = "
            f"{result.details['start_per_voter']} and was raised by {step} per try (pabutools: "
            f"method_of_equal_shares with Cost_Sat and voter_budget_increment={step})."
        )
    if phase:
        meta["date_begin"] = timezone.localtime(phase.starts_at).strftime("%d.%m.%Y")
        meta["date_end"] = timezone.localtime(phase.ends_at).strftime("%d.%m.%Y")
    election = dataclasses.replace(
        anonymous_election(election),
        meta=meta,
        # Limits are declared only when every ballot meets them (a ballot loses the choices of
        # projects that cost more than the ceiling, which cannot compete).
        min_length=minimum if minimum and all(n >= minimum for n in lengths) else None,
        max_length=maximum if maximum and all(n <= maximum for n in lengths) else None,
        max_sum_cost=result.budget if call.ballot_type == "knapsack" else None,
        max_sum_points=election.max_sum_points if election.vote_type == CUMULATIVE else None,
        rule=result.rule,
    )
    selected = [str(entry["id"]) for entry in result.projects if entry["selected"]]
    return write_pabulib(election, selected=selected)


def _unavailable(request, call, message, status):
    return render(
        request,
        "votaciones/results/unavailable.html",
        {"page": call, "call": call, "message": message},
        status=status,
    )


def _closed_results(request, call, territory_id=None):
    """(items, None) after the close, or (None, error response)."""
    items = call_results(call, territory_id=territory_id)
    if items is None:
        phase = voting_phase(call)
        if phase is None:
            message = _("Esta convocatoria no tiene votación: no hay resultados que descargar.")
        else:
            message = _("Los resultados se podrán descargar cuando cierre la votación, el %(date)s.") % {
                "date": timezone.localtime(phase.ends_at).strftime("%d/%m/%Y %H:%M")
            }
        return None, _unavailable(request, call, message, 403)
    return items, None


def download(request, call, territory_id, fmt):
    """…/resultados/<territory>/<csv|xlsx|pb>/"""
    if fmt not in FORMATS:
        return _unavailable(request, call, _("Formato de descarga desconocido: use CSV, XLSX o PB."), 404)
    items, refused = _closed_results(request, call, territory_id=territory_id)
    if refused:
        return refused
    if not items:
        return _unavailable(request, call, _("Ese territorio no participa en esta convocatoria."), 404)
    item = items[0]
    if item.result is None:
        return _unavailable(request, call, item.error, 409)
    stem = file_stem(call, item.territory)
    if fmt == "csv":
        body = results_csv(call, item)
    elif fmt == "xlsx":
        body = results_xlsx(call, item)
    else:
        try:
            body = box_pabulib(call, item.box, item.result)
        except ElectionError as error:
            return _unavailable(request, call, str(error), 409)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def download_zip(request, call):
    """…/resultados/todo/zip/: the CSV and .pb of every counted territory."""
    items, refused = _closed_results(request, call)
    if refused:
        return refused
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            if item.result is None:
                continue
            stem = file_stem(call, item.territory)
            archive.writestr(f"{stem}.csv", results_csv(call, item))
            try:
                archive.writestr(f"{stem}.pb", box_pabulib(call, item.box, item.result))
            except ElectionError:
                continue  # a box without ballots or projects has no .pb
    response = HttpResponse(out.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slugify(call.slug)}-resultados.zip"'
    return response
