"""Issue 19: real pabulib files read as published. Declared thresholds under every rule, anomalies
counted and reported (or refused with strict), exact decimal money, truncated files refused."""

import json

import pytest

from votaciones.results import PabulibError, compute, declared_rule, parse_pabulib

BASE = """META
key;value
budget;{budget}
vote_type;{vote_type}
rule;{rule}
{meta}PROJECTS
project_id;cost;name{columns}
{projects}VOTES
voter_id;vote{points}
{votes}"""


def pb(votes="a;1,2\nb;1\nc;3\n", *, budget="100", vote_type="approval", rule="greedy", meta="",
       projects="1;40;Uno\n2;30;Dos\n3;50;Tres\n", columns="", points=None):
    points = points if points is not None else (";points" if vote_type == "cumulative" else "")
    return BASE.format(budget=budget, vote_type=vote_type, rule=rule, meta=meta, columns=columns,
                       projects=projects, points=points, votes=votes)


# -- 1. every META field that changes the outcome ------------------------------------------------


@pytest.mark.parametrize("rule", ["greedy", "greedy-no-skip", "equalshares", "equalshares/add1",
                                  "equalshares/add1u", "equalshares/add1-comparison"])
def test_the_declared_threshold_applies_whatever_the_rule(rule):
    # scores: 1 -> 2, 2 -> 1, 3 -> 1; threshold 2: only project 1 may win
    election = parse_pabulib(pb(rule=rule, meta="min_project_score_threshold;2\n"))
    assert declared_rule(election) in (rule, "greedy-threshold")
    outcome = compute(election, declared_rule(election))
    assert outcome.selected == ["1"]
    assert outcome.projects["2"].reason == "below-threshold"
    assert outcome.details["threshold"] == 2
    without = compute(parse_pabulib(pb(rule=rule)), rule)
    assert without.projects["2"].reason != "below-threshold"


def test_greedy_no_skip_with_threshold_stops_only_on_the_budget():
    # scores 1 -> 3, 2 -> 2 (under 3? no: threshold 2), 3 -> 1 (under)
    text = pb("a;1,2,3\nb;1,2\nc;1\n", rule="greedy-no-skip",
              meta="min_project_score_threshold;2\n", projects="1;40;a\n2;70;b\n3;10;c\n")
    outcome = compute(parse_pabulib(text), "greedy-no-skip")
    assert outcome.selected == ["1"]
    assert outcome.projects["2"].reason == "does-not-fit"
    assert outcome.projects["3"].reason == "below-threshold"


@pytest.mark.parametrize("field", ["leftover_budget", "default_score", "scoring_fn"])
def test_a_field_the_engine_cannot_apply_is_refused_by_name(field):
    with pytest.raises(PabulibError, match=f"línea 6: el campo «{field}» de META cambia el"):
        parse_pabulib(pb(meta=f"{field};1\n"))
    parse_pabulib(pb(meta=f"{field};0\n"))  # a neutral value changes nothing


# -- 2. real files as published -------------------------------------------------------------------


def test_ballots_over_max_sum_cost_are_counted_and_reported():
    text = pb("a;1,2\nb;1,3\nc;3\nd;2,3\n", meta="max_sum_cost;75\n")
    election = parse_pabulib(text)
    [anomaly, undeclared] = election.anomalies  # (this short file declares no counts)
    assert (anomaly.kind, undeclared.kind) == ("max_sum_cost", "undeclared-count")
    assert anomaly.lines == (15, 17)  # b (40 + 50) and d (30 + 50)
    outcome = compute(election, "greedy")
    assert outcome.selected == ["3", "2"]  # 3 has 3 votes; 1 and 2 have 2, 2 is cheaper
    assert outcome.as_dict()["anomalies"][0]["count"] == 2
    assert "2 votos; líneas 15, 17" in outcome.anomalies[0].text()
    with pytest.raises(PabulibError, match="línea 15: el voto suma 90 .*lectura estricta"):
        parse_pabulib(text, strict=True)


def test_a_project_listed_twice_counts_once_and_points_add_up():
    election = parse_pabulib(pb("a;1,1,2\nb;2\nc;3\n"))
    assert election.ballots[0].projects == ("1", "2")
    assert election.scores() == {"1": 1, "2": 2, "3": 1}
    assert election.anomalies[0].kind == "repeated-project"
    cumulative = parse_pabulib(pb("a;1,2,1;2,1,3\n", vote_type="cumulative",
                                  meta="max_sum_points;10\n"))
    assert cumulative.ballots[0].projects == ("1", "2")
    assert cumulative.ballots[0].points == (5, 1)


def test_money_with_decimals_is_exact_in_minor_units():
    text = pb("a;1,2\nb;2,3\nc;3\n", budget="102533.36",
              projects="1;50000.5;a\n2;52532.86;b\n3;1000;c\n", meta="max_sum_cost;110000,00\n")
    election = parse_pabulib(text)
    assert election.money_scale == 100
    assert election.budget == 10253336
    assert [p.cost for p in election.projects.values()] == [5000050, 5253286, 100000]
    assert election.max_sum_cost == 11000000
    outcome = compute(election, "greedy")
    assert outcome.selected == ["3", "2"]  # 2 votes each: the cheaper first
    assert outcome.cost == 5353286
    assert outcome.as_dict()["cost"] == "53532.86"
    # 1 would need 50000.50 and 102533.36 - 53532.86 = 49000.50 are left: exactly 1 short
    assert outcome.projects["1"].remaining_budget == 4900050
    assert json.loads(json.dumps(outcome.as_dict()))["cost"] == "53532.86"


@pytest.mark.parametrize("budget", ["1e400", "1E5", "inf", "nan", "-5", "1000000000000000",
                                    "10.1234567", "0x10"])
def test_impossible_budgets_are_refused_with_the_line(budget):
    with pytest.raises(PabulibError, match="línea 3: "):
        parse_pabulib(pb(budget=budget))


def test_a_negative_or_impossible_cost_is_refused():
    with pytest.raises(PabulibError, match="línea 8: el coste del proyecto «1» .*positivo"):
        parse_pabulib(pb(projects="1;-40;Uno\n2;30;Dos\n3;50;Tres\n"))
    with pytest.raises(PabulibError, match="línea 8: el coste del proyecto «1» no es un número"):
        parse_pabulib(pb(projects="1;4e1;Uno\n2;30;Dos\n3;50;Tres\n"))


# -- 3. truncated files ---------------------------------------------------------------------------


def test_a_file_cut_at_a_line_boundary_is_refused():
    text = pb(meta="num_votes;4\nnum_projects;3\n")
    with pytest.raises(PabulibError, match="línea 6: META dice num_votes = 4 pero la sección "
                                           "VOTES tiene 3 votos"):
        parse_pabulib(text)
    assert len(parse_pabulib(text.replace("num_votes;4", "num_votes;3")).ballots) == 3


def test_a_missing_projects_row_is_refused():
    text = pb(meta="num_projects;3\n", projects="1;40;Uno\n2;30;Dos\n")
    with pytest.raises(PabulibError, match="línea 6: META dice num_projects = 3 pero la sección "
                                           "PROJECTS tiene 2 proyectos"):
        parse_pabulib(text)
    # without num_projects, the ballot that names the missing project gives it away
    with pytest.raises(PabulibError, match="línea 14: el voto menciona el proyecto «3»"):
        parse_pabulib(pb(projects="1;40;Uno\n2;30;Dos\n"))



def test_a_file_that_does_not_declare_its_counts_is_reported_or_refused_when_strict():
    """Without num_votes / num_projects (both required by the format) a cut file cannot be
    told from a whole one: the reader counts it and says so; --strict refuses it."""
    election = parse_pabulib(pb())
    assert [(a.kind, a.message, a.count) for a in election.anomalies] == [
        ("undeclared-count", "META no declara num_projects ni num_votes: no se puede comprobar "
                             "que el fichero esté completo", 0)]
    assert compute(election, "greedy").as_dict()["anomalies"][0]["kind"] == "undeclared-count"
    only_votes = parse_pabulib(pb(meta="num_projects;3\n"))
    assert [a.message for a in only_votes.anomalies] == [
        "META no declara num_votes: no se puede comprobar que el fichero esté completo"]
    assert parse_pabulib(pb(meta="num_projects;3\nnum_votes;3\n")).anomalies == []
    with pytest.raises(PabulibError, match="línea 1: META no declara num_projects ni num_votes: "
                                           "no se puede comprobar que el fichero esté completo "
                                           r"\(lectura estricta\)"):
        parse_pabulib(pb(), strict=True)
    with pytest.raises(PabulibError, match="META no declara num_votes"):
        parse_pabulib(pb(meta="num_projects;3\n"), strict=True)


# -- 6. caps and exclusive groups from files ------------------------------------------------------


def test_caps_per_neighbourhood_as_in_amsterdam():
    text = pb("a;1,2,3\nb;1,2\nc;1\n", budget="200",
              meta="neighborhoods;Norte,Sur\nbudget_per_neighborhood;60,1000\n",
              columns=";neighborhood", projects="1;40;a;Norte\n2;30;b;Norte\n3;50;c;Sur\n")
    election = parse_pabulib(text)
    assert election.category_caps == {"neighborhood:Norte": (60, ("1", "2")),
                                      "neighborhood:Sur": (1000, ("3",))}
    for rule in ("greedy", "equalshares/add1"):
        outcome = compute(election, rule)
        assert set(outcome.selected) == {"1", "3"}, rule
        assert outcome.projects["2"].reason == "over-cap"


def test_caps_need_names_and_a_column():
    with pytest.raises(PabulibError, match="«budget_per_category» tiene 2 topes pero «categories» "
                                           "nombra 1"):
        parse_pabulib(pb(meta="categories;x\nbudget_per_category;1,2\n", columns=";category",
                         projects="1;40;Uno;x\n2;30;Dos;x\n3;50;Tres;x\n"))
    with pytest.raises(PabulibError, match="PROJECTS no tiene la columna «category»"):
        parse_pabulib(pb(meta="categories;x\nbudget_per_category;1\n"))


def test_exclusive_groups_from_a_projects_column():
    text = pb("a;1,2\nb;1,2\nc;2,3\n", rule="greedy-exclusive", columns=";exclusive_group",
              projects="1;40;Plaza A;plaza\n2;30;Plaza B;plaza\n3;20;Otro;\n")
    election = parse_pabulib(text)
    assert election.exclusive_groups == (("1", "2"),)
    assert declared_rule(election) == "greedy-exclusive"
    outcome = compute(election, "greedy-exclusive")
    assert outcome.selected == ["2", "3"]
    assert outcome.projects["1"].reason == "excluded"
    assert compute(election, "equalshares/add1").projects["1"].reason == "excluded"


def test_greedy_exclusive_without_groups_is_refused():
    with pytest.raises(Exception, match="greedy-exclusive necesita grupos"):
        compute(parse_pabulib(pb(rule="greedy-exclusive")), "greedy-exclusive")
