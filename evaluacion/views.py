"""The public evaluation sheet of a proposal (HTML and PDF), once its decision is published.

Served under /propuestas/<pk>/ with the names `propuestas:evaluation_sheet` and
`propuestas:evaluation_sheet_pdf` (registered in `propuestas.extensions` by `extensions`).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from . import pdf, selectors


def _published_sheet(pk):
    """The public evaluation sheet of a proposal, only once its decision is published."""
    proposal = selectors.proposal_for_sheet(pk)
    if proposal is None or selectors.published_decision(proposal) is None:
        raise Http404
    return selectors.sheet(proposal, public=True)


def evaluation_sheet(request, pk):
    """The public evaluation sheet: scores and justifications without names nor internal notes."""
    return render(request, "propuestas/evaluation/public_sheet.html", {"sheet": _published_sheet(pk)})


def evaluation_sheet_pdf(request, pk):
    sheet = _published_sheet(pk)
    stem = (sheet.proposal.reference or f"propuesta-{sheet.proposal.pk}").replace('"', "")
    response = HttpResponse(pdf.render(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cedula-{stem}.pdf"'
    return response
