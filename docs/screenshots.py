"""Screenshots of the editors' and facilitators' guides (docs/guia-*.md), taken from a running demo.

    bash scripts/serve.sh                       # in another terminal (or PORT=8014 bash scripts/serve.sh)
    .venv/bin/python docs/screenshots.py http://127.0.0.1:8000 [--out docs/img] [--chromium /usr/bin/chromium]

Headless Chromium through Playwright, in Spanish, at 1280×800 (and 390×844 for the phone views).
It signs in with the demo accounts of `seed_demo` (password participa-demo-2026) and walks the
demo's calls by their titles. The first run adds a workshop, «Taller de la guía en Torreón
Jardín», to the open vote of the demo, and every run generates a few workshop codes there and
casts one ballot with one of them (the kiosk screenshots need a real code): run it against a
demo, never against a real site. Each PNG is reduced to 256 colours (Pillow) to keep it small.
"""

import argparse
import re
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PASSWORD = "participa-demo-2026"
OPEN_VOTE = "Presupuesto por colonia: Torreón Viejo y Torreón Jardín"
CLOSED_VOTE = "Presupuesto por colonia: votación concluida"
WORKSHOP = "Taller de la guía en Torreón Jardín"
WORKSHOP_TERRITORY = "Torreón Jardín"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="address of the running demo, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "img"), help="folder of the PNGs")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    return parser.parse_args()


class Shooter:
    def __init__(self, browser, base, out):
        self.browser = browser
        self.base = base.rstrip("/")
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.taken = []

    def page(self, email=None, viewport=DESKTOP):
        context = self.browser.new_context(viewport=viewport, locale="es-ES", device_scale_factor=1)
        page = context.new_page()
        page.set_default_timeout(30_000)
        if email:
            page.goto(self.base + "/cuentas/login/")
            page.fill("input[name=login]", email)
            page.fill("input[name=password]", PASSWORD)
            page.locator("main form button[type=submit]").last.click()
            page.wait_for_load_state()
            if "/cuentas/login/" in page.url:
                sys.exit(f"Could not sign in as {email}: is this the demo (seed_demo)?")
        return page

    def go(self, page, path):
        response = page.goto(self.base + path)
        if response is None or response.status >= 400:
            sys.exit(f"{path}: status {response.status if response else '?'}")
        page.wait_for_load_state("networkidle")

    def shot(self, page, name, *, full_page=False, clip_to=None):
        path = self.out / f"{name}.png"
        page.wait_for_timeout(300)
        if clip_to is not None:
            clip_to.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full_page)
        image = Image.open(path).convert("RGB")
        image.quantize(colors=256).save(path, optimize=True)
        size = path.stat().st_size
        self.taken.append((path.name, size))
        print(f"{path.name}: {image.width}×{image.height}, {size // 1024} KB", flush=True)


def scroll_to(locator):
    """Bring an element to the top of the window (a heading, to show the section below it)."""
    locator.first.evaluate("element => element.scrollIntoView({block: 'start'})")


def admin_call_id(shooter, page, title):
    """The page id of a call, from its link on the admin dashboard's «Convocatorias y su fase»."""
    shooter.go(page, "/admin/")
    href = page.get_by_role("link", name=title, exact=True).first.get_attribute("href")
    return int(re.search(r"/admin/pages/(\d+)/", href).group(1))


def editor_screens(shooter):
    page = shooter.page("editor@participa.test")
    call_id = admin_call_id(shooter, page, OPEN_VOTE)
    shooter.shot(page, "editor-escritorio")

    shooter.go(page, f"/admin/pages/{call_id}/edit/")
    page.locator("header button[aria-label='Acciones']").first.click()
    page.get_by_role("link", name="Nueva convocatoria a partir de esta").wait_for()
    shooter.shot(page, "convocatoria-contenido")
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Calendario").click()
    scroll_to(page.get_by_role("heading", name="Fases"))
    shooter.shot(page, "convocatoria-calendario")
    page.get_by_role("tab", name="Reglas").click()
    scroll_to(page.get_by_role("heading", name="Territorios y techos"))
    shooter.shot(page, "convocatoria-reglas")
    scroll_to(page.get_by_role("heading", name="Propuestas y apoyos"))
    shooter.shot(page, "convocatoria-papeleta")

    shooter.go(page, f"/admin/pages/{call_id}/edit/")
    page.locator("header button[aria-label='Acciones']").first.click()
    page.get_by_role("link", name="Nueva convocatoria a partir de esta").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Título de la nueva convocatoria").fill("Presupuesto por colonia 2027")
    shooter.shot(page, "convocatoria-copia")

    shooter.go(page, "/admin/votaciones/alternativas/new/")
    shooter.shot(page, "alternativas")

    closed_id = admin_call_id(shooter, page, CLOSED_VOTE)
    shooter.go(page, f"/admin/votaciones/resultados/{closed_id}/")
    shooter.shot(page, "resultados-calcular")
    public = page.get_by_role("link", name=re.compile("Página pública de resultados")).get_attribute("href")
    page.context.close()

    page = shooter.page()
    shooter.go(page, public)
    shooter.shot(page, "resultados-publicos")
    page.context.close()

    phone = shooter.page(viewport=PHONE)
    shooter.go(phone, "/convocatorias/")
    phone.get_by_role("link", name=OPEN_VOTE).first.click()
    phone.wait_for_load_state("networkidle")
    shooter.shot(phone, "convocatoria-movil")
    phone.context.close()


def ensure_workshop(shooter, page):
    """The guide's workshop in the open vote, created through the admin the first time."""
    shooter.go(page, "/admin/votaciones/talleres/")
    link = page.get_by_role("link", name=WORKSHOP, exact=True)
    if link.count() == 0:
        shooter.go(page, "/admin/votaciones/talleres/nuevo/")
        page.get_by_label("Convocatoria").select_option(label=OPEN_VOTE)
        page.get_by_label("Territorio").select_option(label=WORKSHOP_TERRITORY)
        page.get_by_label("Nombre del taller").fill(WORKSHOP)
        page.get_by_label("Lugar").fill("Salón de usos múltiples de Torreón Jardín")
        page.get_by_role("button", name="Crear taller").click()
        page.wait_for_load_state("networkidle")
        shooter.go(page, "/admin/votaciones/talleres/")
        link = page.get_by_role("link", name=WORKSHOP, exact=True)
    return link.first.get_attribute("href")


def facilitator_screens(shooter):
    page = shooter.page("editor@participa.test")
    session = ensure_workshop(shooter, page)
    shooter.go(page, "/admin/votaciones/talleres/")
    shooter.shot(page, "talleres")
    shooter.go(page, session)
    scroll_to(page.get_by_role("heading", name="Generar códigos de votación"))
    shooter.shot(page, "taller")

    page.get_by_label("Cuántos códigos").fill("6")
    page.get_by_role("button", name="Generar e imprimir").click()
    page.wait_for_load_state("networkidle")
    codes = [text.strip() for text in page.locator(".slip__code").all_inner_texts()]
    codes = [code.replace("Código:", "").strip() for code in codes]
    shooter.shot(page, "codigos-impresos")

    shooter.go(page, session + "papeleta/")
    shooter.shot(page, "papeleta-en-papel")
    page.context.close()

    kiosk = shooter.page(viewport=PHONE)
    shooter.go(kiosk, "/votar/codigo/?kiosk=1")
    kiosk.get_by_label("Código de votación").fill(codes[0])
    shooter.shot(kiosk, "quiosco-codigo")
    kiosk.get_by_role("button", name="Ver el tarjetón").click()
    kiosk.wait_for_load_state("networkidle")
    # Two projects that fit Torreón Jardín's ceiling together.
    boxes = kiosk.locator("input[name=choice]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    shooter.shot(kiosk, "quiosco-tarjeton")
    kiosk.get_by_role("button", name=re.compile("^Revisar mi")).click()
    kiosk.wait_for_load_state("networkidle")
    kiosk.get_by_role("button", name="Confirmar y enviar mi voto").click()
    kiosk.wait_for_load_state("networkidle")
    shooter.shot(kiosk, "quiosco-recibo")
    kiosk.context.close()

    moderator = shooter.page("moderacion@participa.test")
    shooter.go(moderator, "/admin/comentarios/?estado=todos")
    shooter.shot(moderator, "comentarios")
    moderator.context.close()

    evaluator = shooter.page("evaluador@participa.test")
    shooter.go(evaluator, "/admin/evaluacion/mis-evaluaciones/")
    evaluator.locator("main table a").first.click()
    evaluator.wait_for_load_state("networkidle")
    shooter.shot(evaluator, "evaluacion")
    evaluator.context.close()


def main():
    args = parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True)
        shooter = Shooter(browser, args.url, args.out)
        editor_screens(shooter)
        facilitator_screens(shooter)
        browser.close()
    total = sum(size for _, size in shooter.taken)
    print(f"{len(shooter.taken)} screenshots in {args.out}, {total // 1024} KB in all")


if __name__ == "__main__":
    main()
