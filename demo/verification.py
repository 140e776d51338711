"""Demo content of verification: a synthetic census (generated numbers, no real people) of every
territory, a demo citizen who can verify, and a desk account. Idempotent: the census is imported
again only when it changed, the accounts are created once.

`seed_demo` runs it (step "Padrón y mesa de verificación", the last one): the Medellín call then
requires verified residents for proposing, supporting, commenting and voting (from 14); `manage.py seed_verification_demo
--call SLUG` runs it again and makes that call's vote require verified residents of each ballot's
territory.
"""

import datetime
import io
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from convocatorias.models import CallPage, Territory
from convocatorias.residents import Requirement
from portal.roles import VERIFIERS, ensure_roles

from verificacion.models import CensusImport
from verificacion.services import import_census

SCOPE = "Padrón de demostración"
PEOPLE_PER_TERRITORY = 40
DESK_EMAIL = "verificacion@participa.test"
CITIZEN_EMAIL = "ciudadana@participa.test"
#: The demo citizen's document (shown in the seed's output: it is synthetic).
CITIZEN_DOCUMENT = ("CC", "1000000001", datetime.date(1990, 5, 17))


def census_csv(territories, citizen_territory):
    """A census CSV (bytes) with generated people for each territory, the demo citizen included."""
    rng = random.Random(2026)
    lines = ["tipo_documento,numero_documento,fecha_nacimiento,territorio"]
    kind, number, birth = CITIZEN_DOCUMENT
    if citizen_territory is not None:
        lines.append(f"{kind},{number},{birth.isoformat()},{citizen_territory.name}")
    serial = 2_000_000_000
    for territory in territories:
        for _ in range(PEOPLE_PER_TERRITORY):
            serial += 1
            born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 72))
            lines.append(f"CC,{serial},{born.isoformat()},{territory.name}")
    return ("\n".join(lines) + "\n").encode()


#: The demo call whose supports, comments and vote need residents verified against the census
#: (Medellín votes from 14: Acuerdo 028 de 2017), and what each action requires.
VERIFIED_CALL = "presupuesto-participativo-medellin"
VERIFIED_CALL_RULES = {
    "propose_requirement": Requirement.VERIFIED,
    "support_requirement": Requirement.VERIFIED_TERRITORY,
    "comment_requirement": Requirement.VERIFIED,
    "vote_requirement": Requirement.VERIFIED_TERRITORY,
    "vote_min_age": 14,
}


def require_verification(slug):
    """Make the call `slug` require verified residents (a new published revision, only when it
    does not yet). Run after the proposals, supports and comments of the demo were seeded."""
    call = CallPage.objects.filter(slug=slug).first()
    if call is None:
        return []
    if any(getattr(call, name) != value for name, value in VERIFIED_CALL_RULES.items()):
        for name, value in VERIFIED_CALL_RULES.items():
            setattr(call, name, value)
        call.save_revision().publish()
    return [
        f"Convocatoria «{call.title}»: presentar propuestas, apoyar, comentar y votar (desde los 14 años) "
        "piden residentes verificados con el padrón."
    ]


def seed(*, password, call_slug=None):
    """Create the demo census (imported again only when it changed) and accounts. Returns the
    lines to print."""
    User = get_user_model()
    ensure_roles()
    citizen = User.objects.filter(email=CITIZEN_EMAIL).first()
    territories = list(Territory.objects.order_by("pk"))
    # Names must name one territory each in the file: skip the ambiguous ones.
    names = {}
    for territory in territories:
        names.setdefault(territory.name.casefold(), []).append(territory)
    unique = [items[0] for items in names.values() if len(items) == 1]
    citizen_territory = citizen.territory if citizen and citizen.territory in unique else (unique[0] if unique else None)
    data = census_csv(unique, citizen_territory)
    current = CensusImport.objects.filter(scope=SCOPE, status=CensusImport.Status.ACTIVE).first()
    expected_rows = data.count(b"\n") - 1  # lines minus the header
    if current is None or current.rows != expected_rows:
        report = import_census(io.BytesIO(data), scope=SCOPE, file_name="padron-demo.csv")
        if not report.ok:
            raise RuntimeError("; ".join(report.errors[:5]))
        current = report.census_import
    desk, created = User.objects.get_or_create(email=DESK_EMAIL, defaults={"display_name": "Mesa de verificación", "is_staff": True})
    if created:
        desk.set_password(password)
        desk.save()
    desk.groups.add(Group.objects.get(name=VERIFIERS))
    EmailAddress.objects.update_or_create(user=desk, email=desk.email, defaults={"verified": True, "primary": True})
    kind, number, birth = CITIZEN_DOCUMENT
    lines = [
        f"Padrón sintético «{SCOPE}»: {current.rows} personas.",
        f"Mesa de verificación: {DESK_EMAIL}",
        f"{CITIZEN_EMAIL} puede verificarse con {kind} {number}, nacida el {birth:%d/%m/%Y}.",
    ]
    lines += require_verification(VERIFIED_CALL)
    medellin = next((line for line in data.decode().splitlines() if line.endswith(",Villa Hermosa")), None)
    if medellin:
        kind, number, born, place = medellin.split(",")
        born = datetime.date.fromisoformat(born)
        lines.append(f"Persona sintética de {place} (Medellín) para la mesa: {kind} {number}, nacida el {born:%d/%m/%Y}.")
    if call_slug:
        updated = CallPage.objects.filter(slug=call_slug).update(vote_requirement=CallPage.VoteRequirement.VERIFIED_TERRITORY)
        lines.append(f"Convocatoria «{call_slug}»: " + ("vota solo quien verificó su residencia." if updated else "no existe."))
    return lines
