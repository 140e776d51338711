"""Site-wide models: accounts and profiles, site settings, pedagogical content."""

from django import forms
from django.contrib.auth.models import AbstractUser, UserManager as BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentStreamBlock


def validate_link(value):
    """A navigation link: a path on this site ("/buscar/") or an http(s) address."""
    if not value:
        return
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("Escriba una dirección del sitio que empiece con / o una dirección web completa.")
        ) from None


class UserManager(BaseUserManager):
    """Accounts are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("The email must be set")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Demographics are optional, need consent and are never public."""

    class AgeRange(models.TextChoices):
        UNDER_18 = "0-17", _("Menos de 18 años")
        FROM_18 = "18-29", _("De 18 a 29 años")
        FROM_30 = "30-44", _("De 30 a 44 años")
        FROM_45 = "45-59", _("De 45 a 59 años")
        FROM_60 = "60+", _("60 años o más")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Mujer")
        MAN = "man", _("Hombre")
        NON_BINARY = "non_binary", _("No binario")
        OTHER = "other", _("Otro")
        UNDISCLOSED = "undisclosed", _("Prefiero no decirlo")

    username = None
    email = models.EmailField(_("correo electrónico"), unique=True)
    display_name = models.CharField(
        _("nombre público"),
        max_length=80,
        blank=True,
        help_text=_("Cómo aparece su nombre junto a sus propuestas y comentarios."),
    )
    territory = models.ForeignKey(
        "convocatorias.Territory",
        verbose_name=_("territorio de residencia"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    demographics_consent = models.BooleanField(
        _("autorizo el uso de mis datos demográficos en estadísticas de participación"),
        default=False,
    )
    age_range = models.CharField(_("rango de edad"), max_length=10, choices=AgeRange.choices, blank=True)
    gender = models.CharField(_("género"), max_length=20, choices=Gender.choices, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        """The name shown publicly: never the email address."""
        return self.display_name or _("Participante %(id)s") % {"id": self.pk}

    def get_full_name(self):
        return self.display_name or super().get_full_name() or self.email

    def get_short_name(self):
        return self.display_name or self.first_name or self.email


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Institution, contact, navigation and legal texts, editable in the CMS."""

    institution_name = models.CharField(_("nombre de la institución"), max_length=200, default="Participa")
    tagline = models.CharField(_("lema"), max_length=250, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=50, blank=True)
    address = models.TextField(_("dirección"), blank=True)
    navigation = StreamField(
        [
            (
                "link",
                blocks.StructBlock(
                    [
                        ("label", blocks.CharBlock(label=_("Texto"), max_length=60)),
                        (
                            "label_en",
                            blocks.CharBlock(
                                label=_("Texto en inglés"),
                                max_length=60,
                                required=False,
                                help_text=_("Lo que se lee con el sitio en inglés; vacío: el texto en español."),
                            ),
                        ),
                        ("page", blocks.PageChooserBlock(label=_("Página"), required=False)),
                        (
                            "url",
                            blocks.CharBlock(
                                label=_("Dirección"),
                                required=False,
                                max_length=300,
                                validators=[validate_link],
                                help_text=_("Una dirección del sitio (/buscar/) o externa (https://…)."),
                            ),
                        ),
                    ],
                    icon="link",
                    label=_("Enlace"),
                ),
            )
        ],
        verbose_name=_("navegación principal"),
        blank=True,
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logotipo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Aparece en los documentos que el sitio imprime, como la cédula de evaluación en PDF."),
    )
    legal_notice = RichTextField(_("aviso legal"), blank=True)
    privacy_notice = RichTextField(_("aviso de privacidad"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("institution_name"), FieldPanel("tagline"), FieldPanel("logo")], heading=_("Institución")
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Contacto"),
        ),
        FieldPanel("navigation"),
        FieldPanel("legal_notice"),
        FieldPanel("privacy_notice"),
    ]

    class Meta:
        verbose_name = _("configuración del sitio")

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site, from the cache when it has them (every page's
        header and footer read them: this saves two queries a page). Nothing personal is cached:
        the site and its settings, per host and port; saving or deleting either empties it."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        from django.core.cache import cache
        from django.http.request import split_domain_port
        from wagtail.models import Site

        host = (split_domain_port(request._get_raw_host())[0], request.get_port())
        cached = cache.get(SITE_SETTINGS_CACHE_KEY) or {}
        if host in cached:
            site, site_settings = cached[host]
            request._wagtail_site = site
        else:
            site = Site.find_for_request(request)
            site_settings = cls.for_site(site)
            if site is not None and site_settings.pk:
                cache.set(SITE_SETTINGS_CACHE_KEY, {**cached, host: (site, site_settings)}, SITE_SETTINGS_CACHE_SECONDS)
        site_settings._request = request  # as Wagtail does: more efficient page urls
        setattr(request, attr_name, site_settings)
        return site_settings


SITE_SETTINGS_CACHE_KEY = "portal:site-settings"
#: A bound on staleness should a read race with an edit (edits empty the cache at once).
SITE_SETTINGS_CACHE_SECONDS = 300


def _forget_site_settings(**_kwargs):
    from django.core.cache import cache
    from django.db import transaction

    def forget():
        from django.conf import settings as django_settings
        from django.core.cache.utils import make_template_fragment_key

        keys = [SITE_SETTINGS_CACHE_KEY]
        for pk in SiteSettings.objects.values_list("pk", flat=True):
            for code, _name in django_settings.LANGUAGES:
                keys += [make_template_fragment_key(name, [code, pk]) for name in ("site_footer", "site_navigation")]
        cache.delete_many(keys)

    forget()
    transaction.on_commit(forget)


def _connect_site_settings_cache():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Site

    for model in (SiteSettings, Site):
        post_save.connect(_forget_site_settings, sender=model, dispatch_uid=f"forget_site_settings_save_{model.__name__}")
        post_delete.connect(_forget_site_settings, sender=model, dispatch_uid=f"forget_site_settings_del_{model.__name__}")


_connect_site_settings_cache()


class GuideIndexPage(Page):
    """Pedagogy: lists the guides and the cápsulas del saber."""

    intro = RichTextField(_("introducción"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["portal.GuidePage"]
    max_count = 1

    class Meta:
        verbose_name = _("índice de pedagogía")

    CAPSULES_PER_PAGE = 12

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator
        from django.utils.http import urlencode

        context = super().get_context(request, *args, **kwargs)
        theme = request.GET.get("eje", "")[:120]
        paginator = Paginator(Capsule.listing(theme_slug=theme), self.CAPSULES_PER_PAGE)
        context["guides"] = GuidePage.published(parent=self)
        context["capsules"] = paginator.get_page(request.GET.get("pagina"))
        context["selected_theme"] = theme
        context["pagination_query"] = urlencode({"eje": theme}) + "&" if theme else ""
        context["themes"] = Capsule.used_themes()
        from .pedagogy import figures  # noqa: PLC0415

        context["participation_figures"] = figures()
        return context


class GuidePage(Page):
    """A pedagogical guide with rich, structured content."""

    summary = models.CharField(_("resumen"), max_length=300)
    body = StreamField(ContentStreamBlock(), verbose_name=_("contenido"))
    themes = ParentalManyToManyField("convocatorias.Theme", verbose_name=_("ejes temáticos"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guía pedagógica")
        verbose_name_plural = _("guías pedagógicas")

    @classmethod
    def published(cls, *, parent=None, limit=None):
        """Live, public guides, newest first (under `parent` if given)."""
        pages = cls.objects.live().public().order_by("-first_published_at", "pk")
        if parent is not None:
            pages = pages.child_of(parent)
        return pages[:limit] if limit else pages


class Capsule(index.Indexed, models.Model):
    """A cápsula del saber: a question, an acronym, a concept or a norm in a few lines."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Pregunta")
        ACRONYM = "acronym", _("Sigla")
        CONCEPT = "concept", _("Concepto")
        NORM = "norm", _("Norma")
        READING = "reading", _("Lectura")
        STATEMENT = "statement", _("Afirmación")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("título"), max_length=160)
    slug = models.SlugField(_("identificador"), max_length=160, unique=True)
    body = RichTextField(
        _("texto"), features=["bold", "italic", "link"], max_length=1200,
        help_text=_("Unas pocas líneas."),
    )
    themes = models.ManyToManyField("convocatorias.Theme", verbose_name=_("ejes temáticos"), blank=True)
    show_on_home = models.BooleanField(_("mostrar en la portada"), default=True)
    published_at = models.DateField(_("fecha de publicación"))

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("body"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("show_on_home"),
        FieldPanel("published_at"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("body"),
        index.FilterField("show_on_home"),
    ]

    @classmethod
    def listing(cls, *, theme_slug="", home_only=False, limit=None):
        """Capsules with their themes (one query for all), of a theme or for the home page."""
        capsules = cls.objects.prefetch_related("themes")
        if home_only:
            capsules = capsules.filter(show_on_home=True)
        if theme_slug:
            capsules = capsules.filter(themes__slug=theme_slug)
        return capsules[:limit] if limit else capsules

    @classmethod
    def used_themes(cls):
        """The themes that tag at least one capsule, by name: the choices of the pedagogy's filter."""
        rows = cls.themes.through.objects.values_list("theme__slug", "theme__name").distinct()
        return [{"slug": slug, "name": name} for slug, name in sorted(rows, key=lambda row: row[1])]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("cápsula del saber")
        verbose_name_plural = _("cápsulas del saber")

    def __str__(self):
        return self.title
