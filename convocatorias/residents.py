"""Who a person is as a resident, and what a call asks of them for each action.

Two things every layer above needs and none may import from the app that knows them:

- The **residents registry**: `resident(user)` answers a `Resident` (a stable key of the person,
  `person`, the keyed hash of their document: the same whatever the channel or account; the census
  territory; the birth date) or None. The verification app (`verificacion`, layers above) installs
  the provider from its `AppConfig.ready()` with `register()`; nothing here imports it. Without a
  provider nobody is a verified resident. `votaciones.electorate` re-exports this interface for
  the vote.
- **Requirements per action**: a call declares for proposing, supporting, commenting and voting
  what it requires (`Requirement`: an account, a confirmed email, a verified resident, a verified
  resident of the territory). `missing(requirement, user, territory_id=…)` answers what this person
  still lacks (a `Missing` with a Spanish sentence and where to get it) or None. The services of
  the apps above ask it before they write; the pages ask it to tell people what they need.
"""

import datetime
from dataclasses import dataclass
from typing import Callable

from allauth.account.models import EmailAddress
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Resident:
    """A verified resident: `person` is a key, never a document number."""

    person: str
    territory_id: int
    birth_date: datetime.date | None = None


_provider: Callable | None = None
_verify_url: Callable | None = None
_CACHE = "_participa_resident"


def register(provider, *, verify_url=None):
    """Install `provider(user) -> Resident | None` and `verify_url() -> str`, the page where a
    person gets verified (idempotent: `ready()` may run twice in tests)."""
    global _provider, _verify_url
    _provider = provider
    _verify_url = verify_url


def verify_url():
    """Where a person gets verified (for the pages' messages), or None."""
    return _verify_url() if _verify_url else None


def resident(user):
    """The `Resident` of a signed-in person, or None when they are not verified (read once per
    user object: `forget(user)` after a verification)."""
    if _provider is None or user is None or not user.is_authenticated:
        return None
    if _CACHE not in user.__dict__:
        user.__dict__[_CACHE] = _provider(user)
    return user.__dict__[_CACHE]


def forget(user):
    """Drop the cached answer of `resident(user)` (the provider calls it when it verifies)."""
    user.__dict__.pop(_CACHE, None)


def age_on(birth_date, day):
    """Whole years between `birth_date` and `day` (a birthday counts on its day)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def has_confirmed_email(user):
    """Signed in with a verified address (cached on the user for the request)."""
    if not user or not user.is_authenticated:
        return False
    if not hasattr(user, "_participa_confirmed"):
        user._participa_confirmed = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._participa_confirmed


# --- Requirements per action --------------------------------------------------------------------


class Requirement(models.TextChoices):
    """What an action of a call requires (the vote uses the last three, `CallPage.VoteRequirement`)."""

    ACCOUNT = "account", gettext_lazy("Una cuenta (sin más requisitos)")
    EMAIL = "email", gettext_lazy("Una cuenta con el correo confirmado")
    VERIFIED = "verified", gettext_lazy("Residentes verificados con el padrón")
    VERIFIED_TERRITORY = "verified_territory", gettext_lazy("Residentes verificados del territorio")


VERIFIED = frozenset({Requirement.VERIFIED, Requirement.VERIFIED_TERRITORY})


class Task(models.TextChoices):
    """The actions a call sets requirements for (their words in the messages)."""

    PROPOSE = "propose", gettext_lazy("Presentar propuestas")
    SUPPORT = "support", gettext_lazy("Apoyar propuestas")
    COMMENT = "comment", gettext_lazy("Comentar")
    VOTE = "vote", gettext_lazy("Votar")


def _doing(task):
    return {
        Task.PROPOSE: _("presentar propuestas"),
        Task.SUPPORT: _("apoyar propuestas"),
        Task.COMMENT: _("comentar"),
        Task.VOTE: _("votar"),
    }[task]


@dataclass(frozen=True)
class Missing:
    """What a person still lacks for an action: `code` (login, email, verification, territory,
    age), a Spanish `message`, and where to get it (`url`, `link`: the words of the link)."""

    code: str
    message: str
    url: str = ""
    link: str = ""

    @property
    def refusal(self):
        """The sentence for a refusal (no link around it): the message and the page's address."""
        if self.code == "verification" and self.url:
            return _("%(message)s Página: %(url)s") % {"message": self.message, "url": self.url}
        return self.message


def requirement_label(task, requirement):
    """The requirement of an action in words (for the call page's box)."""
    if requirement == Requirement.VERIFIED_TERRITORY:
        return {
            Task.PROPOSE: _("Residentes verificados del territorio de la propuesta"),
            Task.SUPPORT: _("Residentes verificados del territorio de la propuesta"),
            Task.COMMENT: _("Residentes verificados del territorio de la propuesta"),
            Task.VOTE: _("Residentes verificados del territorio de la papeleta"),
        }[task]
    return str(Requirement(requirement).label)


def _verification_missing(task):
    url = verify_url() or ""
    return Missing(
        "verification",
        _(
            "Para %(doing)s en esta convocatoria hay que ser residente verificado con el padrón. "
            "Verifique su residencia en línea («Verificar mi residencia», en su cuenta) o en un punto de atención."
        )
        % {"doing": _doing(task)},
        url,
        _("Verificar mi residencia"),
    )


def missing(requirement, user, *, task, territory_id=None, territory_ids=None, min_age=None, today=None):
    """What `user` still lacks to do `task` under `requirement`, or None when they meet it.

    `territory_id`: the territory the action is about (the proposal's, the ballot's); with
    VERIFIED_TERRITORY the person must reside there. `territory_ids`: when the territory is not
    known yet (the call page), the person must reside in one of them. `min_age`: years the
    person must have (from the census birth date; only with verification). Reads at most the
    confirmed email and the resident (each cached on the user)."""
    if user is None or not user.is_authenticated:
        return Missing("login", _("Inicie sesión para %(doing)s.") % {"doing": _doing(task)}, reverse("account_login"), _("Iniciar sesión"))
    if requirement == Requirement.ACCOUNT:
        return None
    if not has_confirmed_email(user):
        return Missing(
            "email",
            _("Confirme su correo electrónico para %(doing)s.") % {"doing": _doing(task)},
            reverse("account_email"),
            _("Confirmar mi correo"),
        )
    if requirement not in VERIFIED:
        return None
    person = resident(user)
    if person is None:
        return _verification_missing(task)
    if requirement == Requirement.VERIFIED_TERRITORY:
        if territory_id is not None and person.territory_id != territory_id:
            if task == Task.VOTE:
                text = _("Según el padrón usted reside en otro territorio: aquí solo pueden votar quienes residen en el territorio de la papeleta.")
            else:
                text = _(
                    "Según el padrón usted reside en otro territorio: aquí solo pueden %(doing)s quienes residen en el territorio de la propuesta."
                ) % {"doing": _doing(task)}
            return Missing("territory", text)
        if territory_id is None and territory_ids is not None and person.territory_id not in set(territory_ids):
            return Missing(
                "territory",
                _("Según el padrón usted reside fuera de los territorios de esta convocatoria: no puede %(doing)s en ella.")
                % {"doing": _doing(task)},
            )
    if min_age:
        day = today or timezone.localdate()
        if person.birth_date is None or age_on(person.birth_date, day) < min_age:
            return Missing(
                "age",
                _("Para %(doing)s en esta convocatoria hay que tener %(age)s años o más.") % {"doing": _doing(task), "age": min_age},
            )
    return None
