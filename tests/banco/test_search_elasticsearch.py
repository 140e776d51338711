"""Site search on a real Elasticsearch 8 server: runs only when ELASTICSEARCH_URL is set."""

import os

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.convocatorias.factories import make_call, schedule_around
from tests.portal.factories import make_guide

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL no está definido"),
    pytest.mark.django_db,
]

BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX": "participa-test",
        "TIMEOUT": 10,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
}


def test_search_pages_through_elasticsearch(client, site):
    with override_settings(WAGTAILSEARCH_BACKENDS=BACKENDS):
        make_call(title="Presupuesto Participativo de Medellín", phases=schedule_around())
        make_guide(title="El Banco Municipal de Proyectos de Inversión")
        call_command("update_index", stdout=open(os.devnull, "w"))
        response = client.get(reverse("search"), {"q": "Medellín"})
        html = response.content.decode()
        assert "Presupuesto Participativo de Medellín" in html
        assert "Banco Municipal" not in html
