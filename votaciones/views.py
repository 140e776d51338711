"""Public voting pages: see the voting issue (being built)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


call_boxes = ballot = receipt = fingerprints = code_entry = code_ballot = code_receipt = check_receipt = _not_yet
