"""Two-factor authentication (TOTP): staff must set it up before reaching the Wagtail admin."""

import datetime as dt
import importlib
import sys

import pytest
import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

import portal.settings
from tests.portal.factories import PASSWORD

ADMIN_URL = "/admin/"
LOGIN_URL = "/cuentas/login/"

mfa_required = override_settings(PARTICIPA_STAFF_MFA_REQUIRED=True)


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate limits and used TOTP codes live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def start_of_totp_period():
    """Start the test at the beginning of a TOTP period, so a code stays valid while it runs."""
    now = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    start = now - dt.timedelta(seconds=now.timestamp() % mfa_settings.TOTP_PERIOD)
    with time_machine.travel(start + dt.timedelta(seconds=1), tick=True):
        yield


def totp_code(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def activate_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


# --- The admin gate -------------------------------------------------------------------------


@mfa_required
def test_staff_without_totp_is_sent_to_activate_it(client, site, editor):
    client.force_login(editor)
    response = client.get(ADMIN_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Every page of the admin, not only the dashboard.
    response = client.get("/admin/pages/")
    assert response["Location"] == reverse("mfa_activate_totp")


@mfa_required
def test_staff_is_told_why(client, site, editor):
    client.force_login(editor)
    response = client.get(ADMIN_URL, follow=True)
    assert "verificación en dos pasos" in response.content.decode()


@mfa_required
def test_superuser_without_totp_is_sent_to_activate_it(client, site, admin_user):
    client.force_login(admin_user)
    response = client.get(ADMIN_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@mfa_required
def test_staff_with_totp_reaches_admin(client, site, editor):
    activate_totp(editor)
    client.force_login(editor)
    response = client.get(ADMIN_URL)
    assert response.status_code == 200


@mfa_required
def test_citizen_is_not_sent_to_mfa(client, site, citizen):
    client.force_login(citizen)
    response = client.get(ADMIN_URL)
    # Wagtail itself turns a citizen away; the MFA gate does not get involved.
    assert response.status_code in {302, 403}
    assert reverse("mfa_activate_totp") not in response.get("Location", "")
    assert not Authenticator.objects.filter(user=citizen).exists()


@mfa_required
def test_anonymous_is_sent_to_login_not_mfa(client, site):
    response = client.get(ADMIN_URL, follow=True)
    assert response.redirect_chain[-1][0].startswith(f"{LOGIN_URL}?next=")
    assert all(reverse("mfa_activate_totp") not in url for url, _ in response.redirect_chain)


@mfa_required
def test_account_pages_stay_open_to_staff_without_totp(client, site, editor):
    client.force_login(editor)
    assert client.get("/cuenta/").status_code == 200
    assert client.get("/cuentas/2fa/").status_code == 200


@override_settings(PARTICIPA_STAFF_MFA_REQUIRED=False)
def test_gate_off_lets_staff_in_without_totp(client, site, editor):
    client.force_login(editor)
    response = client.get(ADMIN_URL)
    assert response.status_code == 200


# --- Setting up TOTP through the pages ------------------------------------------------------


@mfa_required
def test_staff_sets_up_totp_then_reaches_admin(client, site, editor, start_of_totp_period):
    response = client.post(LOGIN_URL, {"login": editor.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(ADMIN_URL)
    assert response["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password again before adding an authenticator.
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "Saltar al contenido" in response.content.decode()
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "Código incorrecto." in response.content.decode()
    assert not Authenticator.objects.filter(user=editor).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    # Recovery codes are generated with the first authenticator and shown once.
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "Saltar al contenido" in response.content.decode()

    assert client.get(ADMIN_URL).status_code == 200


# --- Logging in with TOTP -------------------------------------------------------------------


@mfa_required
def test_login_asks_for_code_and_completes_with_valid_one(client, site, editor, start_of_totp_period):
    secret = activate_totp(editor)

    response = client.post(LOGIN_URL, {"login": editor.email, "password": PASSWORD, "next": ADMIN_URL})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None

    response = client.get(reverse("mfa_authenticate"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Saltar al contenido" in content
    assert content.count("<h1") == 1
    assert "Autenticación de doble factor" in content

    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert "Código incorrecto." in response.content.decode()
    assert logged_in_user_id(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == ADMIN_URL
    assert logged_in_user_id(client) == str(editor.pk)
    assert client.get(ADMIN_URL).status_code == 200


@mfa_required
def test_a_used_code_cannot_be_replayed(client, site, editor, start_of_totp_period):
    secret = activate_totp(editor)
    code = totp_code(secret)
    client.post(LOGIN_URL, {"login": editor.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.logout()

    client.post(LOGIN_URL, {"login": editor.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


# --- Production enforces it -----------------------------------------------------------------


def _import_production(monkeypatch):
    """Import the production settings afresh, with the environment as the test set it."""
    for name in ("portal.settings.base", "portal.settings.production"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        attribute = name.rsplit(".", 1)[1]
        if hasattr(portal.settings, attribute):
            monkeypatch.delattr(portal.settings, attribute)
    return importlib.import_module("portal.settings.production")


def test_production_settings_require_staff_mfa(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-test-key")
    monkeypatch.setenv("PARTICIPA_STAFF_MFA_REQUIRED", "false")
    production = _import_production(monkeypatch)
    assert production.PARTICIPA_STAFF_MFA_REQUIRED is True
    assert production.DEBUG is False
    assert "portal.middleware.StaffMFAMiddleware" in production.MIDDLEWARE


def test_production_settings_refuse_to_start_without_secret_key(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        _import_production(monkeypatch)


def test_the_admin_asks_no_external_avatar_service(client, site, editor):
    """Offline or behind a firewall the admin must not show broken pictures, nor tell a third
    party who opened it: no Gravatar addresses."""
    client.force_login(editor)
    response = client.get(ADMIN_URL)
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()
