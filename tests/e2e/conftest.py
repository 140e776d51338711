"""Fixtures for the browser tests (marker `e2e`): Playwright's sync API in Debian's Chromium.

`playwright install` cannot download browsers here, so the tests launch /usr/bin/chromium
(override with E2E_CHROMIUM). Without it the tests are skipped with the reason, unless
E2E_REQUIRED=1 (set by CI), where they fail instead: CI must never go green by skipping them.

Every test module in tests/e2e/ gets these fixtures (browser, chromium, page) from this conftest.

Playwright's sync API keeps an asyncio event loop "running" in the test's thread. While it does,
Django (1) refuses database access unless DJANGO_ALLOW_ASYNC_UNSAFE is set and (2) hands out
*other* connection objects (asgiref's thread-critical locals switch to context-local storage when
a loop is running). So Playwright lives only as long as one test: pytest-django restores and
flushes the database before it starts and after it stops, on the real test connection. Create
the test's data before asking for `page` (list data fixtures first), and the extra connections
the test body opened are closed before Playwright stops.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright waits this long (ms) for an element or a navigation before failing the test.
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "15000"))


def e2e_required():
    return os.environ.get("E2E_REQUIRED", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason):
    """Skip the test, or fail it when the environment says browser tests are required."""
    if e2e_required():
        pytest.fail(f"{reason} (E2E_REQUIRED=1: browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    """The browser's path; module-scoped so that it is checked before any database setup."""
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    return CHROMIUM


@pytest.fixture
def browser(chromium, live_server):
    """Chromium driven by Playwright, for one test (see the module docstring for why)."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            try:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS, headless=True
                )
            except Exception as error:  # noqa: BLE001 - any launch failure reads the same
                unavailable(f"could not launch {chromium}: {error}")
            try:
                yield browser
            finally:
                from django.db import connections

                connections.close_all()  # the ones opened while Playwright's loop ran
                browser.close()
        finally:
            playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh browser tab (no cookies) in Spanish, with short timeouts."""
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    # The site's Content-Security-Policy allows no inline code: anything it blocks outside the
    # Wagtail admin (which has its own, relaxed policy) is a bug of the page.
    violations = []

    def on_console(message):
        if "Content Security Policy" in message.text and "/admin/" not in page.url:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
