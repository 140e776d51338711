"""Production settings: everything sensitive comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, VERIFICATION_HMAC_KEY (the key of the
census's document hashes; `check --deploy` fails without it: participa.E002). Recommended: REDIS_URL (cache and task
queue), EMAIL_HOST and friends, ELASTICSEARCH_URL.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import REDIS_URL, SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

DEBUG = False
PARTICIPA_STAFF_MFA_REQUIRED = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

if REDIS_URL:
    # Sessions read from the cache and written through to the database, so a restart of Redis
    # signs nobody out: saves a query on every signed-in request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
