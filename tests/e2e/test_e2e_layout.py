"""Accessibility and small screens in the system Chromium (marker `e2e`), see tests/e2e/conftest.py.

- axe-core (axe-playwright-python, which carries its own copy of axe) finds no WCAG 2.1 A/AA
  violation on the public pages and on the signed-in citizen's pages;
- every link, button and menu toggle of the header keeps a contrast of at least 4.5:1 against
  what is really behind it, at rest, under the pointer and with the keyboard focus, wide and narrow;
- at 390 × 844 (a phone) the header folds its menu behind "Menú" (a <details>, so it works without
  JavaScript), it and the ballot's running counter leave the screen to the content, and
  screenshots of home, call, proposal and ballot are taken (kept in E2E_SCREENSHOTS when set).
"""

import os
import re
from pathlib import Path

import pytest

from tests.home.factories import make_site
from tests.portal.factories import PASSWORD, UserFactory
from tests.votaciones.factories import make_voting_call
from tests.e2e.test_e2e_proposals import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}


def expect(target):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@pytest.fixture
def site_data():
    make_site()
    call, box, proposals = make_voting_call(
        title="Presupuesto Participativo 2027", ballot_type="knapsack", ceiling=10_000_000,
        costs=[2_000_000, 3_000_000, 6_000_000],
    )
    UserFactory(email="votante@example.org", display_name="Votante")
    return {"call": call, "box": box, "proposal": proposals[0]}


def public_paths(data):
    call = data["call"]
    return [
        "/", "/convocatorias/", call.url, f"{call.url}propuestas/", f"/propuestas/{data['proposal'].pk}/",
        "/banco/", "/banco/estadisticas/", "/buscar/?q=parque", "/aprende/", "/cuentas/login/",
        "/cuentas/signup/", "/cuentas/password/reset/", "/api/v1/", "/votar/comprobar/", "/votar/codigo/",
        f"/votar/convocatoria/{call.pk}/", "/talleres/", "/talleres/estadisticas/", "/indicadores/", "/planes/",
    ]


def citizen_paths(data):
    call, box = data["call"], data["box"]
    return [
        "/", "/cuenta/", "/propuestas/mi-participacion/", f"/votar/convocatoria/{call.pk}/",
        f"/votar/urna/{box.pk}/", f"{call.url}propuestas/", f"/propuestas/{data['proposal'].pk}/",
        "/cuenta/avisos/", "/cuenta/avisos/preferencias/", "/cuenta/verificacion/",
    ]


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{item['id']}: {item['help']} ({', '.join(node['target'][0] for node in item['nodes'][:3])})"
        for item in result.response["violations"]
    ]


def visit(page, base, path):
    response = page.goto(base + path)
    assert response.status < 400, (path, response.status)


def test_public_and_citizen_pages_have_no_wcag_violations(site_data, live_server, page):  # noqa: F811
    base = live_server.url
    found = {}
    for path in public_paths(site_data):
        visit(page, base, path)
        if problems := axe_violations(page):
            found[path] = problems
    log_in(page, base, "votante@example.org")
    for path in citizen_paths(site_data):
        visit(page, base, path)
        if problems := axe_violations(page):
            found[f"(signed in) {path}"] = problems
    assert not found, found


# --- The header's contrast, measured on what the browser paints -----------------------------------

CONTRAST_SCRIPT = """
element => {
    const rgba = text => { const m = text.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
    const background = node => {
        for (; node; node = node.parentElement) {
            const colour = rgba(getComputedStyle(node).backgroundColor);
            if (colour[3] > 0) return colour;
        }
        return [255, 255, 255, 1];
    };
    const luminance = ([r, g, b]) => {
        const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const front = rgba(getComputedStyle(element).color), back = background(element);
    // A translucent text colour is blended over what is behind it.
    const text = front.slice(0, 3).map((c, i) => c * front[3] + back[i] * (1 - front[3]));
    const [high, low] = [luminance(text), luminance(back)].sort((a, b) => b - a);
    return (high + 0.05) / (low + 0.05);
}
"""


def header_controls(page):
    return page.locator(".site-header").locator("a:visible, button:visible, summary:visible, select:visible")


def check_header_contrast(page, where):
    low = []
    controls = header_controls(page)
    assert controls.count() >= 5, where
    for index in range(controls.count()):
        control = controls.nth(index)
        name = (control.inner_text() or control.get_attribute("aria-label") or "").strip()
        for state in ("rest", "hover", "focus"):
            if state == "hover":
                control.hover()
            elif state == "focus":
                control.focus()
            ratio = control.evaluate(CONTRAST_SCRIPT)
            if ratio < 4.5:
                low.append(f"{where} · {name!r} ({state}): {ratio:.2f}")
        page.mouse.move(0, 0)
    return low


def test_header_controls_keep_their_contrast_in_every_state(site_data, live_server, page):  # noqa: F811
    base = live_server.url
    low = []
    visit(page, base, "/")
    low += check_header_contrast(page, "anonymous, wide")
    log_in(page, base, "votante@example.org")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    low += check_header_contrast(page, "signed in, wide")
    page.set_viewport_size(PHONE)
    visit(page, base, "/")
    page.get_by_text("Menú", exact=True).click()
    low += check_header_contrast(page, "signed in, phone, menu open")
    assert not low, low


# --- Phones --------------------------------------------------------------------------------------


def screenshot(page, name, tmp_path):
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}-390x844.png"))


def test_on_a_phone_the_menu_folds_and_the_content_keeps_the_screen(site_data, live_server, browser, tmp_path):  # noqa: F811
    base, data = live_server.url, site_data
    context = browser.new_context(locale="es-ES", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        log_in_phone(phone, base)
        for name, path in (
            ("home", "/"), ("convocatoria", data["call"].url), ("propuesta", f"/propuestas/{data['proposal'].pk}/"),
            ("tarjeton", f"/votar/urna/{data['box'].pk}/"),
        ):
            visit(phone, base, path)
            header = phone.locator(".site-header").bounding_box()
            assert header["height"] <= 0.15 * PHONE["height"], (name, header)
            expect(phone.get_by_role("navigation", name="Navegación principal")).to_be_hidden()
            screenshot(phone, name, tmp_path)

        # The ballot: the running counter stays compact.
        phone.locator("input[name=choice]").first.check()
        counter = phone.locator("#ballot-counter")
        expect(counter).to_be_visible()
        assert counter.bounding_box()["height"] <= 90, counter.bounding_box()
        screenshot(phone, "tarjeton-marcado", tmp_path)

        # The menu opens and closes with the keyboard (a <details>: no JavaScript involved).
        toggle = phone.locator(".site-menu__toggle")
        toggle.focus()
        phone.keyboard.press("Enter")
        navigation = phone.get_by_role("navigation", name="Navegación principal")
        expect(navigation).to_be_visible()
        expect(navigation.get_by_role("link", name="Mi participación")).to_be_visible()
        expect(phone.get_by_role("button", name="Cerrar sesión")).to_be_visible()
        screenshot(phone, "menu-abierto", tmp_path)
        phone.keyboard.press("Enter")
        expect(navigation).to_be_hidden()
    finally:
        context.close()


def test_without_javascript_the_phone_menu_still_opens(site_data, live_server, browser):  # noqa: F811
    context = browser.new_context(locale="es-ES", viewport=PHONE, java_script_enabled=False)
    phone = context.new_page()
    try:
        visit(phone, live_server.url, "/")
        navigation = phone.get_by_role("navigation", name="Navegación principal")
        expect(navigation).to_be_hidden()
        phone.get_by_text("Menú", exact=True).click()
        expect(navigation.get_by_role("link", name="Iniciar sesión")).to_be_visible()
    finally:
        context.close()


def test_on_a_wide_screen_the_menu_is_always_shown(site_data, live_server, page):  # noqa: F811
    visit(page, live_server.url, "/")
    expect(page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Iniciar sesión")).to_be_visible()
    expect(page.locator(".site-menu__toggle")).to_be_hidden()


def log_in_phone(phone, base):
    phone.goto(base + "/cuentas/login/")
    main = phone.get_by_role("main")
    main.get_by_label(re.compile(r"correo electr[oó]nico", re.I)).fill("votante@example.org")
    main.get_by_label(re.compile(r"contraseña", re.I)).first.fill(PASSWORD)
    main.get_by_role("button", name=re.compile(r"iniciar sesi[oó]n", re.I)).click()
    phone.wait_for_load_state()
