"""The public statistics dashboard (banco/estadisticas): the small-group rule, the pages, privacy,
hidden counts during a vote, accessible charts and a constant number of queries."""

import itertools
import random
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from banco.models import ExecutionUpdate
from banco.statistics import (
    MINIMUM_GROUP,
    bar_chart,
    call_dashboard,
    find_call,
    suppress_small_groups,
)
from convocatorias.money import format_money
from propuestas.models import Proposal, Support
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory
from tests.votaciones.factories import make_voting_call
from votaciones.models import Ballot, receipt_fingerprint
from votaciones.services import new_receipt

ROLES = ["anonymous", "citizen", "evaluator", "editor", "moderator", "admin"]


# --- the small-group rule (pure) ---------------------------------------------------------------


def derivable(result):
    """Every number someone can work out from what is published: the shown numbers, and any
    difference between the total (or a sum of shown numbers) and a sum of shown numbers."""
    shown = [count for _key, count in result.groups] + ([result.other] if result.other is not None else [])
    sums = {sum(subset) for size in range(len(shown) + 1) for subset in itertools.combinations(shown, size)}
    values = set(shown)
    if result.total is not None:
        values |= {result.total - s for s in sums}
    values |= {a - b for a in sums for b in sums if a > b}
    return values


def test_all_groups_large_enough_are_shown_as_they_are():
    result = suppress_small_groups({"woman": 12, "man": 15, "other": 10})
    assert result.groups == [("woman", 12), ("man", 15), ("other", 10)]
    assert result.other is None and result.total == 37 and not result.suppressed


def test_one_small_group_takes_the_next_smallest_with_it():
    result = suppress_small_groups({"woman": 12, "man": 15, "non_binary": 9})
    assert result.groups == [("man", 15)]
    assert result.other == 21 and set(result.merged) == {"non_binary", "woman"}
    assert result.total == 36
    assert 9 not in derivable(result) and 12 not in derivable(result)


def test_small_groups_that_add_up_to_the_minimum_are_merged_alone():
    result = suppress_small_groups([("a", 6), ("b", 5), ("c", 20)])
    assert result.groups == [("c", 20)] and result.other == 11 and result.total == 31
    assert not {5, 6} & derivable(result)


def test_small_groups_under_the_minimum_together_take_the_next_smallest():
    result = suppress_small_groups([("a", 3), ("b", 4), ("c", 20), ("d", 30)])
    assert result.groups == [("d", 30)] and result.other == 27
    assert set(result.merged) == {"a", "b", "c"}  # only their sum (27) is published


def test_fewer_people_than_the_minimum_show_nothing_not_even_a_total():
    result = suppress_small_groups({"a": 5, "b": 4})
    assert result.suppressed and result.groups == [] and result.other is None and result.total is None


def test_everything_merged_shows_only_the_total():
    result = suppress_small_groups({"a": 10, "b": 3})
    assert result.total_only and result.other == 13 and result.total == 13
    assert 3 not in derivable(result) and 10 not in derivable(result)


def test_empty_groups_are_left_out_and_negative_counts_refused():
    assert suppress_small_groups({"a": 0, "b": 12}).groups == [("b", 12)]
    assert suppress_small_groups({}).suppressed
    with pytest.raises(ValueError):
        suppress_small_groups({"a": -1})


def test_the_rule_holds_for_many_random_distributions():
    generator = random.Random(20260)
    for _ in range(3000):
        counts = {f"g{i}": generator.choice([0, 1, 2, 5, 9, 10, 11, 14, 30, 80]) for i in range(generator.randint(1, 6))}
        result = suppress_small_groups(counts, minimum=MINIMUM_GROUP)
        total = sum(counts.values())
        if total < MINIMUM_GROUP:
            assert result.suppressed
            continue
        assert result.total == total
        assert all(count >= MINIMUM_GROUP for _key, count in result.groups)
        assert result.total == sum(count for _key, count in result.groups) + (result.other or 0)
        small = [key for key, count in counts.items() if 0 < count < MINIMUM_GROUP]
        if small:
            # Every small group hides inside a merged count of at least two groups and the minimum:
            # no sum or difference of published numbers isolates it.
            assert set(small) <= set(result.merged) and len(result.merged) >= 2
            assert result.other >= MINIMUM_GROUP
        else:
            assert result.other is None


def test_bar_chart_geometry_is_proportional_and_labelled():
    chart = bar_chart(
        "c",
        "Título",
        [{"label": "A", "value": 10, "display": "10"}, {"label": "B", "value": 5, "display": "5", "style": "hatched"},
         {"label": "C", "value": 0, "display": "0"}],
        "Resumen",
    )
    widths = [row["bar_width"] for row in chart["rows"]]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert [row["y"] for row in chart["rows"]] == [0, 44, 88] and chart["height"] == 132
    assert chart["rows"][1]["style"] == "hatched" and chart["description"] == "Resumen"


# --- data helpers ------------------------------------------------------------------------------


def add_ballots(box, count, channel, voters=()):
    voters = list(voters) or [None] * count
    Ballot.objects.bulk_create(
        [Ballot(box=box, channel=channel, voter=voter, fingerprint=receipt_fingerprint(new_receipt())) for voter in voters]
    )


def add_comment(proposal, user, text="Buena idea."):
    from django_comments_xtd.models import XtdComment

    XtdComment(
        content_type=ContentType.objects.get_for_model(Proposal),
        object_pk=str(proposal.pk),
        site_id=1,
        user=user,
        user_name=str(user.public_name),
        user_email=user.email,
        comment=text,
    ).save()


def consenting(count, gender, age_range="30-44", consent=True):
    return [
        UserFactory(demographics_consent=consent, gender=gender, age_range=age_range) for _ in range(count)
    ]


@pytest.fixture
def closed_vote(site):
    """A call whose vote is over (results phase): counts are visible."""
    north, south = TerritoryFactory(name="Norte"), TerritoryFactory(name="Sur")
    call, box, proposals = make_voting_call(
        current="results", territories=[north, south], ceiling=10_000_000, slug="cerrada", hide_counts_until_close=True
    )
    return call, box, proposals, north, south


def page(client, url, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def text_of(response):
    return response.content.decode()


def section(html, section_id):
    match = re.search(rf'<section class="stats-breakdown" id="{section_id}".*?</section>', html, re.S)
    assert match, section_id
    return match.group(0)


def numbers_in(html):
    """The integers written in table cells and chart texts of a fragment."""
    cells = re.findall(r"<(?:td|text)[^>]*>([^<]*)</(?:td|text)>", html)
    numbers = []
    for cell in cells:
        digits = re.sub(r"[\s\u00a0.,]", "", cell)
        if digits.isdigit():
            numbers.append(int(digits))
    return numbers


# --- permissions and lookups -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_both_pages_are_public_for_every_role(client, closed_vote, user_by_role, moderator, role):
    call = closed_vote[0]
    user = moderator if role == "moderator" else user_by_role[role]
    if user is not None:
        client.force_login(user)
    overall = client.get(reverse("estadisticas:overall"))
    by_slug = client.get(reverse("estadisticas:call", kwargs={"key": call.slug}))
    by_id = client.get(reverse("estadisticas:call", kwargs={"key": str(call.pk)}))
    assert overall.status_code == by_slug.status_code == by_id.status_code == 200
    assert call.title in text_of(overall) and call.title in text_of(by_slug)


@pytest.mark.parametrize("key", ["no-existe", "999999", "x" * 300, "%20"])
def test_unknown_call_is_404(client, site, key):
    response = client.get(f"/banco/estadisticas/{key}/")
    assert response.status_code == 404


def test_unpublished_call_is_404(client, closed_vote):
    call = closed_vote[0]
    call.unpublish()
    assert client.get(reverse("estadisticas:call", kwargs={"key": call.slug})).status_code == 404
    assert find_call(call.slug) is None


def test_selector_goes_to_the_call_and_refuses_unknown_values(client, closed_vote):
    call = closed_vote[0]
    url = reverse("estadisticas:overall")
    response = client.get(url, {"convocatoria": call.slug})
    assert response.status_code == 302 and response.url == reverse("estadisticas:call", kwargs={"key": call.slug})
    assert client.get(url, {"convocatoria": str(call.pk)}).status_code == 302
    bad = client.get(url, {"convocatoria": "<script>"})
    assert bad.status_code == 400
    assert "La convocatoria elegida no existe" in text_of(bad) and "<script>" not in text_of(bad)


# --- content -----------------------------------------------------------------------------------


def test_call_page_counts_proposals_supports_comments_ballots_and_budget(client, closed_vote):
    call, box, proposals, north, south = closed_vote
    a, b, c = proposals
    Proposal.objects.filter(pk=a.pk).update(status="in_execution", validated_cost=3_000_000, supports_count=4, comments_count=2)
    Proposal.objects.filter(pk=b.pk).update(status="selected", supports_count=1)
    Proposal.objects.filter(pk=c.pk).update(status="not_selected")
    ProposalFactory(call=call, territory=south, status="completed", estimated_cost=2_500_000)
    ProposalFactory(call=call, territory=south, status="admitted", hidden=True)  # never counted
    ProposalFactory(call=call, territory=south, status="withdrawn")  # never counted
    ProposalFactory(call=call, territory=south, status="draft", reference=None)  # never counted
    ExecutionUpdate.objects.create(proposal=a, status="execution", progress=20, spent_amount=500_000, text="Inicio",
                                   published_at=timezone.now() - timezone.timedelta(days=10))
    ExecutionUpdate.objects.create(proposal=a, status="execution", progress=50, spent_amount=1_200_000, text="Avance",
                                   published_at=timezone.now() - timezone.timedelta(days=2))
    ExecutionUpdate.objects.create(proposal=a, status="execution", progress=60, spent_amount=None, text="Sin montos",
                                   published_at=timezone.now() - timezone.timedelta(days=1))
    voter = UserFactory()
    add_ballots(box, 1, "online", voters=[voter])
    add_ballots(box, 3, "code")
    add_ballots(box, 2, "paper")
    html = text_of(client.get(reverse("estadisticas:call", kwargs={"key": call.slug})))

    status_html = section(html, "proposals-status")
    assert "En ejecución" in status_html and "Terminada" in status_html and "Retirada" not in status_html
    assert sum(numbers_in(re.search(r"<tbody>.*?</tbody>", status_html, re.S).group(0))) == 4
    channel_html = section(html, "ballots-channel")
    for label, count in [("En línea", 1), ("Código de taller", 3), ("Papel", 2), ("Importada", 0)]:
        assert re.search(rf"<th scope=\"row\">{label}</th><td class=\"num\">{count}</td>", channel_html)
    territory_html = section(html, "ballots-territory")
    assert re.search(r'<th scope="row">Norte</th><td class="num">6</td>', territory_html)
    assert re.search(r'<th scope="row">Sur</th><td class="num">0</td>', territory_html)
    # Allocated: 3.000.000 (validated) + 3.000.000 (b's estimate) in Norte, 2.500.000 in Sur;
    # executed: the latest update that reports a spent amount (1.200.000), not the sum of updates.
    assert format_money(6_000_000, call.currency) in html and format_money(2_500_000, call.currency) in html
    assert format_money(1_200_000, call.currency) in html and format_money(1_700_000, call.currency) not in html
    assert format_money(20_000_000, call.currency) in html  # the two ceilings together
    # Participants: the proposals' authors (4 public ones) and the online voter.
    people = re.search(r'<span class="figure__value">(\d+)</span> <span class="figure__label">personas participantes', html)
    assert people and int(people.group(1)) == 5
    assert "Datos actualizados a las" in html


def test_participants_of_a_call_count_each_person_once_and_not_staff(client, closed_vote, editor):
    call, box, proposals, *_ = closed_vote
    author = proposals[0].author
    supporter = UserFactory()
    Support.objects.create(proposal=proposals[0], user=supporter)
    Support.objects.create(proposal=proposals[1], user=supporter)
    Support.objects.create(proposal=proposals[0], user=author)
    add_comment(proposals[1], supporter)
    add_comment(proposals[1], editor)  # staff: not counted
    add_ballots(box, 1, "online", voters=[author])
    dashboard = call_dashboard(call)
    assert dashboard["people"]["count"] == 3 + 1  # three authors and the supporter


def test_overall_page_counts_registered_people_and_all_calls(client, closed_vote):
    call, box, proposals, *_ = closed_vote
    UserFactory(verified=False)  # email not confirmed: not counted
    UserFactory(is_active=False)  # not counted
    add_ballots(box, 2, "paper")
    html = text_of(client.get(reverse("estadisticas:overall")))
    people = re.search(r'<span class="figure__value">(\d+)</span> <span class="figure__label">personas registradas', html)
    assert people and int(people.group(1)) == 3  # the three authors
    assert re.search(r'<th scope="row">Papel</th><td class="num">2</td>', section(html, "ballots-channel"))
    assert f'href="{reverse("estadisticas:call", kwargs={"key": call.slug})}"' in html


def test_ballot_counts_are_hidden_while_the_vote_hides_them(client, site):
    hidden_call, box, proposals = make_voting_call(current="voting", hide_counts_until_close=True, slug="oculta")
    shown_call, shown_box, _shown = make_voting_call(current="voting", hide_counts_until_close=False, slug="visible")
    voters = [UserFactory() for _ in range(3)]
    add_ballots(box, 3, "online", voters=voters)
    add_ballots(box, 4, "code")
    add_ballots(shown_box, 5, "paper")
    html = text_of(client.get(reverse("estadisticas:call", kwargs={"key": hidden_call.slug})))
    assert "oculta los conteos de la votación hasta su cierre" in html
    assert 'id="ballots-channel"' not in html and 'id="ballots-territory"' not in html
    assert "papeleta" not in re.search(r'<ul class="figures">.*?</ul>', html, re.S).group(0)
    people = re.search(r'<span class="figure__value">(\d+)</span> <span class="figure__label">personas participantes', html)
    assert int(people.group(1)) == 3  # the authors; not the three voters
    # The overall page leaves the hidden call's ballots out.
    overall = text_of(client.get(reverse("estadisticas:overall")))
    assert re.search(r'<th scope="row">Papel</th><td class="num">5</td>', section(overall, "ballots-channel"))
    assert re.search(r'<th scope="row">Código de taller</th><td class="num">0</td>', section(overall, "ballots-channel"))
    assert "Una convocatoria oculta los conteos" in overall
    shown = text_of(client.get(reverse("estadisticas:call", kwargs={"key": shown_call.slug})))
    assert re.search(r'<th scope="row">Papel</th><td class="num">5</td>', section(shown, "ballots-channel"))


# --- demographics ------------------------------------------------------------------------------


def test_a_group_of_nine_never_appears_not_even_by_subtraction(client, closed_vote):
    call, _box, proposals, *_ = closed_vote
    people = (
        consenting(12, "woman", "18-29")
        + consenting(15, "man", "30-44")
        + consenting(9, "non_binary", "45-59")
        + consenting(6, "non_binary", "60+", consent=False)  # did not consent: never counted
    )
    for person in people:
        Support.objects.create(proposal=proposals[0], user=person)
    for url in (reverse("estadisticas:call", kwargs={"key": call.slug}), reverse("estadisticas:overall")):
        html = text_of(client.get(url))
        gender = section(html, "people-gender")
        assert "No binario" not in gender and "Mujer" not in gender  # the 9 and the next smallest, merged
        assert re.search(r'<th scope="row">Hombre</th><td class="num">15</td>', gender)
        assert re.search(r'<th scope="row">Otros / grupos de menos de 10</th><td class="num">21</td>', gender)
        assert re.search(r'<th scope="row">Total</th><td class="num">36</td>', gender)
        age = section(html, "people-age")
        assert "De 45 a 59 años" not in age and "60 años o más" not in age
        for fragment in (gender, age):
            shown = numbers_in(fragment)
            assert 9 not in shown and 6 not in shown
            values = {a - b for a in shown for b in shown} | set(shown)
            assert 9 not in values
        assert "Personas" in gender and '<th scope="col">Género</th>' in gender


def test_too_few_consenting_people_show_no_demographics(client, closed_vote):
    call, _box, proposals, *_ = closed_vote
    for person in consenting(7, "woman"):
        Support.objects.create(proposal=proposals[0], user=person)
    html = text_of(client.get(reverse("estadisticas:call", kwargs={"key": call.slug})))
    gender = section(html, "people-gender")
    assert "Menos de 10 personas dieron su consentimiento" in gender and "<table" not in gender
    assert "Mujer" not in gender


def test_demographics_are_never_crossed_with_ballots_or_territories(closed_vote):
    call = closed_vote[0]
    dashboard = call_dashboard(call)
    assert set(dashboard["people"]) == {"count", "gender", "age"}
    assert "people" not in dashboard["ballots"] and "people" not in dashboard["budget"]


# --- accessibility and formatting --------------------------------------------------------------


def test_charts_have_role_title_desc_and_a_table_after_them(client, closed_vote):
    call, box, *_ = closed_vote
    add_ballots(box, 2, "paper")
    for url in (reverse("estadisticas:call", kwargs={"key": call.slug}), reverse("estadisticas:overall")):
        html = text_of(client.get(url))
        charts = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
        assert len(charts) >= 4
        for chart in charts:
            assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
            title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', chart).groups()
            assert f'id="{title_id}"' in chart and f'id="{desc_id}"' in chart
            assert re.search(r"<desc[^>]*>[^<]*\d", chart)  # the description carries the numbers
        for section_id in ("proposals-status", "proposals-theme", "proposals-territory", "ballots-channel"):
            fragment = section(html, section_id)
            assert fragment.index("<svg") < fragment.index("<table")
            assert "<caption>" in fragment and 'scope="col"' in fragment and 'scope="row"' in fragment
        assert html.count("<h1") == 1


def test_numbers_are_formatted_for_spanish_and_english(client, closed_vote):
    call, _box, proposals, *_ = closed_vote
    Proposal.objects.filter(pk=proposals[0].pk).update(supports_count=1234)
    url = reverse("estadisticas:call", kwargs={"key": call.slug})
    spanish = text_of(client.get(url))
    with translation.override("es"):
        from django.contrib.humanize.templatetags.humanize import intcomma

        expected_es = intcomma(1234)
    assert expected_es != "1234" and expected_es in spanish
    client.cookies["django_language"] = "en"
    english = text_of(client.get(url))
    assert "1,234" in english


def test_the_dashboard_is_cached_per_call_and_language(closed_vote, django_assert_num_queries):
    call = find_call(closed_vote[0].slug)
    first = call_dashboard(call)
    with django_assert_num_queries(0):
        assert call_dashboard(call)["computed_at"] == first["computed_at"]
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        call_dashboard(call)
    assert len(queries) > 0
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        call_dashboard(call)
    assert len(queries) > 0


# --- constant queries --------------------------------------------------------------------------


def populate(call, box, territories, size):
    """`size` public proposals with supports, comments, ballots and execution updates."""
    themes = list(call.themes.all())
    statuses = ["admitted", "selected", "in_execution", "completed", "not_selected"]
    people = [UserFactory(demographics_consent=True, gender="woman", age_range="18-29") for _ in range(size)]
    for index in range(size):
        proposal = ProposalFactory(
            call=call,
            territory=territories[index % len(territories)],
            theme=themes[0],
            status=statuses[index % len(statuses)],
            author=people[index],
        )
        Support.objects.create(proposal=proposal, user=people[(index + 1) % size])
        add_comment(proposal, people[(index + 2) % size])
        ExecutionUpdate.objects.create(proposal=proposal, status="execution", progress=10, spent_amount=1000 + index, text="x")
    add_ballots(box, size, "online", voters=people)
    add_ballots(box, size, "paper")


@pytest.mark.parametrize("name", ["call", "overall"])
def test_query_count_is_the_same_with_few_and_many_rows(client, site, name):
    counts = []
    for size, slug in ((2, "pocas"), (20, "muchas")):
        territories = [TerritoryFactory(), TerritoryFactory()]
        call, box, _proposals = make_voting_call(current="results", territories=territories, slug=slug, proposals=1)
        populate(call, box, territories, size)
        url = reverse("estadisticas:call", kwargs={"key": call.slug}) if name == "call" else reverse("estadisticas:overall")
        client.get(url)  # sessions, content types… warmed up
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
        with CaptureQueriesContext(connection) as cached:
            client.get(url)
        assert len(cached) < len(queries)
    assert counts[0] == counts[1], counts


def test_call_page_query_count_is_fixed(client, closed_vote, django_assert_num_queries):
    call, box, proposals, north, south = closed_vote
    url = reverse("estadisticas:call", kwargs={"key": call.slug})
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    populate(call, box, [north, south], 20)
    cache.clear()
    with django_assert_num_queries(len(small)):
        client.get(url)


# --- demo --------------------------------------------------------------------------------------


def test_seed_demographics_is_idempotent_and_spares_the_demo_accounts(db):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from demo.demographics import MINIMUM_PEOPLE, seed_demographics
    from demo.management.commands.seed_demo import Tally

    User = get_user_model()
    citizen = User.objects.create_user(email="ciudadana@participa.test", password="participa-demo-2026")
    voter = User.objects.create_user(email="votante001.centro@participa.test", password=None)
    first = Tally()
    seed_demographics(first)
    consenting_people = User.objects.filter(demographics_consent=True)
    assert User.objects.filter(email__startswith="participante-").count() == MINIMUM_PEOPLE - 1
    assert first.created == MINIMUM_PEOPLE - 1
    genders = {}
    for gender in consenting_people.values_list("gender", flat=True):
        genders[gender] = genders.get(gender, 0) + 1
    assert max(genders.values()) >= MINIMUM_GROUP and min(genders.values()) < MINIMUM_GROUP
    voter.refresh_from_db()
    assert voter.gender and EmailAddress.objects.filter(user=voter, verified=True).exists()
    citizen.refresh_from_db()
    assert citizen.check_password("participa-demo-2026") and not citizen.gender and not citizen.demographics_consent
    second = Tally()
    seed_demographics(second)
    assert second.created == second.updated == 0 and second.unchanged == MINIMUM_PEOPLE
    assert User.objects.count() == MINIMUM_PEOPLE + 1

