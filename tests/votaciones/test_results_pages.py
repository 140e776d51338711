"""Public results: the call's results page, downloads and the CMS results page."""

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from convocatorias.models import CallIndexPage
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.votaciones.factories import make_voting_call
from votaciones.models import Ballot, BallotChoice, BoxResult, ResultsPage, receipt_fingerprint
from votaciones.results import parse_pabulib
from votaciones.services import new_receipt
from votaciones.tally import tally_box

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "editor", "admin"]


def add_ballots(box, ballots, channel="paper", voter=None):
    """Store ballots directly (the count does not care how they were cast): a list of [proposals]."""
    created = Ballot.objects.bulk_create(
        [
            Ballot(box=box, channel=channel, voter=voter, fingerprint=receipt_fingerprint(new_receipt()))
            for _ in ballots
        ]
    )
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, proposal=proposal, points=1)
            for ballot, chosen in zip(created, ballots)
            for proposal in chosen
        ]
    )
    return created


def polarised_call(**fields):
    """Equal shares vs greedy differ: a majority votes for three projects, a minority for one.

    Ceiling 90: A, B and C (30 each) have 60 votes; D (30) has 40. Greedy takes A, B, C; equal
    shares gives the minority its share: D instead of one of the majority's projects.
    """
    fields.setdefault("results_rule", "equal_shares")
    call, box, (a, b, c, d) = make_voting_call(current="results", ceiling=90, costs=[30, 30, 30, 30], **fields)
    for proposal, title in zip((a, b, c, d), ("Parque lineal", "Alumbrado", "Banquetas", "Biblioteca móvil")):
        proposal.title = title
        proposal.save(update_fields=["title"])
    add_ballots(box, [[a, b, c]] * 50, channel="online")
    add_ballots(box, [[a, b, c]] * 10, channel="code")
    add_ballots(box, [[d]] * 40, channel="paper")
    return call, box, (a, b, c, d)


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def numbers_in(html):
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    return main


# --- the results page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_the_same_public_results_after_the_close(client, user_by_role, role):
    call, box, (a, b, c, d) = polarised_call()
    response = get(client, user_by_role[role], call.results_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Resultados de la votación" in html
    result = BoxResult.objects.get(box=box)
    assert result.ballots_count == 100
    winners = {entry["title"] for entry in result.projects if entry["selected"]}
    assert "Biblioteca móvil" in winners and len(winners) == 3
    for title in winners:
        assert title in html
    # Turnout by channel, budget and budget used.
    assert "En línea: 50" in html and "Código de taller: 10" in html and "Papel: 40" in html
    assert "Importada" not in html
    assert "$ 90 MXN" in html


def test_greedy_comparison_is_explained(client):
    call, box, (a, b, c, d) = polarised_call()
    html = client.get(call.results_url).content.decode()
    assert "¿Qué habría elegido la regla por votos?" in html
    assert "Seleccionados por el Método de Partes Iguales y no por votos:" in html
    assert "no cabía en lo que quedaba del techo" in html
    assert "Seleccionados por votos y no por el Método de Partes Iguales:" in html
    assert "ya habían gastado su parte" in html
    assert re.search(r"Lo pagaron 40 de sus votantes", html)


def test_greedy_call_has_no_comparison(client):
    call, box, _proposals = polarised_call(results_rule="greedy")
    html = client.get(call.results_url).content.decode()
    assert "¿Qué habría elegido la regla por votos?" not in html
    assert "Biblioteca móvil" in html


def test_chart_has_text_alternatives_and_table(client):
    call, box, (a, b, c, d) = polarised_call()
    html = client.get(call.results_url).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "aria-labelledby" in svg
    title = re.search(r"<title id=\"([^\"]+)\">(.*?)</title>", svg, re.S)
    desc = re.search(r"<desc id=\"([^\"]+)\">(.*?)</desc>", svg, re.S)
    assert title and desc and title.group(1) in svg.split(">")[0] and desc.group(1) in svg.split(">")[0]
    assert "Votos por proyecto" in title.group(2)
    assert "Biblioteca móvil: 40 (seleccionado)" in desc.group(2)
    assert svg.count("<rect") >= 4
    # Winners are marked by a sign and a word, not only by colour.
    assert "✔ " in svg and "seleccionado" in svg
    # The same numbers as a table, with caption and header scopes.
    table = re.search(r"<table class=\"results-table\">.*?</table>", html, re.S).group(0)
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    assert ">60<" in table and ">40<" in table


def test_errors_are_shown_per_territory(client):
    call, box, _proposals = polarised_call()
    # A second territory without a ceiling cannot be counted: its section says why.
    from convocatorias.models import CallTerritory

    other = TerritoryFactory(name="Sin techo")
    CallTerritory.objects.create(call=call, territory=other, budget_ceiling=None, sort_order=5)
    response = client.get(call.results_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No se pudieron calcular los resultados de este territorio" in html
    assert "no tiene techo presupuestal" in html
    assert "Biblioteca móvil" in html


@pytest.mark.parametrize("role", ROLES)
def test_before_the_close_with_hidden_counts_nobody_sees_numbers(client, user_by_role, role):
    call, box, (a, b, c) = make_voting_call(current="voting", hide_counts_until_close=True)
    add_ballots(box, [[a, b]] * 7 + [[c]] * 3, channel="online")
    response = get(client, user_by_role[role], call.results_url)
    assert response.status_code == 200
    html = numbers_in(response.content.decode())
    assert "Los resultados se publicarán cuando cierre la votación" in html
    assert "Conteo provisional" not in html and "<svg" not in html and "<table" not in html
    assert a.title not in html
    assert not BoxResult.objects.exists()
    for fmt in ("csv", "xlsx", "pb"):
        download = get(client, user_by_role[role], call.results_download_url(box.territory_id, fmt))
        assert download.status_code == 403
        assert "cuando cierre la votación" in download.content.decode()
    assert get(client, user_by_role[role], call.results_zip_url).status_code == 403


def test_before_the_close_visible_counts_are_provisional(client):
    call, box, (a, b, c) = make_voting_call(current="voting", hide_counts_until_close=False)
    add_ballots(box, [[a, b]] * 7 + [[c]] * 3, channel="online")
    html = client.get(call.results_url).content.decode()
    assert "Los resultados se publicarán cuando cierre la votación" in html
    assert "Conteo provisional" in html and "provisionales" in html
    assert a.title in html and ">7<" in html and ">3<" in html
    assert "Seleccionado" not in html
    assert not BoxResult.objects.exists()


def test_query_count_does_not_grow_with_ballots(client, django_assert_num_queries):
    def measure(ballots):
        call, box, (a, b, c) = make_voting_call(current="results", results_rule="equal_shares")
        add_ballots(box, [[a, b], [c], [a, c]] * (ballots // 3))
        client.get(call.results_url)  # the first visit counts the boxes
        assert BoxResult.objects.filter(box__call=call).count() == 2
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(call.results_url)
        assert response.status_code == 200
        return len(queries)

    small = measure(10)
    large = measure(300)
    assert small == large
    call, box, (a, b, c) = make_voting_call(current="results", results_rule="equal_shares")
    add_ballots(box, [[a, b]] * 30)
    client.get(call.results_url)
    with django_assert_num_queries(small):
        client.get(call.results_url)


# --- downloads ------------------------------------------------------------------------------------


def test_csv_download(client):
    call, box, (a, b, c, d) = polarised_call()
    response = client.get(call.results_download_url(box.territory_id, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Referencia", "Título", "Costo (MXN)", "Votos", "Votantes que lo eligieron", "Seleccionado",
        "Orden de selección", "Motivo",
    ]
    by_title = {row[1]: row for row in rows[1:]}
    assert by_title["Biblioteca móvil"][2:6] == ["30", "40", "40", "Sí"]
    losers = [row for row in rows[1:] if row[5] == "No"]
    assert len(losers) == 1 and losers[0][7] == "Sus votantes ya habían gastado su parte"
    assert by_title["Parque lineal"][0] == a.reference


def test_xlsx_download(client):
    call, box, (a, b, c, d) = polarised_call()
    response = client.get(call.results_download_url(box.territory_id, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert ["Papeletas contadas", 100] in [list(row[:2]) for row in values]
    header = values.index(next(row for row in values if row[0] == "Referencia"))
    titles = {row[1]: row for row in values[header + 1 :]}
    assert titles["Biblioteca móvil"][3] == 40 and titles["Biblioteca móvil"][5] == "Sí"


def test_pabulib_download_is_anonymous_and_recounts(client):
    citizen = UserFactory(email="votante-secreta@example.org")
    call, box, (a, b, c, d) = polarised_call()
    add_ballots(box, [[d]], channel="online", voter=citizen)
    tally_box(box)  # count again with her ballot
    ids = list(Ballot.objects.filter(box=box).order_by("pk").values_list("pk", flat=True))
    first = client.get(call.results_download_url(box.territory_id, "pb"))
    assert first.status_code == 200
    text = first.content.decode()
    assert "votante-secreta" not in text and "@" not in text and "online" not in text and "paper" not in text
    election = parse_pabulib(text)
    assert election.budget == 90 and len(election.ballots) == 101
    voter_ids = [ballot.voter_id for ballot in election.ballots]
    assert len(set(voter_ids)) == 101
    assert not set(voter_ids) & {str(pk) for pk in ids}
    assert all(re.fullmatch(r"[0-9a-f]{16}", voter) for voter in voter_ids)
    assert election.meta["country"] == "México" and election.meta["num_votes"] == "101"
    assert election.rule == "equalshares/add1"
    selected = {pid for pid, project in election.projects.items() if project.extra["selected"] == "1"}
    assert selected == {str(e["id"]) for e in BoxResult.objects.get(box=box).projects if e["selected"]}
    from votaciones.results import compute

    assert set(compute(election, election.rule).selected) == selected
    # Fresh ids and a fresh order on every download.
    again = parse_pabulib(client.get(call.results_download_url(box.territory_id, "pb")).content.decode())
    assert not {b.voter_id for b in again.ballots} & set(voter_ids)
    assert [b.projects for b in again.ballots] != [b.projects for b in election.ballots]


def test_zip_download_holds_every_territory(client):
    call, box, _proposals = polarised_call()
    response = client.get(call.results_zip_url)
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert any(name.endswith(".csv") for name in names) and any(name.endswith(".pb") for name in names)


def test_bad_downloads_are_4xx(client):
    call, box, _proposals = polarised_call()
    assert client.get(call.results_download_url(box.territory_id, "exe")).status_code == 404
    outsider = TerritoryFactory()
    response = client.get(call.results_download_url(outsider.pk, "csv"))
    assert response.status_code == 404 and "no participa" in response.content.decode()


# --- the CMS results page -------------------------------------------------------------------------


def results_page(call, body=None, **fields):
    index = CallIndexPage.objects.get()
    page = ResultsPage(
        title="Resultados de la votación",
        slug=fields.pop("slug", "resultados-votacion"),
        call=call,
        summary="Lo que decidió la ciudadanía.",
        body=body
        if body is not None
        else [
            ("paragraph", "<p>Comentario del equipo editorial.</p>"),
            ("results_table", {"territory": None, "show_chart": True}),
        ],
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_results_page_renders_the_computed_tables(client):
    call, box, (a, b, c, d) = polarised_call()
    page = results_page(call)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Comentario del equipo editorial." in html
    assert "Biblioteca móvil" in html and "<svg" in html and "<table" in html
    result = BoxResult.objects.get(box=box)
    # The numbers come from the stored count: change it and the page follows.
    entry = next(e for e in result.projects if e["title"] == "Biblioteca móvil")
    entry["score"] = 41
    result.save()
    assert ">41<" in client.get(page.url).content.decode()


def test_results_block_stores_only_the_territory(client):
    call, box, _proposals = polarised_call()
    page = results_page(call, body=[("results_table", {"territory": box.territory, "show_chart": False})])
    stored = page.body.raw_data[0]["value"]
    assert set(stored) == {"territory", "show_chart"}
    assert set(ResultsPage.body.field.stream_block.child_blocks["results_table"].child_blocks) == {"territory", "show_chart"}
    html = client.get(page.url).content.decode()
    assert "<svg" not in html and "Biblioteca móvil" in html


def test_results_page_before_the_close_shows_a_message(client):
    call, box, (a, b, c) = make_voting_call(current="voting")
    add_ballots(box, [[a]] * 5)
    page = results_page(call)
    html = client.get(page.url).content.decode()
    assert "Los resultados se publicarán cuando cierre la votación" in html
    assert "<table" not in html and a.title not in html
    assert "Comentario del equipo editorial." in html


def test_results_page_can_be_created_under_the_call_index(site):
    assert ResultsPage in CallIndexPage.allowed_subpage_models()
    assert ResultsPage.can_create_at(site["calls"])
    assert not ResultsPage.can_create_at(site["home"])


def test_editor_can_edit_the_results_page_in_the_admin(client, editor):
    call, box, _proposals = polarised_call()
    page = results_page(call)
    client.force_login(editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "Tabla de resultados" in response.content.decode()


def test_equal_shares_page_explains_the_starting_and_final_share_and_pabutools_agrees(client):
    """125 voters share a $1,200,000 ceiling: each starts with 1,200,000 // 125 = 9,600; the add1
    completion raises the part (in steps of a thousandth of it) while the winners fit. The page
    shows both parts and the step; the .pb says how to recount it, and pabutools recounting it
    that way finds the same winners."""
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import method_of_equal_shares

    call, box, (a, b, c, d) = make_voting_call(
        current="results", results_rule="equal_shares", ceiling=1_200_000, costs=[500_000, 400_000, 300_000, 250_000]
    )
    add_ballots(box, [[a, b]] * 70 + [[c]] * 35 + [[d, c]] * 20, channel="paper")
    html = client.get(call.results_url).content.decode()
    result = BoxResult.objects.get(box=box)
    step = result.details["step"]
    assert result.details["start_per_voter"] == 9_600 and step == 9
    assert result.details["per_voter"] > 9_600
    assert "Parte inicial de cada votante (techo ÷ papeletas)" in html and "$ 9,600 MXN" in html
    assert "Parte final de cada votante (tras la completación)" in html
    assert f"voter_budget_increment={step}" in html

    text = client.get(call.results_download_url(box.territory_id, "pb")).content.decode()
    assert f"voter_budget_increment={step}" in text
    instance, profile = parse_pabulib_from_string(text)
    winners = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=step)
    assert {str(project.name) for project in winners} == {
        str(entry["id"]) for entry in result.projects if entry["selected"]
    }
