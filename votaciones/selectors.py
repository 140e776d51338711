"""Reads of the voting pages. Each runs a fixed number of queries, whatever the data size."""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum, prefetch_related_objects
from django.utils import timezone

from convocatorias.models import CallTerritory
from portal import auth
from portal.cache import LocalCopies
from portal.rows import RowReader

from propuestas.models import Proposal

from . import services
from .models import Ballot, BallotBox, BallotChoice


#: The ballot page reads its box (call, phases, territory, ceiling) from the cache: edits of any
#: of them empty it at once (`forget_boxes`, connected in apps.py); this bounds staleness should
#: a read race with an edit. Nothing personal is cached. The same bound holds for the box's
#: projects (`ballot_sheet`) and the rendered page (`views._shared_ballot_page`).
BOX_CACHE_SECONDS = 30
#: A token that every cached ballot sheet and page was built under. Saving or deleting a
#: proposal, a proposal's picture, a theme or the site settings deletes it (`forget_sheets`,
#: connected in apps.py), which retires every sheet and page at once: no query to find the boxes
#: concerned, and those edits are rare while a vote is open.
GENERATION_KEY = "votaciones:ballot-generation"
GENERATION_SECONDS = 24 * 60 * 60


#: Copies of the boxes, sheets and pages above kept in each process while their tokens in the
#: shared cache are unchanged (`portal.cache.LocalCopies`): the ballot page checks the tokens in
#: one round trip instead of reading and unpickling the box, the sheet and the page each time.
LOCAL = LocalCopies(BOX_CACHE_SECONDS)


def _box_cache_key(box_id):
    return f"votaciones:box-page:{box_id}"


def _box_token_key(box_id):
    return f"votaciones:box-token:{box_id}"


def box_for_page(box_id):
    """A ballot box of a published call (with its call and the call's phases, its territory and
    `ceiling`: the territory's budget ceiling in the call, read by `services.box_budget`), or None.

    Cached (see BOX_CACHE_SECONDS): the window is still computed from the phases at each request.
    The box is shared with other requests (`LOCAL`): read it, never change it."""
    return box_and_generation(box_id)[0]


def box_and_generation(box_id, read=None):
    """(`box_for_page(box_id)`, the current GENERATION_KEY): both read in one cache round trip,
    for `ballot_sheet(box, generation)`. `read(keys)` reads the cache ({key: value} of those
    found; `cache.get_many` by default): the ballot page reads the visitor's session in the
    same round trip (`portal.sessions.read_with_session`)."""
    try:
        box_id = int(box_id)
    except (TypeError, ValueError):
        return None, None
    token_key = _box_token_key(box_id)
    found = (read or cache.get_many)([token_key, GENERATION_KEY])
    generation = current_generation(found)
    token = found.get(token_key)
    box = LOCAL.get(("box", box_id), token)
    if box is None:
        box = cache.get(_box_cache_key(box_id)) if token is not None else None
        if box is None or box.cache_token != token:
            box = _read_box(box_id)
            if box is None:
                return None, generation
            cache.set_many({_box_cache_key(box_id): box, token_key: box.cache_token}, BOX_CACHE_SECONDS)
        LOCAL.put(("box", box_id), box.cache_token, box)
    return box, generation


def _read_box(box_id):
    ceiling = CallTerritory.objects.filter(call_id=OuterRef("call_id"), territory_id=OuterRef("territory_id"))
    box = (
        BallotBox.objects.select_related("call", "territory")
        .prefetch_related("call__phases")
        .annotate(ceiling=Subquery(ceiling.values("budget_ceiling")[:1]))
        .filter(pk=box_id, call__live=True)
        .first()
    )
    if box is not None:
        # Names this version of the box: the sheet and the page built from it keep it.
        box.cache_token = secrets.token_hex(8)
    return box


def forget_boxes(*, box_ids=(), call_id=None, territory_id=None):
    """Empty the cached boxes of `box_ids`, of a call or of a territory (now and after the commit)."""
    ids = set(box_ids)
    if call_id is not None:
        ids.update(BallotBox.objects.filter(call_id=call_id).values_list("pk", flat=True))
    if territory_id is not None:
        ids.update(BallotBox.objects.filter(territory_id=territory_id).values_list("pk", flat=True))
    if not ids:
        return
    keys = [key for pk in ids for key in (_box_token_key(pk), _box_cache_key(pk))]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_sheets():
    """Retire every cached ballot sheet and page (see GENERATION_KEY), now and after the commit."""
    cache.delete(GENERATION_KEY)
    transaction.on_commit(lambda: cache.delete(GENERATION_KEY))


def sheet_cache_key(box_id):
    return f"votaciones:box-sheet:{box_id}"


def current_generation(found):
    """The generation in `found` (a `cache.get_many` result with GENERATION_KEY), or a new one."""
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), GENERATION_SECONDS)
        generation = cache.get(GENERATION_KEY)
    return generation


def valid_sheet(sheet, box, generation):
    return (
        sheet is not None
        and generation is not None
        and sheet["generation"] == generation
        and sheet["box"] == getattr(box, "cache_token", None)
    )


def ballot_sheet(box, generation=None):
    """The projects on the ballot of a box read by `box_for_page`, with their theme and pictures
    (`card_images`), shared by every voter: {"token", "box", "generation", "proposals"}.

    Cached with the box's token and the generation (`GENERATION_KEY`): an edit of the box, its
    call, phases, territory or ceiling (a new box token), or of a project, picture or theme (a
    new generation) makes it stale at once; BOX_CACHE_SECONDS bounds a race. `generation`: the
    current generation when the caller read it already (`box_and_generation`). The projects are
    shared: read them, never change them."""
    if generation is None:
        generation = current_generation(cache.get_many([GENERATION_KEY]))
    version = (getattr(box, "cache_token", None), generation)
    sheet = LOCAL.get(("sheet", box.pk), version) if None not in version else None
    if sheet is not None:
        return sheet
    key = sheet_cache_key(box.pk)
    sheet = cache.get(key) if None not in version else None
    if not valid_sheet(sheet, box, generation):
        sheet = {
            "token": secrets.token_hex(8),
            "box": version[0],
            "generation": generation,
            "proposals": ballot_proposals(box),
        }
        if None in version:
            return sheet
        cache.set(key, sheet, BOX_CACHE_SECONDS)
    return LOCAL.put(("sheet", box.pk), version, sheet)


def ballot_proposals(box, images=True):
    """The projects on the box's ballot, each with `card_images` (the first one is its picture)
    unless `images` is False (then `with_images()` adds them when the page is rendered)."""
    proposals = services.box_proposals(box)
    if images:
        proposals = proposals.prefetch_related(Prefetch("images", to_attr="card_images"))
    return list(proposals)


def with_images(proposals):
    """Add `card_images` to projects read by `ballot_proposals(box, images=False)` (one query)."""
    if proposals and not hasattr(proposals[0], "card_images"):
        prefetch_related_objects(proposals, Prefetch("images", to_attr="card_images"))
    return proposals


_BALLOTS = RowReader(Ballot)


class VoterState(auth.Companion):
    """What decides what a person may do in `box`: whether their email is confirmed, their ballot
    in the box and, when the call has people vote in one territory only, their ballot in another
    territory of the call. Read with the person (`portal.auth.loading_user_with`) or on its own
    (`voter_ballots`); either way one statement, written once per vendor and call kind."""

    def __init__(self, box):
        self.box = box
        self.exclusive = not box.call.vote_in_several_territories
        self.key = ("voter-state", self.exclusive)
        self.user_pk = None
        self.ballots = None

    def columns(self, connection, user):
        from allauth.account.models import EmailAddress

        quote = connection.ops.quote_name
        email = quote(EmailAddress._meta.db_table)
        return (
            f"EXISTS(SELECT 1 FROM {email} e WHERE e.{quote('user_id')} = {user}.{quote('id')} "
            f"AND e.{quote('verified')} = %s) AS {quote('participa_confirmed')}, {_BALLOTS.columns(connection, 'b')}"
        )

    def joins(self, connection, user):
        quote = connection.ops.quote_name
        other = f" OR b.{quote('exclusive_call_id')} = %s" if self.exclusive else ""
        return (
            f"LEFT JOIN {quote(Ballot._meta.db_table)} b ON b.{quote('voter_id')} = {user}.{quote('id')} "
            f"AND (b.{quote('box_id')} = %s{other})"
        )

    def params(self):
        return [True, self.box.pk] + ([self.box.call_id] if self.exclusive else [])

    def receive(self, alias, connection, user, rows):
        # One row without a ballot (its columns NULL) when the person has none.
        user._participa_confirmed = bool(rows[0][0])
        self.ballots = [_BALLOTS.instance(alias, connection, row[1:]) for row in rows if row[1] is not None]
        self.user_pk = user.pk

    def read(self, user):
        """Read the state of `user` on its own (when it did not come with the person)."""
        from django.db import connections, router

        model = type(user)
        alias = router.db_for_read(Ballot)
        connection = connections[alias]

        def build(connection):
            quote = connection.ops.quote_name
            table = quote(model._meta.db_table)
            return (
                f"SELECT {self.columns(connection, table)} FROM {table} {self.joins(connection, table)} "
                f"WHERE {table}.{quote(model._meta.pk.column)} = %s"
            )

        sql = _BALLOTS.sql(connection, self.key, build)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params(), user.pk])
            rows = cursor.fetchall()
        self.receive(alias, connection, user, rows)


def voter_state(box):
    """A `VoterState` for `box`, to read with the person: `with auth.loading_user_with(state):`."""
    return VoterState(box)


def voter_ballots(box, user, state=None):
    """The person's ballots that decide what they may do in `box` (see `VoterState`): their
    ballot in the box, with its choices prefetched (one more query only if there is one), and
    their ballot in another territory of a one-territory call. For
    `services.eligibility_problem(..., ballots=)` and `services.cast_online_ballot(..., ballots=)`.

    The same statement says whether the person has a confirmed email (kept on the user for
    `propuestas.rules.has_confirmed_email`). `state`: a `VoterState` that came with the person
    (no query then); otherwise it is read here."""
    if not user or not user.is_authenticated:
        return []
    if state is None or state.user_pk != user.pk or state.box.pk != box.pk:
        state = VoterState(box)
        state.read(user)
    ballots = state.ballots
    own = [ballot for ballot in ballots if ballot.box_id == box.pk]
    if own:
        prefetch_related_objects(own, "choices")
    return ballots


def running_counts(box):
    """{proposal id: {"votes": ballots choosing it, "points": points given}} — only show them when
    `services.counts_visible(call)`."""
    rows = (
        BallotChoice.objects.filter(ballot__box=box)
        .values("proposal_id")
        .annotate(votes=Count("id"), points=Sum("points"))
        .order_by()
    )
    return {row["proposal_id"]: {"votes": row["votes"], "points": row["points"]} for row in rows}


def call_boxes(call, user, now=None):
    """The boxes of a call, each with the person's state: voted, may vote, or why not (one box
    per territory: a few queries per territory, as `services.ensure_boxes` creates them on first use).

    Returns a list of dicts: box, budget, count (of projects), state ("voted" | "open" |
    "not_eligible" | "closed" | "anonymous"), reason, ballot.
    """
    now = now or timezone.now()
    boxes = services.ensure_boxes(call)
    ceilings = {item.territory_id: item.budget_ceiling for item in call.territories.all()}
    counts = dict(
        Proposal.objects.filter(call_id=call.pk, hidden=False, status__in=services.ballot_statuses(call))
        .values_list("territory_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    is_open = services.voting_open(call, now)
    signed_in = bool(user and user.is_authenticated)
    ballots = {}
    if signed_in:
        ballots = {ballot.box_id: ballot for ballot in Ballot.objects.filter(voter=user, box__call=call)}
    items = []
    for box in boxes:
        box.call = call
        ballot = ballots.get(box.pk)
        reason = None
        if ballot:
            state = "voted"
        elif not is_open:
            state = "closed"
        elif not signed_in:
            state = "anonymous"
        else:
            reason = services.eligibility_problem(box=box, user=user, now=now)
            state = "not_eligible" if reason else "open"
        items.append(
            {
                "box": box,
                "budget": ceilings.get(box.territory_id),
                "count": counts.get(box.territory_id, 0),
                "state": state,
                "reason": reason,
                "ballot": ballot,
            }
        )
    return items


def my_ballots(user, now=None):
    """A person's own ballots for "Mi participación": call, territory, receipt, choices, and
    whether the vote is still open (so they may change it). Four queries, whatever the count."""
    now = now or timezone.now()
    ballots = list(services.ballots_of(user).prefetch_related("box__call__phases"))
    for ballot in ballots:
        ballot.may_change = services.voting_open(ballot.box.call, now)
        ballot.choice_list = sorted(ballot.choices.all(), key=lambda c: (c.proposal.reference or "", c.proposal_id))
    return {"my_ballots": ballots}
