"""Settings come from the environment: production refuses to start half-configured, passes
Django's deployment checks, and DATABASE_URL / REDIS_URL / ELASTICSEARCH_URL / TASKS_BACKEND
switch the backends. Each case runs in a fresh interpreter, since settings are read at import."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables the settings read; stripped from the parent environment so that a developer's shell
# or CI (which exports DATABASE_URL for the PostgreSQL run) cannot change what is tested.
SETTINGS_VARS = {
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "VERIFICATION_HMAC_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL", "DB_CONN_MAX_AGE", "REDIS_URL", "ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX",
    "TASKS_BACKEND", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL",
    "TIME_ZONE", "WAGTAILADMIN_BASE_URL", "MEDIA_ROOT", "SECURE_SSL_REDIRECT", "LOG_LEVEL",
    "PARTICIPA_STAFF_MFA_REQUIRED", "MFA_TOTP_ISSUER", "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip

PRODUCTION_SECRET = "x7Rk2-pQ9vLm4Zt8Wc1Ny6Hb3Jd5Fg0Sa9Ue2Io7Py4Tr1Ew8Qz6Xc3Vb5Nm0Lk"

DUMP_SETTINGS = """
import json, sys
import importlib
settings = importlib.import_module(sys.argv[1])
db = settings.DATABASES["default"]
print(json.dumps({
    "db_engine": db["ENGINE"], "db_name": str(db["NAME"]), "db_host": db.get("HOST"),
    "db_port": db.get("PORT"), "db_user": db.get("USER"), "db_conn_max_age": db.get("CONN_MAX_AGE"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "search_urls": settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS"),
    "search_index": settings.WAGTAILSEARCH_BACKENDS["default"].get("INDEX"),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "rq_queues": getattr(settings, "RQ_QUEUES", None),
    "django_rq_installed": "django_rq" in settings.INSTALLED_APPS,
    "email_backend": settings.EMAIL_BACKEND, "email_host": settings.EMAIL_HOST,
    "email_port": settings.EMAIL_PORT, "email_use_tls": settings.EMAIL_USE_TLS,
    "time_zone": settings.TIME_ZONE, "allowed_hosts": settings.ALLOWED_HOSTS,
    "debug": settings.DEBUG, "staff_mfa_required": settings.PARTICIPA_STAFF_MFA_REQUIRED,
}))
"""


def run(args, **env):
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARS}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_with(module="portal.settings.base", **env):
    result = run(["-c", DUMP_SETTINGS, module], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run(
        ["-c", "import portal.settings.production"],
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:////tmp/participa-unused.sqlite3",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",  # not contacted by the checks
        VERIFICATION_HMAC_KEY="k" * 48,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_verification_key_fails_the_deployment_checks(tmp_path):
    """Document numbers of the census are hashed with VERIFICATION_HMAC_KEY: the development
    default would let anyone recompute them."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode != 0
    assert "participa.E002" in result.stdout + result.stderr


def test_production_without_redis_is_warned_that_rate_limits_would_not_be_shared(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    assert result.returncode != 0
    assert "participa.W001" in result.stdout + result.stderr and "REDIS_URL" in result.stdout + result.stderr


def test_production_settings_are_hardened():
    values = settings_with(
        "portal.settings.production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="example.org,www.example.org",
        PARTICIPA_STAFF_MFA_REQUIRED="false",
    )
    assert values["debug"] is False
    assert values["allowed_hosts"] == ["example.org", "www.example.org"]
    # Staff need TOTP in production whatever the environment says.
    assert values["staff_mfa_required"] is True


def test_embedded_defaults_need_no_services():
    values = settings_with()
    assert values["db_engine"] == "django.db.backends.sqlite3"
    assert values["db_name"].endswith("db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["search"] == "wagtail.search.backends.database"
    assert values["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert values["time_zone"] == "America/Monterrey"


def test_environment_switches_the_backends():
    values = settings_with(
        DATABASE_URL="postgres://participa:secreto@db.example.org:5433/participa",
        DB_CONN_MAX_AGE="60",
        REDIS_URL="redis://cache.example.org:6379/2",
        ELASTICSEARCH_URL="http://search.example.org:9200",
        ELASTICSEARCH_INDEX="participa-test",
        TASKS_BACKEND="rq",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        TIME_ZONE="America/Bogota",
    )
    assert values["db_engine"] == "django.db.backends.postgresql"
    assert (values["db_name"], values["db_host"], values["db_port"], values["db_user"]) == (
        "participa",
        "db.example.org",
        5433,
        "participa",
    )
    assert values["db_conn_max_age"] == 60
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["cache_location"] == "redis://cache.example.org:6379/2"
    assert values["search"] == "wagtail.search.backends.elasticsearch8"
    assert values["search_urls"] == ["http://search.example.org:9200"]
    assert values["search_index"] == "participa-test"
    assert values["tasks"] == "django_tasks_rq.RQBackend"
    assert values["rq_queues"]["default"]["URL"] == "redis://cache.example.org:6379/2"
    assert values["django_rq_installed"] is True
    assert (values["email_host"], values["email_port"], values["email_use_tls"]) == (
        "smtp.example.org",
        587,
        True,
    )
    assert values["time_zone"] == "America/Bogota"


def test_development_settings_print_emails_and_let_staff_in_without_totp():
    values = settings_with("portal.settings.dev")
    assert values["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert values["staff_mfa_required"] is False
    assert values["debug"] is True
    assert values["db_engine"] == "django.db.backends.sqlite3"
