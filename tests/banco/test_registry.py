"""The registry of projects that did not come through a call: services, pages, bank search,
facets, exports and API with their origin, admin screens per role, and the imports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from banco import registry, registry_import
from banco.models import ExecutionUpdate
from portal.errors import ActionRefused
from portal.roles import ensure_coordinators, ensure_facilitators, ensure_verifiers
from propuestas import rules
from propuestas.models import Proposal, ProposalEvent
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory
from tests.planes.factories import make_plan, make_registry_project, make_tree, registry_data
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

HEADER = "referencia_externa,titulo,origen,eje,territorio,costo,moneda,estado,anio,dependencia,fuente_financiamiento\n"


@pytest.fixture
def catalogue(site):
    theme = ThemeFactory(name="Movilidad", slug="movilidad")
    territory = TerritoryFactory(name="Moderna", kind="colonia", municipality="Torreón")
    TerritoryFactory(name="Popular", kind="comuna", municipality="Medellín")
    return theme, territory


@pytest.fixture
def staff(editor, evaluator, moderator, admin_user, citizen):
    def group_user(email, group):
        user = UserFactory(email=email, is_staff=True)
        user.groups.add(group)
        return user

    return {
        "anonymous": None,
        "citizen": citizen,
        "editor": editor,
        "evaluator": evaluator,
        "moderator": moderator,
        "coordinator": group_user("coordinacion@example.org", ensure_coordinators()),
        "facilitator": group_user("facilitacion@example.org", ensure_facilitators()),
        "verification": group_user("verificacion@example.org", ensure_verifiers()),
        "superuser": admin_user,
    }


def csv_file(text, name="registro.csv", encoding="utf-8"):
    return io.BytesIO(text.encode(encoding))


# --- Services and the project's page -------------------------------------------------------------


def test_register_and_update_keep_history(catalogue, editor):
    project = registry.register_project(actor=editor, data=registry_data(status="selected"))
    assert project.call_id is None and project.origin == "institutional" and project.is_public
    assert project.reference == f"REG-2019-{project.pk:05d}" and project.year == 2019
    assert project.submitted_at.year == 2019 and project.currency == "MXN"
    registry.update_project(project=project, actor=editor, data=registry_data(status="in_execution"), reason="Arrancó la obra")
    events = list(ProposalEvent.objects.filter(proposal=project).values_list("transition", "from_status", "to_status", "reason"))
    assert events == [
        ("register", "", "selected", "Registrado en el banco de proyectos."),
        ("registry_update", "selected", "in_execution", "Arrancó la obra"),
    ]
    with pytest.raises(ActionRefused):
        registry.register_project(actor=editor, data=registry_data())  # the same external reference
    with pytest.raises(ActionRefused):
        registry.register_project(actor=editor, data=registry_data(external_reference="X-1", estimated_cost="mucho"))
    citizen = UserFactory()
    with pytest.raises(ActionRefused):
        registry.register_project(actor=citizen, data=registry_data(external_reference="X-2"))
    assert Proposal.objects.filter(call__isnull=True).count() == 1


def test_a_citizen_proposal_needs_its_call(catalogue):
    from django.db import IntegrityError, transaction

    project = make_registry_project()
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=project.pk).update(origin="citizen")


def test_registry_project_page_has_no_supports_nor_comments(client, catalogue, citizen):
    project = make_registry_project()
    assert not rules.supports_open(project) and not rules.comments_open(project)
    assert not rules.can_withdraw(citizen, project) and not rules.can_review(citizen, project)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Institucional" in page and "Obras Públicas" in page and "BMPI-2019-001" in page
    assert 'id="apoyos"' not in page and "Registrado en el banco de proyectos" in page
    assert "$ 42,000,000" in page


# --- The bank: search, facets, exports, API, statistics -------------------------------------------


@pytest.fixture
def mixed(catalogue):
    call = make_proposal_call()
    citizen_proposal = ProposalFactory(call=call, title="Parque de bolsillo ciudadano")
    project = make_registry_project(title="Ciclovía institucional de la avenida Morelos")
    make_registry_project(external_reference="BIPL-2017-1", origin="local_plan", year="2017", title="Sendero del plan local")
    return citizen_proposal, project


def test_bank_search_facets_and_filter_by_origin(client, mixed):
    citizen_proposal, project = mixed
    response = client.get(reverse("banco:search"))
    assert response.status_code == 200
    assert response.context["results"].total == 3
    origin = next(facet for facet in response.context["facets"] if facet["name"] == "origin")
    counts = {item["value"].value: item["value"].count for item in origin["values"]}
    assert counts == {"citizen": 1, "institutional": 1, "local_plan": 1}
    page = response.content.decode()
    assert "Ciclovía institucional" in page and "Institucional · 2019" in page
    only = client.get(reverse("banco:search"), {"origen": "institutional"})
    assert [hit.proposal.pk for hit in only.context["results"].hits] == [project.pk]
    assert client.get(reverse("banco:search"), {"origen": "marciano"}).status_code == 400
    years = client.get(reverse("banco:search"), {"anio": 2017})
    assert [hit.proposal.title for hit in years.context["results"].hits] == ["Sendero del plan local"]
    text = client.get(reverse("banco:search"), {"q": "morelos"})
    assert [hit.proposal.pk for hit in text.context["results"].hits] == [project.pk]


def test_exports_and_api_carry_the_origin(client, mixed):
    _citizen_proposal, project = mixed
    response = client.get(reverse("banco:download", args=["csv"]), {"origen": "institutional"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert "origen" in header and "dependencia responsable" in header and "referencia externa" in header
    assert "Institucional" in row and "BMPI-2019-001" in row and "Obras Públicas" in row and ",2019," in row
    data = client.get("/api/v1/propuestas/", {"origen": "institutional"}).json()["resultados"]
    assert len(data) == 1
    row = data[0]
    assert row["convocatoria"] is None and row["origen"] == "institutional" and row["anio"] == 2019
    assert row["moneda"] == "MXN" and row["referencia_externa"] == "BMPI-2019-001"
    assert client.get(f"/api/v1/propuestas/{project.pk}/").json()["dependencia_responsable"] == "Obras Públicas"
    json_rows = b"".join(client.get(reverse("banco:download", args=["json"])).streaming_content).decode()
    assert "Plan de desarrollo local" in json_rows and "Convocatoria ciudadana" in json_rows
    xlsx = client.get(reverse("banco:download", args=["xlsx"]))
    assert xlsx.status_code == 200


def test_statistics_count_projects_by_origin(client, mixed):
    response = client.get(reverse("estadisticas:overall"))
    assert response.status_code == 200
    assert "Proyectos por origen" in response.content.decode()


def test_map_lists_located_registry_projects(client, catalogue):
    make_registry_project(latitude="25.54", longitude="-103.41")
    response = client.get(reverse("banco:map"))
    assert response.status_code == 200 and "Ciclovía de la avenida Morelos" in response.content.decode()


def test_bank_page_queries_do_not_grow(client, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = make_proposal_call()
    counts = []
    for size in (1, 15):
        for number in range(size):
            ProposalFactory(call=call)
            make_registry_project(external_reference=f"G-{size}-{number}", title=f"Proyecto {number}")
        client.get(reverse("banco:search"))
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("banco:search"))
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


# --- Admin screens × roles ---------------------------------------------------------------------------

ROLES = ["anonymous", "citizen", "editor", "evaluator", "moderator", "coordinator", "facilitator", "verification", "superuser"]
REGISTRY_STAFF = {"editor", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_registry_screens_per_role(client, staff, catalogue, role):
    project = make_registry_project()
    user = staff[role]
    if user:
        client.force_login(user)
    for url in (
        reverse("registro:index"),
        reverse("registro:add"),
        reverse("registro:edit", args=[project.pk]),
        reverse("registro:import"),
        reverse("registro:import_updates"),
    ):
        response = client.get(url)
        if role in REGISTRY_STAFF:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
    data = {**registry_data(external_reference="NEW-1", title="Nuevo"), "theme": catalogue[0].pk, "territory": catalogue[1].pk}
    client.post(reverse("registro:add"), data)
    assert Proposal.objects.filter(external_reference="NEW-1").exists() == (role in REGISTRY_STAFF)


def test_registry_forms_show_errors_and_save(client, editor, catalogue):
    client.force_login(editor)
    project = make_registry_project()
    data = {**registry_data(), "theme": catalogue[0].pk, "territory": catalogue[1].pk}
    duplicate = client.post(reverse("registro:add"), data)
    assert duplicate.status_code == 400 and "Ya hay un proyecto con la referencia externa" in duplicate.content.decode()
    bad = client.post(reverse("registro:add"), {**data, "external_reference": "N-2", "estimated_cost": "x"})
    assert bad.status_code == 400
    edit = client.post(reverse("registro:edit", args=[project.pk]), {**data, "status": "completed", "reason": "Se entregó"})
    assert edit.status_code == 302
    project.refresh_from_db()
    assert project.status == "completed"
    page = client.get(reverse("registro:edit", args=[project.pk])).content.decode()
    assert "Se entregó" in page
    index = client.get(reverse("registro:index"), {"origen": "institutional", "q": "Morelos"})
    assert "Ciclovía de la avenida Morelos" in index.content.decode()
    # A citizen proposal is not edited through the registry.
    citizen_proposal = ProposalFactory(call=make_proposal_call())
    assert client.get(reverse("registro:edit", args=[citizen_proposal.pk])).status_code == 404


# --- Import of projects --------------------------------------------------------------------------------

GOOD = HEADER + (
    "BMPI-2017-1,Plaza de Armas,estratégico,Movilidad,Moderna,\"18,500,000\",MXN,Terminado,2017,Obras,Propios\n"
    "BIPL-2018-1,Sendero en Popular,plan_local,movilidad,Popular (Medellín),1200000000,COP,en ejecución,2018,Infraestructura,PP\n"
)


def test_import_projects_good_file_and_idempotent(catalogue, editor):
    report = registry_import.import_projects(csv_file(GOOD), actor=editor)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    plaza = Proposal.objects.get(external_reference="BMPI-2017-1")
    assert plaza.origin == "strategic" and plaza.status == "completed" and plaza.estimated_cost == 18_500_000
    assert plaza.year == 2017 and plaza.submitted_at.year == 2017
    assert Proposal.objects.get(external_reference="BIPL-2018-1").registry_currency == "COP"
    again = registry_import.import_projects(csv_file(GOOD), actor=editor)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = registry_import.import_projects(csv_file(GOOD.replace("Terminado", "en ejecución")), actor=editor)
    assert changed.ok and (changed.created, changed.updated) == (0, 1)
    assert Proposal.objects.filter(call__isnull=True).count() == 2
    plaza.refresh_from_db()
    assert plaza.status == "in_execution"
    assert plaza.events.filter(transition="registry_update").exists()


@pytest.mark.parametrize(
    "line, message",
    [
        ("X-1,T,institucional,Cultura,Moderna,100,MXN,Terminado,2019,,", "Eje temático desconocido «Cultura»"),
        ("X-1,T,institucional,Movilidad,Marte,100,MXN,Terminado,2019,,", "Territorio desconocido «Marte»"),
        ("X-1,T,institucional,Movilidad,Moderna,cien,MXN,Terminado,2019,,", "Costo no válido «cien»"),
        ("X-1,T,institucional,Movilidad,Moderna,100.5,MXN,Terminado,2019,,", "Costo no válido"),
        ("X-1,T,institucional,Movilidad,Moderna,100,MXN,Terminado,1850,,", "Año no válido «1850»"),
        ("X-1,T,institucional,Movilidad,Moderna,100,MXN,Quién sabe,2019,,", "Estado desconocido «Quién sabe»"),
        ("X-1,T,marciano,Movilidad,Moderna,100,MXN,Terminado,2019,,", "Origen desconocido «marciano»"),
        ("BMPI-2017-1,T,institucional,Movilidad,Moderna,100,MXN,Terminado,2019,,", "Referencia «BMPI-2017-1» repetida (ya en la línea 2)"),
        (",T,institucional,Movilidad,Moderna,100,MXN,Terminado,2019,,", "Falta la referencia externa"),
        ("X-1,,institucional,Movilidad,Moderna,100,MXN,Terminado,2019,,", "Falta el título"),
        ("X-1,T,institucional,Movilidad,Moderna,100,EUR,Terminado,2019,,", "Moneda desconocida"),
    ],
)
def test_import_projects_refuses_the_whole_file_with_line_numbers(catalogue, editor, line, message):
    text = GOOD.splitlines()[0] + "\n" + GOOD.splitlines()[1] + "\n" + line + "\n"
    report = registry_import.import_projects(csv_file(text), actor=editor)
    assert not report.ok
    assert any(error.startswith("Línea 3: ") and message in error for error in report.errors), report.errors
    assert not Proposal.objects.filter(call__isnull=True).exists()


def test_import_projects_refuses_a_citizen_reference(catalogue, editor):
    proposal = ProposalFactory(call=make_proposal_call(), external_reference="CIUD-1")
    report = registry_import.import_projects(csv_file(HEADER + "CIUD-1,T,institucional,Movilidad,Moderna,1,MXN,Terminado,2019,,\n"), actor=editor)
    assert not report.ok and "propuesta ciudadana" in report.errors[0]
    proposal.refresh_from_db()
    assert proposal.title != "T"


def test_import_projects_files_refused_whole(catalogue, editor, monkeypatch):
    latin = registry_import.import_projects(csv_file(GOOD.replace("Popular", "Pópular"), encoding="latin-1"), actor=editor)
    assert not latin.ok and "UTF-8" in latin.errors[0]
    header = registry_import.import_projects(csv_file("titulo,costo\nA,1\n"), actor=editor)
    assert not header.ok and header.errors[0].startswith("Faltan columnas en el encabezado: referencia_externa")
    empty = registry_import.import_projects(csv_file(""), actor=editor)
    assert not empty.ok and "vacío" in empty.errors[0]
    only_header = registry_import.import_projects(csv_file(HEADER), actor=editor)
    assert not only_header.ok
    not_xlsx = registry_import.import_projects(io.BytesIO(b"PK\x03\x04garbage"), actor=editor)
    assert not not_xlsx.ok and "XLSX" in not_xlsx.errors[0]
    monkeypatch.setattr(registry_import, "MAX_BYTES", 100)
    big = registry_import.import_projects(csv_file(GOOD), actor=editor)
    assert not big.ok and "pesa más de" in big.errors[0]
    assert not Proposal.objects.filter(call__isnull=True).exists()
    citizen = UserFactory()
    assert not registry_import.import_projects(csv_file(GOOD), actor=citizen).ok


def test_import_projects_from_xlsx_with_alignment(catalogue, editor):
    from openpyxl import Workbook

    plan = make_plan(slug="pmd-torreon")
    items = make_tree(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["referencia_externa", "titulo", "origen", "eje", "territorio", "costo", "estado", "anio", "alineacion"])
    sheet.append(["X-9", "Parque lineal", "institutional", "Movilidad", "Moderna", 2500000.0, "selected", 2020, "pmd-torreon:1.1.1; pmd-torreon:2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = registry_import.import_projects(buffer, actor=editor)
    assert report.ok, report.errors
    project = Proposal.objects.get(external_reference="X-9")
    assert project.estimated_cost == 2_500_000
    assert set(project.plan_items.all()) == {items["1.1.1"], items["2"]}
    sheet.append(["X-10", "Otro", "institutional", "Movilidad", "Moderna", 1, "selected", 2020, "pmd-torreon:9.9"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    bad = registry_import.import_projects(buffer, actor=editor)
    assert not bad.ok and bad.errors == ["Línea 3: Elemento de plan desconocido «pmd-torreon:9.9» (use identificador-del-plan:clave)."]


# --- Import of execution updates -----------------------------------------------------------------------

UPDATES = "referencia,estado,avance,comprometido,ejecutado,fecha,texto\n"


def test_import_execution_updates_follows_the_rules_and_is_idempotent(catalogue, editor):
    project = make_registry_project(status="selected")
    text = UPDATES + (
        "BMPI-2019-001,en licitación,0,1000,0,2020-02-01,Se publicó la licitación\n"
        f"{project.reference},en ejecución,40,1000,400,01/06/2020,Avanza la obra\n"
    )
    report = registry_import.import_execution_updates(csv_file(text), actor=editor)
    assert report.ok, report.errors
    assert report.created == 2
    project.refresh_from_db()
    assert project.status == "in_execution"
    assert ExecutionUpdate.objects.filter(proposal=project).count() == 2
    again = registry_import.import_execution_updates(csv_file(text), actor=editor)
    assert again.ok and again.created == 0 and again.unchanged == 2
    assert ExecutionUpdate.objects.filter(proposal=project).count() == 2


@pytest.mark.parametrize(
    "line, message",
    [
        ("NADA-1,en ejecución,10,100,10,2020-01-01,Texto", "No hay ningún proyecto con la referencia «NADA-1»"),
        ("BMPI-2019-001,volando,10,100,10,2020-01-01,Texto", "Estado de ejecución desconocido «volando»"),
        ("BMPI-2019-001,en ejecución,10,100,500,2020-01-01,Texto", "no puede superar el comprometido"),
        ("BMPI-2019-001,en ejecución,120,100,10,2020-01-01,Texto", "entre 0 y 100"),
        ("BMPI-2019-001,en ejecución,10,100,10,el lunes,Texto", "Fecha no válida"),
        ("BMPI-2019-001,en ejecución,10,100,10,2020-01-01,", "el texto es obligatorio"),
    ],
)
def test_import_execution_updates_refuses_bad_lines(catalogue, editor, line, message):
    make_registry_project(status="in_execution")
    text = UPDATES + "BMPI-2019-001,en ejecución,5,100,0,2020-01-01,Primera\n" + line + "\n"
    report = registry_import.import_execution_updates(csv_file(text), actor=editor)
    assert not report.ok
    assert any(error.startswith("Línea 3: ") and message in error for error in report.errors), report.errors
    assert not ExecutionUpdate.objects.exists()


def test_import_execution_updates_needs_a_monitored_project(catalogue, editor):
    make_registry_project(status="submitted")
    report = registry_import.import_execution_updates(csv_file(UPDATES + "BMPI-2019-001,en ejecución,5,100,0,2020-01-01,Texto\n"), actor=editor)
    assert not report.ok and "no está seleccionado" in report.errors[0]


# --- Upload screens and commands ------------------------------------------------------------------------


def test_upload_screens_report_success_and_refusal(client, editor, catalogue):
    client.force_login(editor)
    bad = client.post(reverse("registro:import"), {"file": SimpleUploadedFile("r.csv", (HEADER + "X,T,nada,Movilidad,Moderna,1,MXN,Terminado,2019,,\n").encode())})
    assert bad.status_code == 400 and "Línea 2: " in bad.content.decode() and "no se importó nada" in bad.content.decode()
    good = client.post(reverse("registro:import"), {"file": SimpleUploadedFile("r.csv", GOOD.encode())})
    assert good.status_code == 200 and "2 nuevas" in good.content.decode()
    missing = client.post(reverse("registro:import"), {})
    assert missing.status_code == 400
    updates = client.post(
        reverse("registro:import_updates"),
        {"file": SimpleUploadedFile("a.csv", (UPDATES + "BMPI-2017-1,terminado,100,10,10,2020-01-01,Entregada\n").encode())},
    )
    assert updates.status_code == 200, updates.content.decode()


def test_import_commands(tmp_path, catalogue, admin_user):
    path = tmp_path / "registro.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_registry", str(path), stdout=out)
    assert "2 nuevas" in out.getvalue()
    call_command("import_registry", str(path), stdout=out)
    assert "2 sin cambios" in out.getvalue()
    bad = tmp_path / "malo.csv"
    bad.write_text(HEADER + "X,T,nada,Movilidad,Moderna,1,MXN,Terminado,2019,,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_registry", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    updates = tmp_path / "avances.csv"
    updates.write_text(UPDATES + "BIPL-2018-1,en ejecución,50,100,20,2019-05-01,Va a la mitad\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_execution_updates", str(updates), stdout=out)
    assert "1 nuevas" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_registry", str(tmp_path / "no-existe.csv"))
