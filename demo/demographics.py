"""Demo participants who consented to share their gender and age range (called by `seed_demo`).

The people are the demo's own participants: the named authors, supporters and commenters
(`demo.content.PARTICIPANTS`) and the generated online voters (``votanteNNN.<territorio>@``), who
voted online and so have a confirmed address. Only when they are fewer than `MINIMUM_PEOPLE`
are ``participante-NN@participa.test`` accounts (no usable password) created to make up the
difference. The six named demo accounts (ciudadana@, editor@…) are never touched.

Each person gets, by their place in the email order, a consent (about three in four consent), a
gender and an age range, from fixed cycles with realistic shares, so that some groups reach the
statistics' minimum of 10 people and some do not (and are merged into "Otros"). Idempotent:
values are only written when they differ.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Q

from . import content

DEMO_DOMAIN = "participa.test"
#: At least this many people get demographics (created if the demo's participants are fewer).
MINIMUM_PEOPLE = 60

#: One cycle of 20 people: 10 women, 7 men, 2 non-binary, 1 who prefers not to say.
GENDER_CYCLE = (
    "woman", "man", "woman", "man", "woman", "woman", "man", "non_binary", "woman", "man",
    "woman", "man", "woman", "undisclosed", "woman", "man", "woman", "man", "non_binary", "woman",
)  # fmt: skip
#: One cycle of 20 people: 1 under 18, 5 from 18 to 29, 6 from 30 to 44, 5 from 45 to 59, 3 over 60.
AGE_CYCLE = (
    "18-29", "30-44", "45-59", "30-44", "60+", "18-29", "30-44", "45-59", "18-29", "30-44",
    "45-59", "30-44", "0-17", "18-29", "60+", "45-59", "30-44", "18-29", "45-59", "60+",
)  # fmt: skip
#: Positions (modulo 4) of the people who did not consent: one in four.
NO_CONSENT = {3}


def _demo_accounts():
    return {account["email"].lower() for account in content.ACCOUNTS}


def _named_participants():
    return [person["email"].lower() for person in content.PARTICIPANTS]


def demographics_for(position):
    """(consent, gender, age_range) of the person at `position` in the email order."""
    consent = position % 4 not in NO_CONSENT
    return consent, GENDER_CYCLE[position % len(GENDER_CYCLE)], AGE_CYCLE[position % len(AGE_CYCLE)]


def seed_demographics(tally):
    """Enough consenting participants for the statistics' groups of at least 10 people."""
    User = get_user_model()
    reserved = _demo_accounts()
    people = list(
        User.objects.filter(
            Q(email__in=_named_participants())
            | Q(email__startswith="votante", email__endswith=f"@{DEMO_DOMAIN}")
            | Q(email__startswith="participante-", email__endswith=f"@{DEMO_DOMAIN}"),
            is_staff=False,
            is_superuser=False,
        )
        .exclude(email__in=reserved)
        .order_by("email")
    )
    existing = {user.email for user in people}
    created_emails = set()
    number = 1
    while len(people) < MINIMUM_PEOPLE:
        email = f"participante-{number:02d}@{DEMO_DOMAIN}"
        number += 1
        if email in existing:
            continue
        user = User(email=email, display_name=f"Participante {number - 1:02d}", is_active=True)
        user.set_unusable_password()
        user.save()
        people.append(user)
        created_emails.add(email)
    people.sort(key=lambda user: user.email)
    verified = set(EmailAddress.objects.filter(user__in=people, verified=True).values_list("user_id", flat=True))
    missing_addresses = []
    for position, user in enumerate(people):
        consent, gender, age_range = demographics_for(position)
        wanted = {"demographics_consent": consent, "gender": gender, "age_range": age_range}
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, wanted[name])
        if changed:
            user.save(update_fields=changed)
        if user.pk not in verified:
            # Online voters confirmed their address to vote; the created participants too.
            missing_addresses.append(EmailAddress(user=user, email=user.email, verified=True, primary=True))
        tally.record(user.email in created_emails, bool(changed) or user.pk not in verified)
    if missing_addresses:
        existing_addresses = set(
            EmailAddress.objects.filter(user__in=[a.user for a in missing_addresses]).values_list("user_id", flat=True)
        )
        EmailAddress.objects.filter(user__in=[a.user for a in missing_addresses], verified=False).update(verified=True)
        EmailAddress.objects.bulk_create([a for a in missing_addresses if a.user_id not in existing_addresses])
