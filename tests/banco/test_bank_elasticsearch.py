"""The Elasticsearch backend without a server: request bodies, response parsing, index updates.

The same behaviour against a real cluster is in test_bank_search_contract.py (ELASTICSEARCH_URL);
the last tests of this file also need one and are skipped otherwise.
"""

import os
from unittest import mock

import pytest
from django.http import QueryDict
from django.test import override_settings

from banco.search import get_backend, parse_bank_query
from propuestas.search_text import SPANISH_STOP_WORDS
from banco.search.elastic import (
    ElasticsearchBackend,
    build_search,
    index_body,
    results_from_response,
    similar_search,
    to_document,
)
from tests.banco.factories import make_bank

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")


def q(string=""):
    return parse_bank_query(QueryDict(string))


def test_index_has_the_spanish_analyzer_with_the_shared_stop_words():
    body = index_body()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["bank_spanish"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding", "bank_spanish_stop", "bank_spanish_stemmer"],
    }
    assert analysis["filter"]["bank_spanish_stop"] == {"type": "stop", "stopwords": list(SPANISH_STOP_WORDS)}
    assert analysis["filter"]["bank_spanish_stemmer"] == {"type": "snowball", "language": "Spanish"}
    properties = body["mappings"]["properties"]
    assert properties["title"] == {"type": "text", "analyzer": "bank_spanish"}
    assert properties["status"] == {"type": "keyword"} and properties["sort_title"] == {"type": "keyword"}
    assert body["mappings"]["dynamic"] == "strict"


def test_search_without_filters():
    assert build_search(q()).to_dict() == {
        "query": {"match_all": {}},
        "aggs": {
            facet: {"filter": {"match_all": {}}, "aggs": {"values": {"terms": {"field": field, "size": 500}}}}
            for facet, field in (
                ("origin", "origin"),
                ("call", "call"),
                ("year", "year"),
                ("theme", "theme"),
                ("territory", "territory"),
                ("status", "status"),
                ("cost", "cost_range"),
            )
        },
        "sort": [{"submitted_at": {"order": "desc", "missing": "_last"}}, {"id": "desc"}],
        "_source": False,
        "from": 0,
        "size": 20,
        "track_total_hits": True,
    }


def test_faceted_text_search_uses_post_filter_and_filtered_aggregations():
    body = build_search(q("q=bicicletas&eje=3&estado=admitted&estado=selected&mapa=1&costo_min=5&pagina=2&por_pagina=10")).to_dict()
    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "multi_match": {
                        "query": "bicicletas",
                        "fields": ["title^3", "summary^2", "problem", "solution"],
                        "type": "cross_fields",
                        "operator": "and",
                        "zero_terms_query": "all",
                    }
                }
            ],
            "filter": [{"range": {"cost": {"gte": 5}}}, {"term": {"has_location": True}}],
        }
    }
    theme, status = {"terms": {"theme": [3]}}, {"terms": {"status": ["admitted", "selected"]}}
    assert body["post_filter"] == {"bool": {"filter": [theme, status]}}
    assert body["aggs"]["theme"]["filter"] == {"bool": {"filter": [status]}}
    assert body["aggs"]["status"]["filter"] == {"bool": {"filter": [theme]}}
    assert body["aggs"]["call"]["filter"] == {"bool": {"filter": [theme, status]}}
    assert body["sort"] == ["_score", {"id": "desc"}]
    assert (body["from"], body["size"]) == (10, 10)
    assert body["highlight"] == {
        "fields": {"title": {}, "summary": {}},
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "number_of_fragments": 0,
    }


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("cost_asc", [{"cost": "asc"}, {"id": "asc"}]),
        ("supports", [{"supports": "desc"}, {"id": "desc"}]),
        ("title", [{"sort_title": "asc"}, {"id": "asc"}]),
        ("relevance", [{"submitted_at": {"order": "desc", "missing": "_last"}}, {"id": "desc"}]),
    ],
)
def test_sorts_break_ties_by_id(sort, expected):
    assert build_search(q(f"orden={sort}")).to_dict()["sort"] == expected


def test_pages_past_the_result_window_ask_for_nothing():
    body = build_search(q("pagina=200&por_pagina=100")).to_dict()
    assert body["size"] == 0 and body["from"] == 0


def test_more_like_this_for_similar_proposals():
    assert similar_search("parque con árboles", call=3, exclude=9, limit=4).to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": ["title", "summary", "problem", "solution"],
                            "like": "parque con árboles",
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 30,
                            "minimum_should_match": "1",
                        }
                    }
                ],
                "filter": [{"term": {"call": 3}}],
                "must_not": [{"ids": {"values": ["9"]}}],
            }
        },
        "sort": ["_score", {"id": "desc"}],
        "_source": False,
        "size": 4,
    }


@pytest.mark.django_db
def test_a_response_becomes_results_with_safe_highlights_and_only_public_proposals(site):
    bank = make_bank()
    bici, parque = bank.p["bicicletas"], bank.p["parque"]
    response = {
        "hits": {
            "total": {"value": 3, "relation": "eq"},
            "hits": [
                {"_id": str(bici.pk), "_score": 2.5, "highlight": {"title": ["<mark>Bicicletas</mark> públicas en el centro"]}},
                {"_id": str(bank.hidden.pk), "_score": 2.0},  # hidden since it was indexed
                {"_id": str(parque.pk), "_score": 1.0},
            ],
        },
        "aggregations": {
            "call": {"doc_count": 3, "values": {"buckets": [{"key": bank.call_a.pk, "doc_count": 3}]}},
            "year": {"doc_count": 3, "values": {"buckets": [{"key": 2026, "doc_count": 2}, {"key": 2025, "doc_count": 1}]}},
            "theme": {"doc_count": 3, "values": {"buckets": [{"key": bank.theme_a.pk, "doc_count": 2}]}},
            "territory": {"doc_count": 3, "values": {"buckets": []}},
            "status": {"doc_count": 3, "values": {"buckets": [{"key": "selected", "doc_count": 1}]}},
            "cost": {"doc_count": 3, "values": {"buckets": [{"key": "1m-10m", "doc_count": 1}]}},
        },
    }
    query = q(f"q=bicicletas&convocatoria={bank.call_a.pk}")
    results = results_from_response(query, response)
    assert [hit.proposal.pk for hit in results.hits] == [bici.pk, parque.pk]
    assert results.total == 3
    assert results.hits[0].highlights["title"] == "<mark>Bicicletas</mark> públicas en el centro"
    assert results.hits[0].highlights["summary"] == "Estaciones de préstamo de <mark>bicicletas</mark> junto al metro."
    assert results.hits[0].score == 2.5
    call = results.facets["call"][0]
    assert (call.value, call.label, call.count, call.selected) == (str(bank.call_a.pk), "Convocatoria A", 3, True)
    assert [(value.value, value.count) for value in results.facets["year"]] == [("2026", 2), ("2025", 1)]
    assert results.facets["status"][0].label == "Seleccionada"


@pytest.mark.django_db
def test_documents_carry_what_the_facets_and_sorts_need(site):
    bank = make_bank()
    document = to_document(bank.p["bicicletas"])
    assert document["cost"] == 4_000_000 and document["cost_range"] == "1m-10m"
    assert document["year"] == 2026 and document["has_location"] is True
    assert document["location"] == {"lat": 6.25, "lon": -75.56}
    assert document["sort_title"] == "bicicletas publicas en el centro"


@pytest.mark.django_db
def test_every_change_of_a_proposal_queues_an_index_update_after_commit(site, django_capture_on_commit_callbacks):
    with override_settings(ELASTICSEARCH_URL="http://elasticsearch.invalid:9200"):
        with mock.patch.object(ElasticsearchBackend, "update") as update:
            with django_capture_on_commit_callbacks(execute=True):
                bank = make_bank()
            assert update.call_count >= 9
            update.reset_mock()
            deleted = bank.p["parque"].pk
            with django_capture_on_commit_callbacks(execute=True):
                bank.p["parque"].delete()
            update.assert_called_once_with(deleted)
            update.reset_mock()
            from propuestas.signals import send_proposal_changed as proposal_changed

            with django_capture_on_commit_callbacks(execute=True):
                proposal_changed(bank.p["huerto"].pk)
            update.assert_called_once_with(bank.p["huerto"].pk)


@pytest.mark.django_db
def test_a_failing_elasticsearch_never_breaks_a_save(site, django_capture_on_commit_callbacks):
    with override_settings(ELASTICSEARCH_URL="http://elasticsearch.invalid:9200"):
        with mock.patch.object(ElasticsearchBackend, "update", side_effect=ConnectionError("caído")):
            with django_capture_on_commit_callbacks(execute=True):
                bank = make_bank()
                bank.p["parque"].title = "Parque nuevo"
                bank.p["parque"].save()
    bank.p["parque"].refresh_from_db()
    assert bank.p["parque"].title == "Parque nuevo"


@pytest.mark.django_db
def test_without_elasticsearch_nothing_is_queued(site, django_capture_on_commit_callbacks):
    with override_settings(ELASTICSEARCH_URL=None):
        with django_capture_on_commit_callbacks() as callbacks:
            make_bank()
    from banco.tasks import update_bank_index

    assert not [callback for callback in callbacks if "update_bank_index" in repr(callback)]
    assert update_bank_index.call(proposal_id=1) is False


# --- Against a real cluster -----------------------------------------------------------------------

needs_cluster = pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL no está definido")


@needs_cluster
@pytest.mark.django_db
def test_rebuild_and_follow_changes_on_a_real_cluster(site, django_capture_on_commit_callbacks):
    with override_settings(ELASTICSEARCH_URL=ELASTICSEARCH_URL, BANK_SEARCH_INDEX="participa-banco-test"):
        backend = get_backend("elasticsearch")
        bank = make_bank()
        assert backend.rebuild() == 6
        backend.refresh()
        assert backend.search(q("q=huerto")).total == 1
        with django_capture_on_commit_callbacks(execute=True):
            bank.p["huerto"].hidden = True
            bank.p["huerto"].save()
        backend.refresh()
        assert backend.search(q("q=huerto")).total == 0
