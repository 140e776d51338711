"""The proposal journey in the system Chromium (marker `e2e`), see tests/e2e/conftest.py.

Log in → submit a proposal with an image → see it in the list → staff admits it in the Wagtail
admin → the call moves on to its supports phase → a second person comments and supports →
the author sees the new status, the support and the comment. (Supports follow admission in
the lifecycle, so the admission comes before the support here.)
"""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image

from propuestas.models import Proposal, Support
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory, make_call
from tests.home.factories import make_site
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def expect(target):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@pytest.fixture
def journey(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_site()
    now = timezone.now()
    day = dt.timedelta(days=1)
    theme = ThemeFactory(name="Movilidad", slug="movilidad")
    territory = TerritoryFactory(name="Centro Histórico")
    call = make_call(
        title="Presupuesto Participativo 2027",
        code="PPT",
        phases=[
            ("intake", now - day, now + 10 * day),
            ("supports", now + 10 * day, now + 20 * day),
        ],
        territories=[(territory, 30_000_000)],
        themes=[theme],
        max_proposal_cost=5_000_000,
    )
    image = tmp_path / "calle.png"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 130, 90)).save(buffer, "PNG")
    image.write_bytes(buffer.getvalue())
    return {
        "call": call,
        "image": image,
        "author": UserFactory(email="autora@example.org", display_name="Autora Vecinal"),
        "neighbour": UserFactory(email="vecino@example.org", display_name="Vecino Solidario"),
        "staff": UserFactory(email="staff@example.org", display_name="Moderación", is_staff=True, is_superuser=True),
    }


def log_in(page, base_url, email):
    page.goto(base_url + "/cuentas/login/")
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"correo electr[oó]nico", re.I)).fill(email)
    main.get_by_label(re.compile(r"contraseña", re.I)).first.fill(PASSWORD)
    main.get_by_role("button", name=re.compile(r"iniciar sesi[oó]n", re.I)).click()
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("link", name="Iniciar sesión")).to_be_visible()


def test_submit_admit_comment_support_and_follow(journey, live_server, page):  # noqa: F811
    call, base = journey["call"], live_server.url

    # The author submits a proposal with an image.
    log_in(page, base, "autora@example.org")
    page.goto(base + call.url)
    page.get_by_role("link", name="Presentar una propuesta").first.click()
    main = page.get_by_role("main")
    main.get_by_label("Título").fill("Ciclovía protegida en la avenida Morelos")
    main.get_by_label("Resumen").fill("Un carril seguro para ir en bicicleta al centro.")
    main.get_by_label("¿Qué problema atiende?").fill("Las bicicletas comparten carril con autobuses.")
    main.get_by_label("¿Qué propone?").fill("Separar el carril con bolardos y semáforos ciclistas.")
    main.get_by_label("Número de personas beneficiarias").fill("4200")
    main.get_by_label("¿Quiénes se benefician?").fill("Estudiantes y trabajadores del centro")
    main.get_by_label("Eje temático").select_option(label="Movilidad")
    main.get_by_label("Territorio").select_option(index=1)
    main.get_by_label("Costo estimado").fill("3200000")
    main.get_by_label("Imágenes").set_input_files(str(journey["image"]))
    main.get_by_role("button", name="Guardar borrador y ver vista previa").click()
    expect(page.get_by_role("heading", level=2, name="Borrador: aún no se ha enviado")).to_be_visible()
    page.get_by_role("button", name="Enviar propuesta").click()
    expect(page.get_by_text(re.compile(r"Propuesta enviada con la referencia PPT-\d{4}-0001"))).to_be_visible()
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted" and proposal.images.count() == 1

    # It is in the list of the call, with its image.
    page.goto(base + call.proposals_url)
    card = page.get_by_role("listitem").filter(has_text="Ciclovía protegida en la avenida Morelos")
    expect(card).to_be_visible()
    expect(card.get_by_role("img")).to_have_count(1)
    log_out(page)

    # Staff admit it in the Wagtail admin.
    log_in(page, base, "staff@example.org")
    page.goto(base + "/admin/propuestas/")
    page.get_by_role("link", name=re.compile("Ciclovía protegida")).first.click()
    page.get_by_role("link", name="Admitir").first.click()
    page.get_by_role("button", name="Admitir").click()
    expect(page.get_by_text(re.compile(r"Propuesta PPT-\d{4}-0001 admitida"))).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "admitted"
    page.goto(base + "/")
    log_out(page)

    # Time passes: the call reaches its supports phase.
    now = timezone.now()
    call.phases.filter(kind="intake").update(starts_at=now - dt.timedelta(days=20), ends_at=now - dt.timedelta(days=1))
    call.phases.filter(kind="supports").update(starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=9))

    # A neighbour comments and supports.
    log_in(page, base, "vecino@example.org")
    page.goto(base + proposal.get_absolute_url())
    page.get_by_role("main").locator("textarea[name=comment]").first.fill("¡Buenísima idea! La uso todos los días.")
    page.get_by_role("button", name="Publicar comentario").click()
    expect(page.get_by_text("¡Buenísima idea! La uso todos los días.")).to_be_visible()
    page.get_by_role("button", name="Apoyar esta propuesta").click()
    expect(page.get_by_text("Su apoyo quedó registrado")).to_be_visible()
    assert Support.objects.filter(proposal=proposal).count() == 1
    log_out(page)

    # The author sees the new status, the support and the comment.
    log_in(page, base, "autora@example.org")
    page.goto(base + "/propuestas/mi-participacion/")
    row = page.get_by_role("row").filter(has_text="Ciclovía protegida en la avenida Morelos")
    expect(row).to_contain_text("Admitida")
    row.get_by_role("link").first.click()
    expect(page.locator(".status").first).to_have_text("Admitida")
    expect(page.locator(".supports__count")).to_contain_text("1")
    expect(page.get_by_text("¡Buenísima idea! La uso todos los días.")).to_be_visible()
    expect(page.get_by_role("region", name="Historial")).to_contain_text("Admitida")
