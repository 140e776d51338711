"""Settings shared by every environment, configured from environment variables.

SQLite, local-memory cache, the database search backend and in-process tasks are the embedded
defaults; PostgreSQL (DATABASE_URL), Redis (REDIS_URL), Elasticsearch (ELASTICSEARCH_URL) and
RQ workers (TASKS_BACKEND=rq) are used when configured.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "convocatorias",
    "propuestas",
    "indicadores",
    "planes",
    "evaluacion",
    "votaciones",
    "verificacion",
    "banco",
    "talleres",
    "avisos",
    "portal",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rest_framework",
    "drf_spectacular",
    "django_comments_xtd",
    "django_comments",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.MalformedAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.maps",
                "avisos.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # Server-side binding: psycopg sends the values apart from the SQL, and prepares a statement
    # on a connection once it has run DB_PREPARE_THRESHOLD times there ("off": never, as
    # PgBouncer in transaction mode before 1.21 needs).
    if env_bool("DB_SERVER_SIDE_BINDING", True):
        _options["server_side_binding"] = True
        _threshold = env("DB_PREPARE_THRESHOLD", "5").strip().lower()
        _options["prepare_threshold"] = None if _threshold in {"", "off", "none"} else int(_threshold)
    # Django's connection pool (psycopg_pool) in each process; it replaces DB_CONN_MAX_AGE.
    if env_bool("DB_POOL", False):
        _options["pool"] = {
            "min_size": int(env("DB_POOL_MIN_SIZE", "1")),
            "max_size": int(env("DB_POOL_MAX_SIZE", "4")),
            "timeout": float(env("DB_POOL_TIMEOUT", "10")),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Behind PgBouncer in transaction mode: no named server-side cursors (QuerySet.iterator()).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "participa",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profile"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: email + password accounts, mandatory email confirmation.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Signup must tell a person plainly that the address is already registered.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Participa")
# Staff must set up TOTP before reaching the Wagtail admin (True in production settings).
PARTICIPA_STAFF_MFA_REQUIRED = env_bool("PARTICIPA_STAFF_MFA_REQUIRED", True)

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/Monterrey")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Five images of 5 MB and five PDFs of 10 MB fit in one proposal form.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SITE_ID = 1

# Email (console in development; SMTP from the environment in production).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Participa <no-responder@participa.local>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# One task queue (django-tasks) for work that must not hold up a request: emails, search
# indexing, and later results, PDFs and voting codes. In-process by default; with
# TASKS_BACKEND=rq, jobs go to Redis and run in RQ workers on any number of machines:
#   python manage.py rqworker default --job-class django_tasks_rq.Job
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
if TASKS_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Comments (django-comments-xtd): threaded to depth 3, only signed-in people with a confirmed
# email post (checked again by propuestas.comments), flagging and like/dislike reactions,
# follow-up emails to whoever asks for them. Closed outside the phases the call allows them in.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # level 0, 1 and 2: three levels of conversation
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_XTD_FORM_CLASS = "propuestas.comments.CommentForm"
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "users",
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
    }
}
COMMENT_MAX_LENGTH = 3000
COMMENTS_HIDE_REMOVED = False

# Proposal uploads: checked by content, size and pixel count (propuestas.uploads).
PROPOSAL_IMAGE_MAX_BYTES = 5 * 1024 * 1024
PROPOSAL_IMAGE_MAX_PIXELS = 40_000_000
PROPOSAL_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Map tiles for the location picker and proposal maps (any XYZ tile server).
PARTICIPA_MAP_TILES_URL = env("PARTICIPA_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PARTICIPA_MAP_ATTRIBUTION = env(
    "PARTICIPA_MAP_ATTRIBUTION", "&copy; colaboradores de OpenStreetMap"
)
# Verification of residents against the census (verificacion). Document numbers are stored only
# as an HMAC with this key: set VERIFICATION_HMAC_KEY in production (check participa.E002), and
# never change it while verifications exist (their hashes would stop matching the census).
DEV_VERIFICATION_HMAC_KEY = "dev-only-verification-key-not-for-production"
VERIFICATION_HMAC_KEY = env("VERIFICATION_HMAC_KEY") or DEV_VERIFICATION_HMAC_KEY
# Census rows are deleted this many days after their import unless the import says otherwise.
VERIFICATION_CENSUS_RETENTION_DAYS = int(env("VERIFICATION_CENSUS_RETENTION_DAYS", "365"))
VERIFICATION_CENSUS_MAX_MB = int(env("VERIFICATION_CENSUS_MAX_MB", "200"))

# Requests per user and per hour for proposals, supports and comments (portal.ratelimit).
PARTICIPA_RATE_LIMITS = {
    "proposal": (20, 3600),
    "support": (120, 3600),
    "comment": (30, 3600),
}

# Wagtail.
WAGTAIL_SITE_NAME = "Participa"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No external avatar service: the admin shows its own placeholder (staff may upload a picture).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_I18N_ENABLED = False
# The admin speaks the site's languages: Spanish unless the person chose English (their admin
# preference, or else the site's language switcher); Wagtail's own Spanish catalog is completed in
# locale/es (LOCALE_PATHS take precedence over the apps' catalogs).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español"), ("en", "English")]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "docx", "xlsx", "odt", "ods", "pptx", "txt", "zip"]
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# The project bank's own index (an alias; `manage.py rebuild_bank_index` fills it).
BANK_SEARCH_INDEX = env("ELASTICSEARCH_BANK_INDEX", "participa-banco")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": env("ELASTICSEARCH_INDEX", "participa"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Open-data API (banco.api, /api/v1/): read-only JSON, session sign-in only (the "user" rate),
# rate-limited per IP / per account on the default cache, OpenAPI 3 schema by drf-spectacular.
# API_NUM_PROXIES: proxies in front of gunicorn that append to X-Forwarded-For (docs/deploy.md: 1);
# 0 trusts REMOTE_ADDR only.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["banco.api.throttling.ApiAnonThrottle", "banco.api.throttling.ApiUserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANON", "60/min") or None,
        "user": env("API_RATE_USER", "120/min") or None,
    },
    "NUM_PROXIES": int(env("API_NUM_PROXIES", "1")),
    "DEFAULT_PAGINATION_CLASS": "banco.api.pagination.ApiPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "banco.api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Participa: API de datos abiertos",
    "DESCRIPTION": (
        "API de solo lectura (JSON) con las convocatorias, las propuestas públicas del Banco de "
        "Proyectos, los resultados de las votaciones después del cierre y el seguimiento de la "
        "ejecución. Sin datos personales. Documentación: /api/v1/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "SERVE_AUTHENTICATION": [],
    "PREPROCESSING_HOOKS": ["banco.api.schema.only_open_data"],
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "convocatorias.models.CallPhase.Kind",
        "TerritoryKindEnum": "convocatorias.models.Territory.Kind",
        "PlanItemKindEnum": "planes.models.PlanItem.Kind",
    },
}

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere on the site (every
# script and stylesheet is a static file; JSON data travels in <script type="application/json">
# blocks, which are never run). Map tiles come from PARTICIPA_MAP_TILES_URL's origin; videos of
# the pedagogical pages are embedded from any HTTPS origin. The Wagtail admin (and its preview
# and userbar) gets ADMIN_CONTENT_SECURITY_POLICY, relaxed for the inline scripts and styles
# Wagtail itself writes (portal.middleware.ContentSecurityPolicyMiddleware).
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE  # noqa: E402
import re as _re  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

_tiles = urlsplit(PARTICIPA_MAP_TILES_URL)
# "{s}.tile.example.org" (Leaflet's subdomains) → "*.tile.example.org"
MAP_TILES_ORIGIN = f"{_tiles.scheme}://{_re.sub(r'[{][a-z]+[}]', '*', _tiles.netloc)}"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", MAP_TILES_ORIGIN],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, "https:"],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", MAP_TILES_ORIGIN],
}
#: Uploaded media are served by the proxy in production (docs/deploy.md, with the same headers);
#: with SERVE_MEDIA (development and tests) by portal.views.media.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Wagtail documents are always downloaded, never shown inline (no PDF viewer runs their scripts).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
