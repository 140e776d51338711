"""Factories of the shared base: people (with a confirmed email), capsules and guides."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.models import Capsule, GuidePage
from tests.home.factories import make_site

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


class CapsuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capsule

    kind = Capsule.Kind.CONCEPT
    title = factory.Sequence(lambda n: f"Cápsula {n}")
    slug = factory.Sequence(lambda n: f"capsula-{n}")
    body = "<p>Una idea explicada en pocas líneas.</p>"
    published_at = factory.LazyFunction(lambda: timezone.localdate())


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
