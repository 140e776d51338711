"""The API against its own OpenAPI schema: the schema is valid OpenAPI 3, and schemathesis fuzzes
every operation through the WSGI application (valid and invalid inputs) on demo-like data: no
500s, documented status codes and content types, bodies that match the schema.

Deterministic (derandomized, no example database) and bounded: MAX_EXAMPLES per operation and mode.
The rate limits are off here (the fuzzing sends hundreds of requests); tests/banco/test_api.py tests them.
"""

import datetime as dt

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from drf_spectacular.validation import validate_schema as validate_openapi
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from propuestas.models import ProposalGroup
from tests.propuestas.factories import ProposalFactory, make_proposal_call
from tests.votaciones.factories import make_voting_call
from tests.banco.test_api import add_ballots, add_update
from votaciones.tally import tally_box

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/esquema/"
MAX_EXAMPLES = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def demo(db, editor):
    """Some of everything: a call with public and non-public proposals, updates, a counted vote."""
    call = make_proposal_call(current="supports", title="Presupuesto Participativo 2026")
    group = ProposalGroup.objects.create(name="Colectivo Bici Norte")
    proposals = [
        ProposalFactory(call=call, status="admitted", title="Ciclovía segura en la avenida"),
        ProposalFactory(call=call, status="selected", group=group, validated_cost=1_200_000, latitude="6.25", longitude="-75.56"),
        ProposalFactory(call=call, status="in_execution", title="Alumbrado del parque"),
        ProposalFactory(call=call, status="completed", estimated_cost=40_000_000),
        ProposalFactory(call=call, status="withdrawn"),
        ProposalFactory(call=call, status="admitted", hidden=True),
    ]
    add_update(proposals[2], author=editor, photos=1, committed_amount=900_000, spent_amount=100_000)
    add_update(proposals[3], author=editor, status="completed", progress=100, start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 3, 1))
    vote, box, (a, b, c) = make_voting_call(current="results", ceiling=6_000_000, costs=[2_000_000, 3_000_000, 4_000_000])
    add_ballots(box, [[a, b]] * 3, channel="online")
    add_ballots(box, [[c]] * 2, channel="paper")
    tally_box(box)
    return {"call": call, "vote": vote}


@pytest.fixture
def no_rate_limits(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    saved = dict(rates)
    rates.update({"anon": None, "user": None})
    yield
    rates.update(saved)


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI application, keeping the test's database connection open between
    requests (as Django's test client does: the handler would close it after each one)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_schema_is_valid_openapi_3(client, db):
    schema = client.get(SCHEMA_URL).json()
    validate_openapi(schema)
    assert schema["openapi"].startswith("3.0")
    assert schema["info"]["title"] == "Participa: API de datos abiertos"
    operations = [(path, method) for path, item in schema["paths"].items() for method in item]
    assert {method for _path, method in operations} == {"get"}
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        assert "200" in responses and "429" in responses, path
        assert responses["429"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    proposals = {p["name"]: p for p in schema["paths"]["/api/v1/propuestas/"]["get"]["parameters"]}
    assert {"q", "convocatoria", "anio", "eje", "territorio", "estado", "costo", "costo_min", "costo_max", "orden", "pagina", "por_pagina"} <= set(proposals)
    assert proposals["por_pagina"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert "draft" not in proposals["estado"]["schema"]["items"]["enum"]
    listed = schema["components"]["schemas"]["PaginatedProposalList"]
    assert set(listed["required"]) >= {"total", "resultados", "siguiente"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_survives_fuzzing(demo, no_rate_limits, wsgi_app, mode):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app)
    # Not `negative_data_rejection`: like the bank's page, the API reads an empty parameter
    # (`?costo_min=`, what an HTML form sends) as absent, where the schema says "integer".
    checks = CHECKS
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 15  # 8 + the indicators' categories, catalogue (list, one) and values + the plans (list, one) and their items
    for operation in operations:

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def fuzz(case):
            case.call_and_validate(checks=checks)

        fuzz()
