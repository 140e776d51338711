"""The open-data API (/api/v1/): read-only JSON for every role, public data only, the bank's
filters, pagination, Spanish errors (never a 500), rate limits and constant queries per page."""

import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from banco.models import ExecutionPhoto, ExecutionUpdate
from banco.search import get_backend, parse_bank_query
from convocatorias.models import Territory, Theme
from propuestas.models import ProposalGroup
from tests.convocatorias.factories import TerritoryFactory, make_call
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call
from tests.votaciones.factories import make_voting_call
from votaciones.models import Ballot, BallotChoice, BoxResult, receipt_fingerprint
from votaciones.services import new_receipt
from votaciones.tally import tally_box

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "editor", "admin"]
LISTS = ["convocatorias", "propuestas", "resultados", "seguimiento", "ejes", "territorios"]
PERSONAL_KEYS = {
    "email",
    "correo",
    "author_id",
    "autor",
    "user",
    "usuario",
    "voter",
    "votante",
    "gender",
    "genero",
    "birth_year",
    "edad",
    "age",
    "phone",
    "telefono",
    "receipt",
    "recibo",
    "fingerprint",
    "huella",
    "papeleta",
}


def api(name, *args):
    return reverse(f"api:{name}", args=args)


def get(client, url, user=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


def png(name="obra.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def add_update(proposal, *, author=None, published_at=None, photos=0, **fields):
    fields.setdefault("status", ExecutionUpdate.Status.EXECUTION)
    fields.setdefault("progress", 40)
    fields.setdefault("text", "Se instalaron los primeros 500 metros de ciclovía.")
    update = ExecutionUpdate.objects.create(
        proposal=proposal, author=author, published_at=published_at or timezone.now() - dt.timedelta(hours=1), **fields
    )
    for index in range(photos):
        ExecutionPhoto.objects.create(update=update, file=png(f"obra-{index}.png"), alt_text=f"Obra, tramo {index + 1}", sort_order=index)
    return update


def add_ballots(box, ballots, channel="paper"):
    created = Ballot.objects.bulk_create(
        [Ballot(box=box, channel=channel, fingerprint=receipt_fingerprint(new_receipt())) for _ in ballots]
    )
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal=proposal) for ballot, chosen in zip(created, ballots) for proposal in chosen]
    )


@pytest.fixture
def bank(db, editor):
    """A call with public proposals and the ones that must never show: draft, withdrawn, hidden."""
    call = make_proposal_call(current="supports", title="Presupuesto Participativo 2026")
    author = UserFactory(email="autora.secreta@example.org", display_name="Marta Ruiz")
    group_owner = UserFactory(email="grupo.secreto@example.org", display_name="Coordina Grupo")
    group = ProposalGroup.objects.create(name="Colectivo Bici Norte", created_by=group_owner)
    second_territory = call.territories.all()[1].territory
    public = [
        ProposalFactory(call=call, author=author, title="Ciclovía segura en la avenida", status="admitted"),
        ProposalFactory(
            call=call,
            author=group_owner,
            group=group,
            title="Biblioteca móvil para las veredas",
            summary="Libros que llegan en bicicleta a cada vereda.",
            status="selected",
            estimated_cost=3_000_000,
            validated_cost=2_800_000,
            territory=second_territory,
            latitude="6.251840",
            longitude="-75.563591",
        ),
        ProposalFactory(call=call, author=author, title="Alumbrado del parque", status="in_execution", estimated_cost=800_000),
    ]
    hidden = [
        ProposalFactory(call=call, author=author, title="Borrador oculto de la avenida", status="draft", submitted_at=None),
        ProposalFactory(call=call, author=author, title="Retirada: avenida del río", status="withdrawn"),
        ProposalFactory(call=call, author=author, title="Ocultada avenida insultante", status="admitted", hidden=True),
    ]
    updates = [
        add_update(public[2], author=editor, photos=2, committed_amount=700_000, spent_amount=300_000),
        add_update(hidden[2], author=editor, text="Actualización de una propuesta oculta"),
        add_update(public[2], author=editor, text="Actualización programada", published_at=timezone.now() + dt.timedelta(days=3)),
    ]
    return {"call": call, "public": public, "hidden": hidden, "updates": updates, "group": group, "author": author}


@pytest.fixture
def closed_vote(db):
    """A call whose vote closed and was counted: 3 projects, ballots on two channels."""
    call, box, (a, b, c) = make_voting_call(current="results", ceiling=6_000_000, costs=[2_000_000, 3_000_000, 4_000_000])
    add_ballots(box, [[a, b]] * 6, channel="online")
    add_ballots(box, [[c]] * 4, channel="paper")
    result = tally_box(box)
    return {"call": call, "box": box, "proposals": (a, b, c), "result": result}


def ids_of(response):
    return [item["id"] for item in response.json()["resultados"]]


# --- Every endpoint, every role: read-only JSON --------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_list_answers_json_to_every_role(client, user_by_role, bank, closed_vote, role):
    for endpoint in LISTS:
        response = get(client, f"/api/v1/{endpoint}/", user_by_role[role])
        assert response.status_code == 200, endpoint
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"total", "paginas", "pagina", "por_pagina", "siguiente", "anterior", "resultados"}
        assert body["total"] >= 1, endpoint


@pytest.mark.parametrize("role", ROLES)
def test_details_answer_to_every_role(client, user_by_role, bank, role):
    user = user_by_role[role]
    proposal = bank["public"][0]
    response = get(client, api("propuesta-detail", proposal.pk), user)
    assert response.status_code == 200
    assert response.json()["id"] == proposal.pk
    response = get(client, api("convocatoria-detail", bank["call"].pk), user)
    assert response.status_code == 200
    assert response.json()["titulo"] == "Presupuesto Participativo 2026"


@pytest.mark.parametrize("role", ROLES)
def test_writes_are_refused_with_405(client, user_by_role, bank, role):
    user = user_by_role[role]
    if user is not None:
        client.force_login(user)
    urls = [f"/api/v1/{endpoint}/" for endpoint in LISTS] + [
        api("propuesta-detail", bank["public"][0].pk),
        api("convocatoria-detail", bank["call"].pk),
        api("schema"),
    ]
    for method in ("post", "put", "patch", "delete"):
        for url in urls:
            response = getattr(client, method)(url, data=json.dumps({"titulo": "x"}), content_type="application/json")
            assert response.status_code == 405, (method, url)
            assert "solo lectura" in response.json()["detail"]
            assert "POST" not in response["Allow"]
    assert ProposalFactory._meta.model.objects.filter(title="x").count() == 0


def test_writes_are_refused_even_with_csrf_checks(bank, citizen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post("/api/v1/propuestas/", {"titulo": "x"})
    assert response.status_code == 405


# --- Public data only ---------------------------------------------------------------------------


def test_hidden_withdrawn_and_draft_proposals_never_appear(client, bank):
    public_ids = sorted(p.pk for p in bank["public"])
    listed = get(client, api("propuesta-list"), por_pagina=100)
    assert sorted(ids_of(listed)) == public_ids
    assert listed.json()["total"] == 3
    for proposal in bank["hidden"]:
        detail = get(client, api("propuesta-detail", proposal.pk))
        assert detail.status_code == 404
        assert detail.json() == {"detail": "No existe una propuesta pública con ese id."}
    # Text and filters never reach them either.
    assert ids_of(get(client, api("propuesta-list"), q="avenida")) == [bank["public"][0].pk]
    assert ids_of(get(client, api("propuesta-list"), convocatoria=bank["call"].pk, por_pagina=100)) != []
    assert set(ids_of(get(client, api("propuesta-list"), convocatoria=bank["call"].pk, por_pagina=100))) == set(public_ids)
    for status in ("draft", "withdrawn"):
        refused = get(client, api("propuesta-list"), estado=status)
        assert refused.status_code == 400
    # Counts of the call count public proposals only.
    call = get(client, api("convocatoria-detail", bank["call"].pk)).json()
    assert call["propuestas_publicas"] == 3
    # Execution updates of a hidden proposal, and scheduled ones, are not published.
    updates = get(client, api("seguimiento-list")).json()
    assert [u["id"] for u in updates["resultados"]] == [bank["updates"][0].pk]


def test_no_personal_data_anywhere(client, bank, closed_vote, editor):
    bodies = [get(client, f"/api/v1/{endpoint}/", por_pagina=100).content.decode() for endpoint in LISTS]
    bodies += [get(client, api("propuesta-detail", p.pk)).content.decode() for p in bank["public"]]
    bodies.append(get(client, api("convocatoria-detail", bank["call"].pk)).content.decode())

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    for body in bodies:
        assert "@" not in body
        assert "Editora" not in body  # the staff author of the updates
        assert "Coordina Grupo" not in body  # a group proposal shows the group only
        assert not PERSONAL_KEYS & set(keys(json.loads(body)))


def test_proposal_fields(client, bank):
    selected = bank["public"][1]
    data = get(client, api("propuesta-detail", selected.pk)).json()
    assert data["referencia"] == selected.reference
    assert data["titulo"] == "Biblioteca móvil para las veredas"
    assert data["convocatoria"] == bank["call"].pk
    assert data["anio"] == timezone.localtime(selected.submitted_at).year
    assert data["eje"] == {"id": selected.theme_id, "nombre": selected.theme.name}
    assert data["territorio"] == {"id": selected.territory_id, "nombre": selected.territory.name}
    assert (data["estado"], data["estado_etiqueta"]) == ("selected", "Seleccionada")
    assert (data["costo_estimado"], data["costo_validado"], data["costo"]) == (3_000_000, 2_800_000, 2_800_000)
    assert (data["latitud"], data["longitud"]) == (6.25184, -75.563591)
    assert data["autoria"] == "Colectivo Bici Norte"
    assert data["url"] == f"http://testserver/propuestas/{selected.pk}/"
    person = get(client, api("propuesta-detail", bank["public"][0].pk)).json()
    assert person["autoria"] == "Marta Ruiz"
    assert person["latitud"] is None and person["costo_validado"] is None


def test_calls_show_phases_territories_and_themes(client, bank):
    draft_call = make_call(title="Convocatoria sin publicar")
    draft_call.unpublish()
    listed = get(client, api("convocatoria-list")).json()
    assert [c["id"] for c in listed["resultados"]] == [bank["call"].pk]
    data = listed["resultados"][0]
    assert data["codigo"] == "PEM"
    assert data["moneda"] == "MXN"
    assert data["estado"] == "active" and data["fase_actual"] == "supports"
    assert [phase["fase"] for phase in data["fases"]][:3] == ["announced", "intake", "review"]
    assert data["fases"][0]["etiqueta"] == "Anuncio"
    assert [t["techo"] for t in data["territorios"]] == [20_000_000, 20_000_000]
    assert data["ejes"][0]["nombre"]
    assert data["url"].startswith("http://") and bank["call"].slug in data["url"]
    assert get(client, api("convocatoria-detail", draft_call.pk)).status_code == 404


def test_execution_updates_show_progress_money_and_photos_without_author(client, bank):
    data = get(client, api("seguimiento-list")).json()["resultados"][0]
    proposal = bank["public"][2]
    assert data["propuesta"] == proposal.pk and data["referencia"] == proposal.reference
    assert (data["estado"], data["estado_etiqueta"], data["avance"]) == ("execution", "En ejecución", 40)
    assert (data["monto_comprometido"], data["monto_ejecutado"]) == (700_000, 300_000)
    assert [photo["texto_alternativo"] for photo in data["fotos"]] == ["Obra, tramo 1", "Obra, tramo 2"]
    assert data["fotos"][0]["url"].startswith("http://testserver/media/seguimiento/")
    assert (data["fotos"][0]["ancho"], data["fotos"][0]["alto"]) == (4, 3)
    assert "author" not in data and "autor" not in data
    filtered = get(client, api("seguimiento-list"), estado="completed").json()
    assert filtered["total"] == 0
    assert get(client, api("seguimiento-list"), propuesta=proposal.pk).json()["total"] == 1
    assert get(client, api("seguimiento-list"), convocatoria=bank["call"].pk + 1000).json()["total"] == 0


# --- Results: only after the close ----------------------------------------------------------------


def test_results_after_the_close_show_winners_votes_and_turnout(client, closed_vote):
    a, b, c = closed_vote["proposals"]
    data = get(client, api("resultado-list")).json()
    assert data["total"] == 1
    result = data["resultados"][0]
    assert result["convocatoria"] == {"id": closed_vote["call"].pk, "titulo": closed_vote["call"].title}
    assert result["territorio"]["id"] == closed_vote["box"].territory_id
    assert result["papeletas"] == 10
    turnout = {row["canal"]: row["papeletas"] for row in result["participacion"]}
    assert turnout == {"online": 6, "code": 0, "paper": 4, "imported": 0}
    assert [w["propuesta"] for w in result["ganadores"]] == [a.pk, b.pk]
    assert result["presupuesto"] == 6_000_000 and result["presupuesto_asignado"] == 5_000_000
    by_id = {p["propuesta"]: p for p in result["proyectos"]}
    assert (by_id[a.pk]["puntaje"], by_id[a.pk]["aprobaciones"], by_id[a.pk]["seleccionado"]) == (6, 6, True)
    assert by_id[c.pk]["seleccionado"] is False and by_id[c.pk]["motivo_etiqueta"]
    assert result["url"].endswith("/resultados/")
    assert get(client, api("resultado-list"), territorio=closed_vote["box"].territory_id + 999).json()["total"] == 0
    assert get(client, api("resultado-list"), convocatoria=closed_vote["call"].pk).json()["total"] == 1


def test_results_are_not_exposed_before_the_close(client):
    call, box, (a, b, c) = make_voting_call(current="voting", hide_counts_until_close=True)
    add_ballots(box, [[a]] * 5, channel="online")
    # Even a stored count (say, from a schedule edited afterwards) stays unpublished while the vote is open.
    BoxResult.objects.create(
        box=box, rule="greedy", budget=1, budget_used=1, ballots_count=5, turnout={"online": 5}, computed_at=timezone.now(),
        projects=[{"id": a.pk, "reference": "", "title": a.title, "cost": 1, "score": 5, "approvals": 5, "selected": True, "round": 1, "reason": "selected"}],
    )
    response = get(client, api("resultado-list"), convocatoria=call.pk)
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert str(a.title) not in response.content.decode()


def test_results_leave_out_proposals_hidden_after_the_count(client, closed_vote):
    a, b, c = closed_vote["proposals"]
    c.hidden = True
    c.save(update_fields=["hidden"])
    result = get(client, api("resultado-list")).json()["resultados"][0]
    assert c.pk not in {p["propuesta"] for p in result["proyectos"]}
    assert c.title not in json.dumps(result, ensure_ascii=False)


# --- Filters: the bank's, exactly -----------------------------------------------------------------

BANK_QUERIES = [
    "",
    "q=ciclovia",
    "q=bicicletas",
    "estado=selected&estado=in_execution",
    "costo=hasta-1m",
    "costo_min=1000000&costo_max=2900000",
    "mapa=1",
    "ejecucion=1",
    "orden=cost_asc",
    "orden=title",
    "orden=supports",
    "anio={year}",
    "territorio={territory}",
    "convocatoria={call}&eje={theme}&orden=oldest",
]


@pytest.mark.parametrize("querystring", BANK_QUERIES)
def test_filters_give_the_same_proposals_as_the_bank(client, bank, querystring):
    call = bank["call"]
    querystring = querystring.format(
        year=timezone.localdate().year,
        territory=bank["public"][1].territory_id,
        call=call.pk,
        theme=bank["public"][0].theme_id,
    )
    query = parse_bank_query(QueryDict(querystring))
    expected = list(get_backend().queryset(query).values_list("pk", flat=True))
    hits = [hit.proposal.pk for hit in get_backend().search(query).hits]
    response = client.get(f"{api('propuesta-list')}?{querystring}")
    assert response.status_code == 200
    assert ids_of(response) == expected == hits
    assert response.json()["total"] == len(expected)


BAD_PROPOSAL_QUERIES = [
    "pagina=0",
    "pagina=-1",
    "pagina=abc",
    "pagina=1.5",
    "por_pagina=0",
    "por_pagina=101",
    "por_pagina=100000000000000000000",
    "convocatoria=abc",
    "eje=-3",
    "territorio=1e3",
    "estado=draft",
    "estado=nada",
    "costo=barato",
    "costo_min=-5",
    "costo_min=10&costo_max=5",
    "costo_max=1e9",
    "orden=random",
    "mapa=tal-vez",
    "q=" + "x" * 10_000,
    "&".join(f"eje={n}" for n in range(1, 60)),
]


@pytest.mark.parametrize("querystring", BAD_PROPOSAL_QUERIES)
def test_malformed_proposal_queries_are_400_in_spanish(client, bank, querystring):
    response = client.get(f"{api('propuesta-list')}?{querystring}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail and isinstance(detail, str)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/resultados/?convocatoria=uno",
        "/api/v1/resultados/?territorio=0",
        "/api/v1/seguimiento/?estado=terminado",
        "/api/v1/seguimiento/?propuesta=-1",
        "/api/v1/ejes/?pagina=0",
        "/api/v1/territorios/?por_pagina=1000",
        "/api/v1/convocatorias/?pagina=%00",
        "/api/v1/ejes/?pagina=10001",
    ],
)
def test_malformed_queries_of_other_lists_are_400(client, bank, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_unknown_ids_are_404_in_spanish(client, bank):
    for url in [
        api("propuesta-detail", 999_999_999),
        "/api/v1/propuestas/abc/",
        "/api/v1/propuestas/99999999999999999999999/",
        api("convocatoria-detail", 999_999_999),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"].startswith("No existe")


def test_unknown_facet_ids_match_nothing(client, bank):
    response = get(client, api("propuesta-list"), convocatoria=999_999_999_999_999)
    assert response.status_code == 200 and response.json()["total"] == 0


# --- Pagination -----------------------------------------------------------------------------------


def test_pagination_links_and_the_page_past_the_end(client, bank):
    first = get(client, api("propuesta-list"), por_pagina=2).json()
    assert (first["total"], first["paginas"], first["pagina"], first["por_pagina"]) == (3, 2, 1, 2)
    assert first["anterior"] is None and "pagina=2" in first["siguiente"]
    second = client.get(first["siguiente"]).json()
    assert len(second["resultados"]) == 1 and second["siguiente"] is None
    assert set(ids_of_json(first) + ids_of_json(second)) == {p.pk for p in bank["public"]}
    past = get(client, api("propuesta-list"), por_pagina=2, pagina=3)
    assert past.status_code == 404
    assert past.json()["detail"] == "La página 3 no existe: la última es la 2."


def ids_of_json(body):
    return [item["id"] for item in body["resultados"]]


def test_an_empty_list_is_an_empty_first_page(client, db):
    response = client.get(api("propuesta-list"))
    assert response.status_code == 200
    assert response.json()["total"] == 0 and response.json()["resultados"] == []
    assert client.get(api("propuesta-list"), {"pagina": 2}).status_code == 404


# --- Rate limits ----------------------------------------------------------------------------------


@pytest.fixture
def low_rates(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    saved = dict(rates)
    rates.update({"anon": "3/min", "user": "5/min"})
    yield
    rates.clear()
    rates.update(saved)


def test_anonymous_clients_are_limited_per_address_with_429(client, bank, low_rates):
    for _ in range(3):
        assert client.get(api("propuesta-list")).status_code == 200
    response = client.get(api("convocatoria-list"))
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Demasiadas solicitudes")
    assert int(response["Retry-After"]) >= 1
    # Another address has its own allowance.
    assert client.get(api("propuesta-list"), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_signed_in_people_have_their_own_higher_limit(client, bank, citizen, low_rates):
    client.force_login(citizen)
    statuses = [client.get(api("eje-list")).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_the_proxy_address_is_not_everyones_address(client, bank, low_rates):
    """Behind the proxy (API_NUM_PROXIES=1) each client is known by the address the proxy saw."""
    for _ in range(3):
        client.get(api("eje-list"), HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert client.get(api("eje-list"), HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="127.0.0.1").status_code == 429
    assert client.get(api("eje-list"), HTTP_X_FORWARDED_FOR="203.0.113.8", REMOTE_ADDR="127.0.0.1").status_code == 200


# --- Queries do not grow with the page ------------------------------------------------------------


def _queries(client, url):
    cache.clear()  # the same cold caches (Wagtail's site paths) for both measurements
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def _grow(endpoint, bank, editor, rows):
    """Add rows until the list of `endpoint` has `rows` items."""
    call = bank["call"]
    if endpoint in ("propuestas", "seguimiento"):
        proposals = list(bank["public"])
        while len(proposals) < rows:
            proposals.append(
                ProposalFactory(call=call, status="in_execution", author=UserFactory(), latitude="6.2", longitude="-75.5")
            )
        visible = ExecutionUpdate.objects.filter(proposal__hidden=False, published_at__lte=timezone.now()).count()
        for proposal in proposals[: max(0, rows - visible)]:
            add_update(proposal, author=editor, photos=1)
    elif endpoint == "convocatorias":
        for _ in range(rows - call.__class__.objects.live().count()):
            make_proposal_call(current="intake", territories=[TerritoryFactory()])
    elif endpoint == "resultados":
        for _ in range(rows - BoxResult.objects.count()):
            vote, box, (first,) = make_voting_call(current="results", proposals=1, territories=[TerritoryFactory()])
            add_ballots(box, [[first]], channel="online")
            tally_box(box)
    elif endpoint == "ejes":
        while Theme.objects.count() < rows:
            index = Theme.objects.count()
            Theme.objects.create(name=f"Eje extra {index}", slug=f"eje-extra-{index}")
    elif endpoint == "territorios":
        for _ in range(rows - Territory.objects.count()):
            TerritoryFactory()


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_queries_are_constant(client, bank, editor, django_assert_num_queries, endpoint):
    url = f"/api/v1/{endpoint}/?por_pagina=100"
    _grow(endpoint, bank, editor, 2)
    expected, small = _queries(client, url)
    assert small.json()["total"] >= 2
    _grow(endpoint, bank, editor, 20)
    cache.clear()
    with django_assert_num_queries(expected):
        large = client.get(url)
    assert large.json()["total"] >= 20


def test_proposal_search_queries_are_constant(client, bank, editor, django_assert_num_queries):
    url = f"{api('propuesta-list')}?q=ciclovia&estado=in_execution&estado=admitted&por_pagina=100"
    expected, small = _queries(client, url)
    _grow("propuestas", bank, editor, 20)
    cache.clear()
    with django_assert_num_queries(expected):
        large = client.get(url)
    assert large.json()["total"] > small.json()["total"]


# --- Documentation and schema -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_documentation_page_lists_every_endpoint(client, user_by_role, role):
    response = get(client, api("docs"), user_by_role[role])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>API de datos abiertos</h1>" in html
    for endpoint in LISTS:
        assert f"GET /api/v1/{endpoint}/" in html
    assert "<caption>Parámetros de /api/v1/propuestas/</caption>" in html
    assert '<th scope="row"><code>costo_min</code></th>' in html
    assert "60/min" in html and "120/min" in html
    assert "cdn" not in html.lower() and "swagger" not in html.lower()


def test_the_schema_is_openapi_json(client, db):
    response = client.get(api("schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json") or response["Content-Type"].startswith(
        "application/json"
    )
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/convocatorias/",
        "/api/v1/convocatorias/{id}/",
        "/api/v1/propuestas/",
        "/api/v1/propuestas/{id}/",
        "/api/v1/resultados/",
        "/api/v1/seguimiento/",
        "/api/v1/ejes/",
        "/api/v1/territorios/",
        "/api/v1/indicadores/",
        "/api/v1/indicadores/{id}/",
        "/api/v1/indicadores/categorias/",
        "/api/v1/indicadores/valores/",
        "/api/v1/planes/",
        "/api/v1/planes/{id}/",
        "/api/v1/planes/elementos/",
    }


def test_unknown_addresses_under_the_api_are_json_404(client, db):
    for url in ["/api/v1/nada/", "/api/v1/propuestas/1.5/", "/api/v1/convocatorias/1/extra/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"].startswith("No existe")
    assert client.get("/api/v1/propuestas").status_code == 301


def test_empty_parameters_count_as_absent_like_on_the_bank_page(client, bank):
    response = client.get("/api/v1/propuestas/?q=&costo_min=&eje=&pagina=&por_pagina=")
    assert response.status_code == 200 and response.json()["total"] == 3
    assert client.get("/api/v1/seguimiento/?propuesta=&pagina=").status_code == 200
