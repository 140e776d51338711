"""Factories for the domain. Pages are created under the site root by `make_site()`."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from convocatorias.models import CallIndexPage, CallPage, CallPhase, CallTerritory, Territory, Theme
from home.models import HomePage
from portal.models import Capsule, GuideIndexPage, GuidePage

PASSWORD = "Contraseña-Segura-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Persona {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Give the user a verified primary email address (allauth), unless verified=False."""
        if not create:
            return
        obj.save()
        if extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Eje {n}")
    slug = factory.Sequence(lambda n: f"eje-{n}")


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territorio {n}")
    code = factory.Sequence(lambda n: f"{n:02d}")
    kind = Territory.Kind.COMUNA
    municipality = "Medellín"


class CapsuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capsule

    kind = Capsule.Kind.CONCEPT
    title = factory.Sequence(lambda n: f"Cápsula {n}")
    slug = factory.Sequence(lambda n: f"capsula-{n}")
    body = "<p>Una idea explicada en pocas líneas.</p>"
    published_at = factory.LazyFunction(lambda: timezone.localdate())


def make_site():
    """A home page as the default site's root, with call and guide indexes. Returns a dict."""
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed the tree that migrations create
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code="es")
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Inicio", slug="inicio", hero_title="Participa en tu ciudad")
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site:
            old_root = site.root_page
            site.root_page = home
            site.save()
            if old_root.pk != home.pk and old_root.depth > 1 and not isinstance(old_root.specific, HomePage):
                old_root.delete()
        else:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    calls = CallIndexPage.objects.first()
    if calls is None:
        calls = CallIndexPage(title="Convocatorias", slug="convocatorias")
        home.add_child(instance=calls)
    guides = GuideIndexPage.objects.first()
    if guides is None:
        guides = GuideIndexPage(title="Aprende", slug="aprende")
        home.add_child(instance=guides)
    return {"home": home, "calls": calls, "guides": guides}


def make_call(*, parent=None, title="Proyectos Ciudadanos", phases=None, territories=(), themes=(), **fields):
    """Create and publish a call. `phases` is a list of (kind, starts_at, ends_at)."""
    parent = parent or make_site()["calls"]
    slug = fields.pop("slug", None) or factory.Faker._get_faker().unique.slug()
    call = CallPage(title=title, slug=slug, summary=fields.pop("summary", f"Resumen de {title}"), **fields)
    for index, (kind, starts_at, ends_at) in enumerate(phases or []):
        call.phases.add(CallPhase(kind=kind, starts_at=starts_at, ends_at=ends_at, sort_order=index))
    for index, (territory, ceiling) in enumerate(territories):
        call.territories.add(CallTerritory(territory=territory, budget_ceiling=ceiling, sort_order=index))
    parent.add_child(instance=call)
    if themes:
        call.themes.set(themes)
    call.save_revision().publish()
    return CallPage.objects.get(pk=call.pk)


def schedule_around(now=None, *, current="intake"):
    """A full schedule where `current` is running now (7 days each, one week per phase)."""
    now = now or timezone.now()
    kinds = [choice for choice, _ in CallPhase.Kind.choices]
    position = kinds.index(current)
    week = dt.timedelta(days=7)
    start = now - week * position - dt.timedelta(days=1)
    return [(kind, start + week * i, start + week * (i + 1)) for i, kind in enumerate(kinds)]


def make_guide(*, parent=None, title="Guía", **fields):
    parent = parent or make_site()["guides"]
    guide = GuidePage(
        title=title,
        slug=fields.pop("slug", None) or factory.Faker._get_faker().unique.slug(),
        summary=fields.pop("summary", f"Resumen de {title}"),
        body=fields.pop("body", [("paragraph", "<p>Contenido de la guía.</p>")]),
        **fields,
    )
    parent.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


def make_proposal_call(*, current="intake", now=None, **fields):
    """A call with one theme and two territories whose `current` phase is running now."""
    theme = fields.pop("theme", None) or ThemeFactory()
    territories = fields.pop("territories", None) or [TerritoryFactory(), TerritoryFactory()]
    fields.setdefault("code", "PEM")
    fields.setdefault("max_proposal_cost", 5_000_000)
    call = make_call(
        phases=schedule_around(now, current=current),
        territories=[(territory, 20_000_000) for territory in territories],
        themes=[theme],
        **fields,
    )
    return call


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal in a call (by default admitted, public). Pass `call=` a call from
    `make_proposal_call`; theme and territory default to the call's first ones."""

    class Meta:
        model = "propuestas.Proposal"

    call = factory.LazyFunction(lambda: make_proposal_call())
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Propuesta {n}: ciclovía en el centro")
    summary = "Conectar las escuelas del barrio con una ruta segura para bicicletas."
    problem = "Las personas que van en bicicleta comparten carril con autobuses."
    solution = "Una ciclovía protegida de 2 km con cruces seguros."
    beneficiaries_count = 1200
    beneficiaries_description = "Estudiantes y vecinos del barrio"
    theme = factory.LazyAttribute(lambda o: o.call.themes.first())
    territory = factory.LazyAttribute(lambda o: o.call.territories.first().territory)
    estimated_cost = 1_500_000
    status = "admitted"
    submitted_at = factory.LazyFunction(timezone.now)

    reference = factory.LazyAttributeSequence(
        lambda o, n: None if o.status == "draft" else f"{o.call.reference_prefix}-T-{n + 1:05d}"
    )


def make_voting_call(*, current="voting", now=None, ceiling=10_000_000, proposals=3, costs=None, **fields):
    """A call in its `current` phase (voting by default) with one territory's ballot of shortlisted
    proposals. Returns (call, box, proposals). Extra territories: pass `territories=[...]`."""
    from votaciones.services import box_for

    theme = fields.pop("theme", None) or ThemeFactory()
    territories = fields.pop("territories", None) or [TerritoryFactory(), TerritoryFactory()]
    status = "admitted" if fields.get("vote_before_evaluation") else "shortlisted"
    fields.setdefault("code", "PPV")
    fields.setdefault("max_proposal_cost", ceiling)
    call = make_call(
        phases=schedule_around(now, current=current),
        territories=[(territory, ceiling) for territory in territories],
        themes=[theme],
        **fields,
    )
    costs = costs or [1_000_000 * (index + 2) for index in range(proposals)]
    items = [
        ProposalFactory(call=call, territory=territories[0], status=status, estimated_cost=cost)
        for cost in costs
    ]
    return call, box_for(call=call, territory=territories[0]), items

