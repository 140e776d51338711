"""Deep pages of long lists: the deferred-join paginator gives exactly the pages an OFFSET would,
for every ordering and filter of the proposal list, in the same number of queries at any depth.
(Its speed is measured by benchmarks/proposals.py: deep pages within twice page 1.)"""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from portal.pagination import DeferredJoinPaginator
from propuestas import selectors
from propuestas.models import Proposal
from tests.propuestas.factories import ProposalFactory, make_proposal_call


@pytest.fixture
def long_call(db):
    call = make_proposal_call(current="supports")
    territories = [item.territory for item in call.territories.all()]
    for number in range(47):
        proposal = ProposalFactory(call=call, territory=territories[number % 2])
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=number % 5, comments_count=number % 3)
    return call


@pytest.mark.parametrize("ordering", list(selectors.ORDERINGS))
@pytest.mark.parametrize("territory", [False, True])
def test_every_page_is_the_page_offset_pagination_gives(long_call, ordering, territory):
    filters = selectors.ProposalFilters(ordering=ordering, seed=12345)
    if territory:
        filters.territory = long_call.territories.first().territory_id
    queryset = selectors.call_proposals(long_call, filters)
    plain, deferred = Paginator(queryset, 10), DeferredJoinPaginator(queryset, 10)
    assert deferred.num_pages == plain.num_pages > 1
    for number in plain.page_range:
        assert [p.pk for p in deferred.page(number)] == [p.pk for p in plain.page(number)]


def test_a_deep_page_takes_the_queries_of_the_first(long_call):
    queryset = selectors.call_proposals(long_call, selectors.ProposalFilters())
    paginator = DeferredJoinPaginator(queryset, 5)
    counts = []
    for number in (1, paginator.num_pages):
        with CaptureQueriesContext(connection) as queries:
            list(paginator.page(number))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_page_reads_the_page_ids_inside_its_query(client, long_call):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(long_call.proposals_url + "?pagina=3")
    assert response.status_code == 200
    page_query = [q["sql"] for q in queries if "LIMIT" in q["sql"] and '"propuestas_proposal"."id" IN (SELECT' in q["sql"]]
    assert page_query, "the page's rows are read by their ids (deferred join)"


def test_other_object_lists_are_paged_as_usual():
    paginator = DeferredJoinPaginator(list(range(25)), 10)
    assert list(paginator.page(3)) == [20, 21, 22, 23, 24]
