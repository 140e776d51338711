"""Voting in the system Chromium (marker `e2e`), see tests/e2e/conftest.py.

A citizen votes on a knapsack ballot within the budget, watching the running counter, changes
the ballot and checks the receipt on the check page. A workshop device in kiosk mode takes two
people's codes in a row and goes back to the code screen by itself.
"""

import re

import pytest

from tests.home.factories import make_site
from tests.portal.factories import UserFactory
from tests.votaciones.factories import make_voting_call
from tests.e2e.test_e2e_proposals import log_in
from votaciones import services
from votaciones.models import Ballot, BallotChoice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def expect(target):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@pytest.fixture
def election():
    make_site()
    call, box, proposals = make_voting_call(
        title="Presupuesto Participativo 2027",
        ballot_type="knapsack",
        ceiling=10_000_000,
        costs=[2_000_000, 3_000_000, 6_000_000],
    )
    titles = ["Biblioteca comunitaria", "Parque lineal", "Centro de salud"]
    for proposal, title in zip(proposals, titles):
        proposal.title = title
        proposal.save(update_fields=["title"])
    voter = UserFactory(email="votante@example.org", display_name="Votante")
    session = services.create_session(box=box, user=None, name="Taller en la biblioteca")
    codes = services.generate_codes(session=session, count=2)
    return {"call": call, "box": box, "proposals": proposals, "voter": voter, "codes": codes}


def test_vote_within_budget_change_and_check_receipt(election, live_server, page):  # noqa: F811
    base, call = live_server.url, election["call"]
    log_in(page, base, "votante@example.org")

    page.goto(base + call.url)
    page.get_by_role("link", name="Votar", exact=True).click()
    page.get_by_role("link", name="Votar en este territorio").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tarjetón de")

    counter = page.locator("#ballot-counter")
    expect(counter).to_contain_text("Ha usado $ 0 MXN de $ 10,000,000 MXN")
    page.get_by_label("Biblioteca comunitaria").check()
    expect(counter).to_contain_text("Ha usado $ 2,000,000 MXN de $ 10,000,000 MXN. Le quedan $ 8,000,000 MXN.")
    page.get_by_label("Parque lineal").check()
    expect(counter).to_contain_text("Proyectos elegidos: 2.")
    expect(counter).to_contain_text("Le quedan $ 5,000,000 MXN.")
    # The third one does not fit what is left: the counter says so as soon as it is marked.
    expect(page.locator("[data-ballot-item]").filter(has_text="Centro de salud")).to_contain_text("No cabe en lo que le queda")
    page.get_by_label("Centro de salud").check()
    expect(counter).to_contain_text("Se pasa del techo por $ 1,000,000 MXN")
    page.get_by_label("Centro de salud").uncheck()
    expect(counter).not_to_contain_text("Se pasa del techo")

    page.get_by_role("button", name="Revisar mi voto").click()
    expect(page.get_by_role("heading", name="Revise su voto antes de enviarlo")).to_be_visible()
    page.get_by_role("button", name="Confirmar y enviar mi voto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¡Gracias! Su voto quedó registrado")
    first_receipt = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", first_receipt)

    # Change the ballot: the current choices are marked, the counter starts from them.
    page.get_by_role("link", name="Cambiar mi voto").click()
    expect(page.get_by_text("Ya votó en este territorio")).to_be_visible()
    expect(page.get_by_label("Biblioteca comunitaria")).to_be_checked()
    expect(counter).to_contain_text("Ha usado $ 5,000,000 MXN")
    page.get_by_label("Biblioteca comunitaria").uncheck()
    page.get_by_label("Centro de salud").check()
    expect(counter).to_contain_text("Ha usado $ 9,000,000 MXN de $ 10,000,000 MXN. Le quedan $ 1,000,000 MXN.")
    page.get_by_role("button", name="Revisar mi nuevo voto").click()
    page.get_by_role("button", name="Confirmar y enviar mi voto").click()
    second_receipt = page.locator("#receipt-code").inner_text()
    assert second_receipt != first_receipt
    ballot = Ballot.objects.get()
    titles = set(BallotChoice.objects.filter(ballot=ballot).values_list("proposal__title", flat=True))
    assert titles == {"Parque lineal", "Centro de salud"}

    # Check the receipts: the new one counts, the replaced one no longer does.
    page.get_by_role("link", name="Comprobar un recibo").click()
    page.get_by_label("Código de recibo").fill(second_receipt)
    page.get_by_role("button", name="Comprobar").click()
    expect(page.get_by_role("status")).to_contain_text("Contada en el territorio")
    expect(page.get_by_role("status")).to_contain_text("Presupuesto Participativo 2027")
    page.get_by_label("Código de recibo").fill(first_receipt)
    page.get_by_role("button", name="Comprobar").click()
    expect(page.get_by_role("status")).to_contain_text("No encontrada")


def test_kiosk_takes_codes_one_after_another(election, live_server, page, monkeypatch):  # noqa: F811
    from votaciones import views

    monkeypatch.setattr(views, "KIOSK_SECONDS", 3)  # the live server runs in this process
    base = live_server.url
    first, second = election["codes"]

    page.goto(base + "/votar/codigo/?kiosk=1")
    expect(page.locator(".site-header")).to_be_hidden()
    page.get_by_label("Código de votación").fill(first.lower())
    page.get_by_role("button", name="Ver el tarjetón").click()
    page.get_by_label("Parque lineal").check()
    expect(page.locator("#ballot-counter")).to_contain_text("Le quedan $ 7,000,000 MXN")
    # No way out of the flow but cancelling back to the code screen.
    expect(page.get_by_role("link", name=re.compile("Ver la propuesta"))).to_have_count(0)
    page.get_by_role("button", name="Revisar mi voto").click()
    page.get_by_role("button", name="Confirmar y enviar mi voto").click()
    expect(page.locator("#receipt-code")).to_have_text(re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}"))
    expect(page.get_by_text(re.compile(r"vuelve al inicio en [0-2] segundos"))).to_be_visible()
    # The screen returns to the code entry by itself for the next person.
    page.wait_for_url(base + "/votar/codigo/", timeout=10_000)
    expect(page.get_by_label("Código de votación")).to_have_value("")

    page.get_by_label("Código de votación").fill(second)
    page.get_by_role("button", name="Ver el tarjetón").click()
    page.get_by_label("Biblioteca comunitaria").check()
    page.get_by_role("button", name="Revisar mi voto").click()
    page.get_by_role("button", name="Confirmar y enviar mi voto").click()
    page.get_by_role("link", name="Siguiente persona").click()
    expect(page.get_by_role("heading", name="Votar con un código de taller")).to_be_visible()
    # The first code is spent.
    page.get_by_label("Código de votación").fill(first)
    page.get_by_role("button", name="Ver el tarjetón").click()
    expect(page.get_by_text("Ese código ya se usó para votar.")).to_be_visible()
    assert Ballot.objects.filter(channel="code").count() == 2


def test_a_new_person_signs_up_confirms_and_votes(election, live_server, page):  # noqa: F811
    """The journey a campaign sends people through: sign up, open the confirmation link from the
    email (it signs them in), press "Votar en este territorio", vote."""
    from django.core import mail

    base, call = live_server.url, election["call"]
    page.goto(base + "/cuentas/signup/")
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"correo electr[oó]nico", re.I)).fill("recien.llegada@example.org")
    passwords = main.get_by_label(re.compile(r"contraseña", re.I))
    passwords.nth(0).fill("Una-Clave-Larga-2027")
    passwords.nth(1).fill("Una-Clave-Larga-2027")
    main.get_by_role("button", name=re.compile(r"registr", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"confirm|verifi", re.I))

    path = re.search(r"/cuentas/confirm-email/[^/\s]+/", mail.outbox[-1].body).group(0)
    page.goto(base + path)
    page.get_by_role("main").get_by_role("button", name=re.compile(r"confirmar", re.I)).click()
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()

    page.goto(base + call.url)
    page.get_by_role("link", name="Votar", exact=True).click()
    page.get_by_role("link", name="Votar en este territorio").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tarjetón de")
    page.get_by_label("Parque lineal").check()
    page.get_by_role("button", name="Revisar mi voto").click()
    page.get_by_role("button", name="Confirmar y enviar mi voto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¡Gracias! Su voto quedó registrado")
    ballot = Ballot.objects.get(voter__email="recien.llegada@example.org")
    assert list(ballot.choices.values_list("proposal__title", flat=True)) == ["Parque lineal"]
