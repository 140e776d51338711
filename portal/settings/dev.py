"""Development settings: the demo served by `scripts/serve.sh` on SQLite."""

from .base import *  # noqa: F401,F403
from .base import INSTALLED_APPS, env, env_bool

# The demo content and `manage.py seed_demo` (never installed in production).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "django-insecure-dev-only-participa-key")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo lets staff reach the admin without TOTP; production enforces it.
PARTICIPA_STAFF_MFA_REQUIRED = env_bool("PARTICIPA_STAFF_MFA_REQUIRED", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
