"""Turnout by channel and by verification: how many ballots came online, with a workshop code,
with a code a verification desk bound to a person, on paper or imported, and how many of them
are of residents verified against the census. Counts only: never who voted, nor a document.

A ballot is of a verified person when a `VoterMark` holds it: an online ballot through its mark,
a desk-bound code through the mark of its code. Paper ballots are not linked to anyone (the
ballot is secret): the desk marks the person who receives one, so the verified paper ballots of a
box are its paper marks, never more than its paper ballots.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import Ballot, VoterMark

DESK_CODE = "desk_code"

#: The channels shown, in order (a desk-bound code is a `code` ballot whose code has a mark).
CHANNELS = {
    Ballot.Channel.ONLINE: _("En línea"),
    Ballot.Channel.CODE: _("Código de taller"),
    DESK_CODE: _("Código de un punto de verificación"),
    Ballot.Channel.PAPER: _("Papel"),
    Ballot.Channel.IMPORTED: _("Importada"),
}
VERIFIED_LABEL = _("De residentes verificados")
UNVERIFIED_LABEL = _("Sin verificación")


def count_rows(ballots, *fields):
    """Ballots of `ballots` grouped by `fields` (e.g. territory), box, shown channel and whether a
    mark verifies them: [{**fields, "box_id", "channel", "verified", "n"}]. One query; the rows are
    bounded by boxes × channels."""
    rows = (
        ballots.annotate(
            by_ballot=Exists(VoterMark.objects.filter(ballot_id=OuterRef("pk"))),
            by_code=Exists(VoterMark.objects.filter(code_id=OuterRef("code_id"))),
        )
        .values("box_id", "channel", "by_ballot", "by_code", *fields)
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = []
    for row in rows:
        channel = row.pop("channel")
        by_code = row.pop("by_code")
        if channel == Ballot.Channel.CODE and by_code:
            channel = DESK_CODE
        row["channel"] = channel
        row["verified"] = bool(row.pop("by_ballot") or by_code)
        result.append(row)
    return result


def paper_marks(marks):
    """{box id: paper marks} of `marks` (a VoterMark queryset): one query."""
    return dict(
        marks.filter(channel=VoterMark.Channel.PAPER).values("box_id").annotate(n=Count("pk")).values_list("box_id", "n").order_by()
    )


def summarise(rows, marks_by_box):
    """{"channels": {channel: n} (every channel of CHANNELS), "verified": n, "unverified": n}."""
    channels = dict.fromkeys(CHANNELS, 0)
    verified = 0
    paper = {}
    for row in rows:
        channels[row["channel"]] = channels.get(row["channel"], 0) + row["n"]
        if row["verified"]:
            verified += row["n"]
        if row["channel"] == Ballot.Channel.PAPER:
            paper[row["box_id"]] = paper.get(row["box_id"], 0) + row["n"]
    verified += sum(min(count, marks_by_box.get(box_id, 0)) for box_id, count in paper.items())
    total = sum(channels.values())
    return {"channels": channels, "verified": verified, "unverified": total - verified}


def of_boxes(ballots, marks):
    """Turnout of some ballots and the marks of the same boxes (two queries)."""
    return summarise(count_rows(ballots), paper_marks(marks))


#: The smallest group of ballots whose verification is shown apart (as the statistics' groups).
MINIMUM_GROUP = 10


def split_visible(verified, unverified, minimum=MINIMUM_GROUP):
    """May the verified / unverified split be shown? Only when neither side is a small group
    (a side of 0 is no group: "everyone was verified" tells nothing about anyone)."""
    return all(count == 0 or count >= minimum for count in (verified, unverified))
