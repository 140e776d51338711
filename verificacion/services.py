"""Census imports, verification of accounts (online and at a desk) and the desk's records.

Every refusal raises `propuestas.services.ActionRefused` with a Spanish message and changes
nothing. Document numbers live only in the request that carries them: they are hashed at once
(`documents.digest`) and never stored, logged or echoed back.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convocatorias.models import Territory
from portal import ratelimit
from portal.errors import ActionRefused
from votaciones import electorate
from votaciones import services as voting

from . import census, documents
from .models import CensusEntry, CensusImport, DeskAction, DocumentType, InPersonRequest, Verification

BATCH = 5000
MAX_ERRORS = 200
PROGRESS_EVERY = 10_000

# --- Hashing ----------------------------------------------------------------------------------


def document_digest(document_type, number):
    return documents.digest(settings.VERIFICATION_HMAC_KEY, document_type, number)


# --- Census import ----------------------------------------------------------------------------

LINE_MESSAGES = {
    "columns": gettext_lazy("Línea %(line)s: faltan columnas (se esperaban %(expected)s, hay %(found)s)."),
    "document_type": gettext_lazy("Línea %(line)s: tipo de documento desconocido (use CC, TI, CE, PPT, PA, INE o CURP)."),
    "number": gettext_lazy("Línea %(line)s: número de documento mal formado (de 3 a 20 letras o cifras)."),
    "date": gettext_lazy("Línea %(line)s: fecha de nacimiento no válida (use AAAA-MM-DD o DD/MM/AAAA)."),
    "date_range": gettext_lazy("Línea %(line)s: fecha de nacimiento imposible (anterior a 1900 o futura)."),
    "territory_missing": gettext_lazy("Línea %(line)s: falta el territorio."),
    "territory_unknown": gettext_lazy("Línea %(line)s: territorio desconocido «%(territory)s» (use el código o el nombre de un territorio)."),
    "territory_ambiguous": gettext_lazy("Línea %(line)s: «%(territory)s» nombra varios territorios: use su nombre completo."),
    "duplicate": gettext_lazy("Línea %(line)s: documento repetido en el archivo."),
    "other_scope": gettext_lazy("Línea %(line)s: ese documento ya está en el padrón «%(scope)s»."),
}
FILE_MESSAGES = {
    "empty": gettext_lazy("El archivo está vacío."),
    "not_utf8": gettext_lazy("El archivo no es un CSV en UTF-8 ni una hoja de cálculo XLSX. Guárdelo como «CSV UTF-8» o como XLSX."),
    "not_utf8_line": gettext_lazy("Línea %(line)s: el texto no está en UTF-8. Guarde el archivo como «CSV UTF-8»."),
    "bad_csv": gettext_lazy("Línea %(line)s: el CSV está mal formado (revise las comillas)."),
    "not_xlsx": gettext_lazy("La hoja de cálculo no se puede leer: guárdela de nuevo como XLSX o como CSV UTF-8."),
    "bad_header": gettext_lazy("La primera línea debe nombrar las columnas: %(columns)s."),
    "no_rows": gettext_lazy("El archivo no tiene ninguna persona."),
    "too_large": gettext_lazy("El archivo pesa más de %(max_mb)s MB."),
    "bad_scope": gettext_lazy("Indique el alcance del padrón (por ejemplo «Padrón 2026»)."),
}


@dataclass
class ImportReport:
    """What an import did, or why it was refused (`errors`: Spanish sentences with line numbers)."""

    census_import: CensusImport | None = None
    errors: list = field(default_factory=list)
    hidden_errors: int = 0

    @property
    def ok(self):
        return self.census_import is not None


class _Rejected(Exception):
    pass


def territory_index():
    """{territory key: Territory id or None when ambiguous}: by plain name and by code."""
    index = {}
    for territory in Territory.objects.only("pk", "name", "code"):
        keys = {census.territory_key(territory.name)}
        if territory.code:
            keys.add(census.territory_key(territory.code))
        for key in keys:
            index[key] = territory.pk if index.get(key, territory.pk) == territory.pk else None
    return index


def retention_default(today=None):
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=settings.VERIFICATION_CENSUS_RETENTION_DAYS)


def import_census(stream, *, scope, user=None, file_name="", retain_until=None, progress=None):
    """Import a census file (binary stream) for `scope`, replacing the scope's active import.

    All or nothing: every line is checked (and written in batches inside one transaction); any
    error rolls the whole file back and the report lists them with their line numbers. The
    same file imported twice leaves the same rows (idempotent). `progress(lines)` is called
    every few thousand lines."""
    report = ImportReport()
    scope = " ".join((scope or "").split())[:100]
    if not scope:
        report.errors.append(str(FILE_MESSAGES["bad_scope"]))
        return report
    try:
        with transaction.atomic():
            report.census_import = _import(stream, scope, user, file_name, retain_until, progress, report)
    except _Rejected:
        report.census_import = None
    return report


def _error(report, message):
    if len(report.errors) < MAX_ERRORS:
        report.errors.append(message)
    else:
        report.hidden_errors += 1


def _import(stream, scope, user, file_name, retain_until, progress, report):
    now = timezone.now()
    today = timezone.localdate()
    previous = list(CensusImport.objects.select_for_update().filter(scope=scope, status=CensusImport.Status.ACTIVE))
    CensusEntry.objects.filter(census_import__in=previous).delete()
    CensusImport.objects.filter(pk__in=[item.pk for item in previous]).update(status=CensusImport.Status.REPLACED, ended_at=now)
    record = CensusImport.objects.create(
        scope=scope, file_name=file_name[:255], imported_by=user, retain_until=retain_until or retention_default(today)
    )
    territories = territory_index()
    names = dict(Territory.objects.values_list("pk", "name"))
    types = set(DocumentType.values)
    # Documents already in another scope's census are errors: with no other census rows at all
    # (the previous rows of this scope are gone), no batch needs to ask.
    check_others = CensusEntry.objects.exists()
    seen = set()
    counts = Counter()
    batch = []
    key = settings.VERIFICATION_HMAC_KEY.encode()
    try:
        rows = census.read_rows(stream)
        columns = None
        lines = 0
        for line, values in rows:
            if columns is None:
                columns = census.columns_of(values)
                continue
            lines += 1
            if progress and lines % PROGRESS_EVERY == 0:
                progress(lines)
            row = census.check_row(line, values, columns, document_types=types, today=today)
            if isinstance(row, list):
                for problem in row:
                    _error(report, str(LINE_MESSAGES[problem.code]) % {"line": problem.line, **problem.params})
                continue
            territory_id = territories.get(row.territory, 0)
            if not territory_id:
                code = "territory_unknown" if territory_id == 0 else "territory_ambiguous"
                _error(report, str(LINE_MESSAGES[code]) % {"line": line, "territory": str(values[columns["territory"]])[:60]})
                continue
            digest = documents.normalised_digest(key, row.document_type, row.number)
            short = bytes.fromhex(digest[:32])
            if short in seen:
                _error(report, str(LINE_MESSAGES["duplicate"]) % {"line": line})
                continue
            seen.add(short)
            counts[territory_id] += 1
            if report.errors:
                continue  # the file is rejected anyway: keep checking, stop writing
            batch.append((row.document_type, digest, row.birth_date, territory_id, line))
            if len(batch) >= BATCH:
                _write(record, batch, report, check_others)
                batch = []
        if columns is None:
            raise census.FileError("empty")
    except census.FileError as problem:
        _error(report, str(FILE_MESSAGES[problem.code]) % problem.params if problem.params else str(FILE_MESSAGES[problem.code]))
    if not report.errors:
        _write(record, batch, report, check_others)
    if not report.errors and not counts:
        _error(report, str(FILE_MESSAGES["no_rows"]))
    if report.errors:
        raise _Rejected
    if progress:
        progress(sum(counts.values()))
    record.rows = sum(counts.values())
    record.per_territory = {names[pk]: count for pk, count in sorted(counts.items(), key=lambda item: names[item[0]])}
    record.save(update_fields=["rows", "per_territory"])
    return record


def _taken(digests):
    """(digest, scope) of the census rows already holding any of `digests`. On PostgreSQL the
    digests travel as one array parameter (`= ANY(%s)`): a query with thousands of placeholders
    costs more to build and parse than to run."""
    if connection.vendor != "postgresql":
        return CensusEntry.objects.filter(digest__in=digests).values_list("digest", "census_import__scope")
    quote = connection.ops.quote_name
    sql = (
        f"SELECT e.digest, i.scope FROM {quote(CensusEntry._meta.db_table)} e "
        f"JOIN {quote(CensusImport._meta.db_table)} i ON i.id = e.census_import_id WHERE e.digest = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [digests])
        return cursor.fetchall()


def _write(record, batch, report, check_others=True):
    """Insert a batch of (document type, digest, birth date, territory id, line): with COPY on
    PostgreSQL, in bulk elsewhere. Documents already in another scope's census are errors of
    their lines (and nothing is written)."""
    if not batch:
        return
    lines = {digest: line for _type, digest, _birth, _territory, line in batch}
    found = False
    for digest, scope in _taken(list(lines)) if check_others else ():
        found = True
        _error(report, str(LINE_MESSAGES["other_scope"]) % {"line": lines[digest], "scope": scope})
    if found:
        return
    if connection.vendor == "postgresql":
        table = CensusEntry._meta.db_table
        with connection.cursor() as cursor:
            sql = f'COPY "{table}" (census_import_id, document_type, digest, birth_date, territory_id) FROM STDIN'
            with cursor.cursor.copy(sql) as copy:
                for document_type, digest, birth_date, territory_id, _line in batch:
                    copy.write_row((record.pk, document_type, digest, birth_date, territory_id))
        return
    CensusEntry.objects.bulk_create(
        [
            CensusEntry(census_import=record, document_type=document_type, digest=digest, birth_date=birth_date, territory_id=territory_id)
            for document_type, digest, birth_date, territory_id, _line in batch
        ],
        batch_size=1000,
    )


def purge_census(*, today=None):
    """Delete the census rows of every import past its retention date. Returns (imports, rows)."""
    today = today or timezone.localdate()
    due = list(
        CensusImport.objects.filter(retain_until__lt=today).exclude(status=CensusImport.Status.PURGED).values_list("pk", flat=True)
    )
    if not due:
        return 0, 0
    with transaction.atomic():
        rows, _by_model = CensusEntry.objects.filter(census_import__in=due).delete()
        CensusImport.objects.filter(pk__in=due).update(status=CensusImport.Status.PURGED, ended_at=timezone.now())
    return len(due), rows


# --- Verification -----------------------------------------------------------------------------

NO_MATCH = gettext_lazy(
    "Los datos no coinciden con el padrón. Revise el tipo y el número de documento y la fecha de "
    "nacimiento; si siguen sin coincidir, pida la verificación presencial."
)


def resident_of(user):
    """`electorate.Resident` of a verified account (the provider the vote asks), or None."""
    verification = Verification.objects.filter(user_id=user.pk).only("digest", "territory_id", "birth_date").first()
    if verification is None:
        return None
    return electorate.Resident(
        person=verification.digest, territory_id=verification.territory_id, birth_date=verification.birth_date
    )


def _census_entry(document_type, number):
    digest = document_digest(document_type, number)
    entry = CensusEntry.objects.filter(digest=digest, census_import__status=CensusImport.Status.ACTIVE).first()
    return digest, entry


def _verify(*, user, document_type, digest, territory_id, birth_date, method, staff=None, place=""):
    try:
        with transaction.atomic():
            verification = Verification.objects.create(
                user=user,
                document_type=document_type,
                digest=digest,
                territory_id=territory_id,
                birth_date=birth_date,
                method=method,
                verified_by=staff,
                place=place,
            )
            # The census territory replaces the one the person declared.
            get_user_model().objects.filter(pk=user.pk).update(territory_id=territory_id)
            user.territory_id = territory_id
            electorate.forget(user)
            InPersonRequest.objects.filter(user=user, resolved_at__isnull=True).update(resolved_at=timezone.now())
    except IntegrityError:
        return None
    return verification


def verify_online(*, user, document_type, number, birth_date):
    """Verify `user` against the census. Returns the Verification; refusals say nothing about
    whether the document exists (same message for an unknown document, a wrong birth date or a
    document that already verifies another account)."""
    if Verification.objects.filter(user_id=user.pk).exists():
        raise ActionRefused(_("Su cuenta ya está verificada."), "already_verified")
    if ratelimit.exceeded("verify_document", user.pk):
        raise ActionRefused(
            _("Demasiados intentos fallidos. Espere una hora o pida la verificación presencial."), "rate_limited"
        )
    digest, entry = _census_entry(document_type, number)
    verification = None
    if entry is not None and entry.birth_date == birth_date:
        verification = _verify(
            user=user,
            document_type=document_type,
            digest=digest,
            territory_id=entry.territory_id,
            birth_date=entry.birth_date,
            method=Verification.Method.ONLINE,
        )
    if verification is None:
        ratelimit.hit("verify_document", user.pk)
        raise ActionRefused(str(NO_MATCH), "no_match")
    return verification


def request_in_person(*, user, message=""):
    """Ask to be verified at a desk (one open request per person)."""
    if Verification.objects.filter(user_id=user.pk).exists():
        raise ActionRefused(_("Su cuenta ya está verificada."), "already_verified")
    request, _created = InPersonRequest.objects.get_or_create(
        user=user, resolved_at__isnull=True, defaults={"message": (message or "")[:1000]}
    )
    return request


# --- Desk -------------------------------------------------------------------------------------


@dataclass
class DeskPerson:
    """What the desk sees of a document: never the number, never a ballot."""

    digest: str
    document_type: str
    in_census: bool
    territory: Territory | None = None
    birth_date: datetime.date | None = None
    verified_account: object = None  # the User verified with this document, if any
    channel: str | None = None  # how they already voted in the desk's box ("online", "code", …)


def _audit(*, kind, staff, place, box=None, person="", account=None):
    DeskAction.objects.create(kind=kind, staff=staff, place=place[:200], box=box, person=person, account=account)


def desk_lookup(*, staff, place, document_type, number, box=None):
    """Look a document up at a desk (audited). Returns a `DeskPerson`."""
    if not ratelimit.hit("desk_lookup", staff.pk):
        raise ActionRefused(_("Demasiadas consultas en la última hora: espere un poco."), "rate_limited")
    digest, entry = _census_entry(document_type, number)
    verification = Verification.objects.filter(digest=digest).select_related("user", "territory").first()
    person = DeskPerson(digest=digest, document_type=document_type, in_census=entry is not None)
    if entry is not None:
        person.territory = entry.territory
        person.birth_date = entry.birth_date
    if verification is not None:
        person.verified_account = verification.user
        person.territory = verification.territory
        person.birth_date = verification.birth_date
    if box is not None:
        person.channel = voting.person_channel(box=box, person=digest)
    _audit(kind=DeskAction.Kind.LOOKUP, staff=staff, place=place, box=box, person=digest)
    return person


def desk_verify_account(*, staff, place, account, document_type, number, territory=None, birth_date=None):
    """Verify `account` at a desk after checking the identity document in hand. A person in the
    census gets its territory and birth date; a person not in it (a recent move, an error of the
    census) needs `territory` and `birth_date` from the desk."""
    if Verification.objects.filter(user_id=account.pk).exists():
        raise ActionRefused(_("Esa cuenta ya está verificada."), "already_verified")
    digest, entry = _census_entry(document_type, number)
    if entry is not None:
        territory_id, birth_date = entry.territory_id, entry.birth_date
    elif territory is None or birth_date is None:
        raise ActionRefused(
            _("Esa persona no está en el padrón: indique su territorio y su fecha de nacimiento según el documento."),
            "not_in_census",
        )
    else:
        territory_id = territory.pk
    verification = _verify(
        user=account,
        document_type=document_type,
        digest=digest,
        territory_id=territory_id,
        birth_date=birth_date,
        method=Verification.Method.DESK,
        staff=staff,
        place=place,
    )
    if verification is None:
        raise ActionRefused(_("Ese documento ya verifica otra cuenta: una persona verifica una sola cuenta."), "taken")
    _audit(kind=DeskAction.Kind.VERIFY, staff=staff, place=place, person=digest, account=account)
    return verification


def _desk_resident(document_type, number, box):
    """The person a desk records for `box`: verified or in the census, of the box's territory
    when the call requires it. Returns the digest."""
    digest, entry = _census_entry(document_type, number)
    verification = Verification.objects.filter(digest=digest).first()
    source = verification or entry
    if source is None:
        raise ActionRefused(
            _("Esa persona no está en el padrón ni verificada: verifíquela primero (con o sin cuenta no se puede votar sin verificación)."),
            "not_in_census",
        )
    resident = electorate.Resident(person=digest, territory_id=source.territory_id, birth_date=source.birth_date)
    call = box.call
    if (call.vote_requirement == call.VoteRequirement.VERIFIED_TERRITORY or call.vote_residents_only) and (
        resident.territory_id != box.territory_id
    ):
        raise ActionRefused(_("Según el padrón esa persona reside en otro territorio: no vota en esta urna."), "territory")
    if call.vote_min_age and (
        resident.birth_date is None or electorate.age_on(resident.birth_date, timezone.localdate()) < call.vote_min_age
    ):
        raise ActionRefused(_("Esa persona no tiene la edad mínima para votar en esta convocatoria."), "age")
    return digest


def desk_issue_code(*, staff, session, document_type, number):
    """A one-time code of the session bound to the person (whether or not they have an account).
    Returns the code in clear (shown only now)."""
    digest = _desk_resident(document_type, number, session.box)
    code = voting.issue_person_code(session=session, person=digest)
    _audit(kind=DeskAction.Kind.CODE, staff=staff, place=session.place or session.name, box=session.box, person=digest)
    return code


def desk_mark_paper(*, staff, session, document_type, number):
    """Record that the person votes on paper at this session."""
    digest = _desk_resident(document_type, number, session.box)
    mark = voting.mark_paper_voter(session=session, person=digest)
    _audit(kind=DeskAction.Kind.PAPER, staff=staff, place=session.place or session.name, box=session.box, person=digest)
    return mark
