"""Browser journeys in the system Chromium against pytest-django's live server (marker `e2e`).

Run only these: `.venv/bin/python -m pytest -m e2e`. Without /usr/bin/chromium they are skipped,
unless E2E_REQUIRED=1 (CI), where they fail. See tests/e2e/conftest.py.
"""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from tests.convocatorias.factories import make_call, schedule_around
from tests.home.factories import make_site

# DJANGO_ALLOW_ASYNC_UNSAFE=true is set by the `browser` fixture for as long as Playwright runs
# (its sync API keeps an event loop running in this thread), not for the whole session: it would
# leak into every later test and subprocess (`check --deploy` fails with it set).

# transaction=True: the live server thread must see the test's data. serialized_rollback=True:
# Wagtail's root page and default site (created by migrations) survive the flush between tests.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "nueva.vecina@example.org"
PASSWORD = "Parque-Lineal-del-Rio-2026"


def expect(target):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def wait_for_email(to, *, timeout=10.0):
    """The live server sends mail through an in-process task into locmem's outbox."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            if to in message.to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no email to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}")


def link_in(message, base_url):
    bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
    links = [
        link.rstrip(".,;)>\"'")
        for body in bodies
        for link in re.findall(r"https?://[^\s\"'<>]+", body)
        if link.startswith(base_url)
    ]
    assert links, f"no link to {base_url} in the email:\n{message.body}"
    return next((link for link in links if "confirm" in link), links[0])


# Data fixtures come before `page` in each test's arguments: they must run before Playwright.


@pytest.fixture
def home():
    return make_site()["home"]


@pytest.fixture
def open_call(home):
    return make_call(title="Proyectos Ciudadanos", phases=schedule_around())


def test_citizen_finds_a_call_signs_up_confirms_email_and_reaches_profile(
    open_call, live_server, page  # noqa: F811
):
    mail.outbox.clear()

    # Home page → the open call.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("main").get_by_role("link", name="Proyectos Ciudadanos").first.click()
    expect(page.get_by_role("heading", level=1, name="Proyectos Ciudadanos")).to_be_visible()

    # The call → sign up.
    page.get_by_role("link", name="Registrarse", exact=True).first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("account_signup"))))
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"correo electr[oó]nico", re.I)).fill(EMAIL)
    passwords = main.get_by_label(re.compile(r"contraseña", re.I))
    expect(passwords).to_have_count(2)
    passwords.nth(0).fill(PASSWORD)
    passwords.nth(1).fill(PASSWORD)
    main.get_by_role("button", name=re.compile(r"regist|crear", re.I)).click()
    expect(page).not_to_have_url(re.compile(re.escape(reverse("account_signup")) + r"$"))

    # The confirmation email → the link → confirm.
    message = wait_for_email(EMAIL)
    page.goto(link_in(message, live_server.url))
    page.get_by_role("main").get_by_role("button", name=re.compile(r"confirmar", re.I)).click()

    # Confirming in the same browser signs the person in: sign out, then log in again.
    login_path, profile_path = reverse("account_login"), reverse("profile")
    expect(page).to_have_url(re.compile(re.escape(profile_path) + r"$"))
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("link", name="Iniciar sesión")).to_be_visible()
    page.get_by_role("link", name="Iniciar sesión").click()
    expect(page).to_have_url(re.compile(re.escape(login_path)))
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"correo electr[oó]nico", re.I)).fill(EMAIL)
    main.get_by_label(re.compile(r"contraseña", re.I)).first.fill(PASSWORD)
    main.get_by_role("button", name=re.compile(r"iniciar sesi[oó]n", re.I)).click()

    expect(page).to_have_url(re.compile(re.escape(profile_path) + r"$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mi cuenta")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()

    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.filter(email=EMAIL, verified=True, primary=True).exists()


def test_skip_link_is_the_first_stop_for_keyboard_users(home, live_server, page):  # noqa: F811
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Saltar al contenido"
    expect(page.get_by_role("link", name="Saltar al contenido")).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator("main#contenido")).to_be_focused()
