"""Accounts: signup, email confirmation, login, password reset, profile, data export, deletion."""

import json
import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from portal import services
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import PASSWORD, UserFactory

User = get_user_model()

SIGNUP_URL = "/cuentas/signup/"
LOGIN_URL = "/cuentas/login/"
PROFILE_URL = "/cuenta/"
EXPORT_URL = "/cuenta/datos/"
DELETE_URL = "/cuenta/eliminar/"
NEW_PASSWORD = "Otra-Clave-Larga-2027"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """allauth keeps its rate limits in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def text(response):
    return response.content.decode()


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


class PageAudit(HTMLParser):
    """Collects what the accessibility checks need: headings, inputs and labels."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.inputs = []
        self.label_targets = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in {"input", "select", "textarea"}:
            if attrs.get("type") not in {"hidden", "submit", "button"}:
                self.inputs.append(attrs)


def assert_site_page(response):
    """Drawn inside the site's base template, one h1, every input labelled."""
    assert response.status_code == 200, response.status_code
    content = text(response)
    assert "Saltar al contenido" in content
    assert 'id="contenido"' in content
    assert 'class="site-header"' in content
    audit = PageAudit()
    audit.feed(content)
    assert audit.h1 == 1, f"expected one h1, found {audit.h1}"
    for attrs in audit.inputs:
        if attrs.get("id") in {"site-search-q", "language-select"}:
            continue
        assert attrs.get("id") in audit.label_targets, f"input without label: {attrs}"


def signup(client, email="nueva@example.org", password=PASSWORD, password2=None):
    return client.post(
        SIGNUP_URL,
        {"email": email, "password1": password, "password2": password2 or password},
    )


def login(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def link_in(message, pattern):
    match = re.search(r"http://testserver(" + pattern + r")", message.body)
    assert match, message.body
    return match.group(1)


# --- Pages drawn inside the site ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/cuentas/login/",
        "/cuentas/signup/",
        "/cuentas/password/reset/",
        "/cuentas/password/reset/done/",
        "/cuentas/confirm-email/",
        "/cuentas/password/reset/key/done/",
    ],
)
def test_anonymous_account_pages_use_site_layout(client, site, url):
    response = client.get(url)
    assert_site_page(response)
    assert "Too Many" not in text(response)


def test_login_page_is_spanish_and_has_title(client, site):
    response = client.get(LOGIN_URL)
    content = text(response)
    assert re.search(r"<title>\s*Iniciar sesión\s*·", content)
    assert '<html lang="es">' in content
    assert "¿Ha olvidado su contraseña?" in content


def test_logged_in_account_pages_use_site_layout(client, site, citizen):
    login(client, citizen.email)
    for url in [
        "/cuentas/logout/",
        "/cuentas/email/",
        "/cuentas/password/change/",
        "/cuentas/2fa/",
        "/cuentas/reauthenticate/",
        PROFILE_URL,
        DELETE_URL,
    ]:
        response = client.get(url)
        assert_site_page(response)


def test_totp_activation_asks_for_password_then_shows_qr(client, site, citizen):
    login(client, citizen.email)
    activate = reverse("mfa_activate_totp")
    response = client.get(activate)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == activate
    response = client.get(activate)
    assert_site_page(response)
    assert "Activar la aplicación de autenticación" in text(response)
    assert "data:image/svg+xml;base64," in text(response)


def test_form_errors_are_announced(client, site):
    response = signup(client, email="no-es-un-correo")
    content = text(response)
    assert 'role="alert"' in content
    assert 'aria-invalid="true"' in content


# --- The whole journey ----------------------------------------------------------------------


def test_signup_confirm_login_profile_export_delete(client, site):
    territory = TerritoryFactory(name="La Candelaria")

    # Sign up: the email is stored lowercased and must be confirmed.
    response = signup(client, email="  Nueva.Persona@Example.ORG ")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nueva.persona@example.org")
    address = EmailAddress.objects.get(user=user)
    assert not address.verified

    # The confirmation email, in Spanish, through the task queue.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nueva.persona@example.org"]
    assert "Confirme su dirección de correo electrónico" in message.subject
    assert "Participa" in message.subject
    confirm_path = link_in(message, r"/cuentas/confirm-email/[^/\s]+/")

    # Opening the link shows a page; confirming takes a POST.
    response = client.get(confirm_path)
    assert_site_page(response)
    address.refresh_from_db()
    assert not address.verified
    response = client.post(confirm_path)
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified

    # Log in again from scratch.
    client.logout()
    response = login(client, "NUEVA.persona@example.org")
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert logged_in_user_id(client) == str(user.pk)

    # Edit the profile.
    response = client.get(PROFILE_URL)
    assert_site_page(response)
    response = client.post(
        PROFILE_URL,
        {
            "display_name": "  Vecina   del Barrio ",
            "territory": territory.pk,
            "demographics_consent": "on",
            "age_range": "30-44",
            "gender": "woman",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Perfil actualizado" in text(response)
    user.refresh_from_db()
    assert user.display_name == "Vecina del Barrio"
    assert user.territory == territory
    assert (user.demographics_consent, user.age_range, user.gender) == (True, "30-44", "woman")

    # Download the personal data.
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="participa-datos-personales.json"' in response["Content-Disposition"]
    assert "attachment" in response["Content-Disposition"]
    raw = text(response)
    assert "La Candelaria" in raw  # ensure_ascii=False keeps the text readable
    data = json.loads(raw)
    assert data["account"]["email"] == "nueva.persona@example.org"
    assert data["account"]["display_name"] == "Vecina del Barrio"
    assert data["account"]["last_login"]
    assert "La Candelaria" in data["profile"]["territory"]
    assert data["profile"]["demographics_consent"] is True
    assert data["profile"]["age_range"] == "30-44"
    assert data["profile"]["gender"] == "woman"
    assert data["email_addresses"] == [
        {"email": "nueva.persona@example.org", "verified": True, "primary": True}
    ]
    assert data["mfa"] == []
    assert data["generated_at"]
    assert user.password not in raw
    assert "password" not in raw

    # Delete the account: a wrong password keeps everything.
    response = client.get(DELETE_URL)
    assert_site_page(response)
    assert "no se puede deshacer" in text(response)
    response = client.post(DELETE_URL, {"password": "no-es-la-clave"})
    assert response.status_code == 400
    assert "La contraseña no es correcta." in text(response)
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(DELETE_URL, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[0] == ("/", 302)
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="nueva.persona@example.org").exists()
    assert logged_in_user_id(client) is None
    assert "Su cuenta y sus datos personales han sido eliminados." in text(response)


# --- Signup with bad input ------------------------------------------------------------------


LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"email": "no-es-un-correo"}, "email", "Introduzca una dirección de correo electrónico válida."),
        ({"email": LONG_EMAIL}, "email", "El correo electrónico es demasiado largo"),
        ({"email": "x" * 400 + "@example.org"}, "email", "Introduzca una dirección de correo electrónico válida."),
        ({"email": ""}, "email", "Este campo es necesario."),
        ({"password2": "Otra-Clave-Distinta-1"}, "password2", "Debe escribir la misma contraseña cada vez."),
        ({"password1": "corta", "password2": "corta"}, "password1", "demasiado corta"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "completamente numérica"),
    ],
)
def test_signup_rejects_bad_input(client, site, data, field, message):
    assert 254 < len(LONG_EMAIL) <= 320
    payload = {"email": "valida@example.org", "password1": PASSWORD, "password2": PASSWORD, **data}
    response = client.post(SIGNUP_URL, payload)
    assert response.status_code == 200
    assert message in text(response)
    assert field in response.context["form"].errors
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_rejects_duplicate_email_in_spanish(client, site, citizen):
    response = signup(client, email="CIUDADANA@Example.org")
    assert response.status_code == 200
    assert "Ya hay registrado un usuario con esta dirección de correo electrónico." in text(response)
    assert User.objects.filter(email__iexact="ciudadana@example.org").count() == 1


# --- Login ----------------------------------------------------------------------------------


def test_login_wrong_password_shows_spanish_error(client, site, citizen):
    response = login(client, citizen.email, "no-es-la-clave")
    assert response.status_code == 200
    assert re.search(r'role="alert"[^>]*>\s*<ul class="errorlist nonfield"><li>[^<]*no son correctas', text(response))
    assert logged_in_user_id(client) is None


def test_login_with_unverified_email_is_sent_to_verify(client, site):
    user = UserFactory(email="sin-verificar@example.org", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None


def test_login_failed_limit_refuses_further_attempts(client, site, citizen, settings):
    # ACCOUNT_RATE_LIMITS["login_failed"] = "10/m/ip,5/5m/key": five wrong passwords per address.
    assert "5/5m/key" in settings.ACCOUNT_RATE_LIMITS["login_failed"]
    for _ in range(5):
        response = login(client, citizen.email, "no-es-la-clave")
        assert "no son correctas" in text(response)
    # Now even the right password is refused for a while.
    response = login(client, citizen.email, PASSWORD)
    assert response.status_code == 200
    assert "Demasiados intentos fallidos" in text(response)
    assert logged_in_user_id(client) is None


def test_login_requests_beyond_rate_get_429(client, site, citizen, settings):
    # ACCOUNT_RATE_LIMITS["login"] = "30/m/ip": then allauth answers 429 Too Many Requests.
    assert settings.ACCOUNT_RATE_LIMITS["login"] == "30/m/ip"
    for index in range(30):
        response = login(client, f"persona{index}@example.org", "no-es-la-clave")
        assert response.status_code == 200
    response = login(client, citizen.email, PASSWORD)
    assert response.status_code == 429
    assert "Demasiadas solicitudes" in text(response)
    assert "Saltar al contenido" in text(response)
    assert logged_in_user_id(client) is None


# --- Password reset -------------------------------------------------------------------------


def test_password_reset_sets_new_password(client, site, citizen):
    response = client.post("/cuentas/password/reset/", {"email": "Ciudadana@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [citizen.email]
    assert "Restablecer su contraseña" in message.subject
    reset_path = link_in(message, r"/cuentas/password/reset/key/[^\s]+/")

    # allauth moves the key into the session and redirects to a key-less address.
    response = client.get(reset_path)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert_site_page(response)
    action = response.request["PATH_INFO"]

    response = client.post(action, {"password1": NEW_PASSWORD, "password2": "otra-cosa-distinta"})
    assert response.status_code == 200
    assert "Debe escribir la misma contraseña cada vez." in text(response)

    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)

    client.logout()
    assert login(client, citizen.email, NEW_PASSWORD).status_code == 302


def test_password_reset_with_bad_key_is_refused(client, site, citizen):
    response = client.get("/cuentas/password/reset/key/1-clave-falsa/")
    assert response.status_code == 200
    assert "El enlace para restablecer la contraseña es inválido" in text(response)
    assert 'name="password1"' not in text(response)


def test_password_reset_unknown_email_says_so(client, site):
    response = client.post("/cuentas/password/reset/", {"email": "nadie@example.org"})
    assert response.status_code == 200
    assert "no está asignada a ninguna cuenta" in text(response)
    assert mail.outbox == []


# --- Profile --------------------------------------------------------------------------------


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def profile_data(**overrides):
    data = {"display_name": "Ciudadana", "territory": "", "age_range": "", "gender": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_profile_page_explains_demographics_and_links(citizen_client):
    response = citizen_client.get(PROFILE_URL)
    assert_site_page(response)
    content = text(response)
    assert "opcionales" in content
    assert "estadísticas de participación" in content
    assert "nunca se muestran públicamente" in content
    for name in ["account_email", "account_change_password", "mfa_activate_totp", "profile_export", "account_delete"]:
        assert f'href="{reverse(name)}"' in content


@pytest.mark.parametrize(
    "data, message",
    [
        ({"display_name": "N" * 81}, "como máximo 80 caracteres"),
        ({"display_name": "   "}, "no puede estar formado solo por espacios"),
        ({"display_name": "Hola\u0007mundo"}, "caracteres no permitidos"),
        ({"display_name": "Visite https://spam.example"}, "direcciones web"),
        ({"display_name": "EDITORA"}, "Ese nombre público ya está en uso"),
        ({"age_range": "30-44"}, "Para guardar datos demográficos marque la casilla de consentimiento"),
        ({"gender": "man"}, "Para guardar datos demográficos marque la casilla de consentimiento"),
        ({"demographics_consent": "on", "age_range": "999"}, "Elija un rango de edad de la lista."),
        ({"territory": "999999"}, "Elija un territorio de la lista."),
        ({"territory": "no-es-un-numero"}, "Elija un territorio de la lista."),
    ],
)
def test_profile_rejects_bad_input(citizen_client, citizen, editor, data, message):
    before = User.objects.values().get(pk=citizen.pk)
    response = citizen_client.post(PROFILE_URL, profile_data(**data))
    assert response.status_code == 400
    assert message in text(response)
    assert 'role="alert"' in text(response)
    assert User.objects.values().get(pk=citizen.pk) == before


def test_profile_keeps_own_name_and_allows_empty(citizen_client, citizen):
    response = citizen_client.post(PROFILE_URL, profile_data(display_name="ciudadana"))
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "ciudadana"
    response = citizen_client.post(PROFILE_URL, profile_data(display_name=""))
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == ""


def test_unchecking_consent_clears_demographics(citizen_client, citizen):
    citizen_client.post(
        PROFILE_URL, profile_data(demographics_consent="on", age_range="60+", gender="other")
    )
    citizen.refresh_from_db()
    assert (citizen.demographics_consent, citizen.age_range, citizen.gender) == (True, "60+", "other")

    response = citizen_client.post(PROFILE_URL, profile_data())
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.demographics_consent, citizen.age_range, citizen.gender) == (False, "", "")


def test_profile_only_accepts_get_and_post(citizen_client):
    assert citizen_client.put(PROFILE_URL).status_code == 405
    assert citizen_client.post(EXPORT_URL).status_code == 405


@pytest.mark.parametrize("url", [PROFILE_URL, EXPORT_URL, DELETE_URL])
def test_anonymous_is_sent_to_login(client, site, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={url}"
    response = client.post(url)
    assert response.status_code in {302, 405}


def test_anonymous_delete_post_deletes_nothing(client, site, citizen):
    client.post(DELETE_URL, {"password": PASSWORD})
    assert User.objects.filter(pk=citizen.pk).exists()


# --- Export and deletion services -----------------------------------------------------------


def test_export_lists_authenticator_types_without_secrets(citizen):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(citizen, secret)
    data = services.export_personal_data(user=citizen)
    assert [entry["type"] for entry in data["mfa"]] == ["totp"]
    dumped = json.dumps(data, ensure_ascii=False)
    assert secret not in dumped
    assert Authenticator.objects.get(user=citizen).data["secret"] not in dumped
    assert citizen.password not in dumped


def test_update_profile_service_clears_demographics_without_consent(citizen):
    services.update_profile(
        user=citizen, data={"demographics_consent": False, "age_range": "18-29", "gender": "woman"}
    )
    citizen.refresh_from_db()
    assert (citizen.age_range, citizen.gender) == ("", "")


def test_delete_account_cascades(citizen):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(citizen, generate_totp_secret())
    services.delete_account(user=citizen)
    assert not User.objects.filter(email="ciudadana@example.org").exists()
    assert not EmailAddress.objects.filter(email="ciudadana@example.org").exists()
    assert not Authenticator.objects.exists()


def test_superuser_cannot_delete_themselves(client, site, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.delete_account(user=admin_user)
    client.force_login(admin_user)
    response = client.post(DELETE_URL, {"password": PASSWORD})
    assert response.status_code == 400
    assert "superusuario" in text(response)
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_delete_password_guessing_is_rate_limited(citizen_client, citizen, settings):
    # Same limit as allauth's reauthentication: ACCOUNT_RATE_LIMITS["reauthenticate"].
    assert settings.ACCOUNT_RATE_LIMITS["reauthenticate"] == "10/m/user"
    for _ in range(10):
        assert citizen_client.post(DELETE_URL, {"password": "no"}).status_code == 400
    response = citizen_client.post(DELETE_URL, {"password": PASSWORD})
    assert response.status_code == 429
    assert "Demasiados intentos" in text(response)
    assert User.objects.filter(pk=citizen.pk).exists()


def test_delete_without_password_is_refused(citizen_client, citizen):
    response = citizen_client.post(DELETE_URL, {})
    assert response.status_code == 400
    assert "Escriba su contraseña actual para confirmar." in text(response)
    assert User.objects.filter(pk=citizen.pk).exists()
