"""Reading and writing pabulib files: all vote types, decimals, quoting, errors with line numbers."""

from fractions import Fraction

import pytest

from votaciones.results import PabulibError, compute, parse_pabulib, write_pabulib

HEAD = "META\nkey;value\nbudget;{budget}\nvote_type;{vote_type}\n{meta}PROJECTS\nproject_id;cost;name\n"


def pb(votes, *, budget="100", vote_type="approval", meta="", projects=None, votes_header=None):
    projects = projects or "1;40;Uno\n2;30;\"Dos; con punto y coma\"\n3;50,0;Tres\n"
    header = votes_header or ("voter_id;vote;points" if "points" in meta or vote_type in ("cumulative", "scoring") else "voter_id;vote")
    return HEAD.format(budget=budget, vote_type=vote_type, meta=meta) + projects + "VOTES\n" + header + "\n" + votes


def test_approval_file_with_quotes_and_decimal_comma():
    election = parse_pabulib(pb("a;1,2\nb;2\nc;\n"))
    assert election.projects["2"].name == "Dos; con punto y coma"
    assert election.projects["3"].cost == 50
    assert [b.projects for b in election.ballots] == [("1", "2"), ("2",), ()]
    assert election.scores() == {"1": 1, "2": 2, "3": 0}


def test_cumulative_and_choose_one():
    election = parse_pabulib(pb("a;1,2;3,1.5\n", vote_type="cumulative", meta="max_sum_points;5\n"))
    assert election.ballots[0].points == (3, Fraction(3, 2))
    assert election.scores()["2"] == Fraction(3, 2)
    election = parse_pabulib(pb("a;1\nb;3\n", vote_type="choose-1"))
    assert compute(election, "greedy").selected == ["1", "3"]  # tie: lower cost first


def test_knapsack_limit():
    with pytest.raises(PabulibError, match="línea 13: el voto suma 90"):
        parse_pabulib(pb("a;1,3\n", meta="max_sum_cost;80\n"), strict=True)


@pytest.mark.parametrize(
    "text, message",
    [
        (pb("a;1,9\n"), "línea 12: el voto menciona el proyecto «9»"),
        (pb("a;1\na;2\n"), "línea 13: el votante «a» está repetido"),
        (pb("a;1\n", projects="1;-5;x\n"), "línea 7: el coste del proyecto «1» debe ser positivo"),
        (pb("a;1\n", projects="1;abc;x\n"), "línea 7: el coste .* no es un número"),
        (pb("a;1\n", projects="1;500;x\n"), "línea 7: el proyecto «1» cuesta 500, más que el presupuesto"),
        (pb("a;1\n", projects="1;5;x\n1;6;y\n"), "línea 8: el proyecto «1» está repetido"),
        (pb("a;1\n", projects="1;5\n"), "línea 7: la línea tiene 2 campos"),
        (pb("a;1,2;3\n", vote_type="cumulative"), "línea 12: el voto tiene 2 proyectos pero 1 puntuaciones"),
        (pb("a;1\n", budget="0"), "línea 3: el presupuesto debe ser positivo"),
        (pb("a;1\n", budget="mucho"), "línea 3: budget no es un número"),
        (pb("a;1\n", vote_type="ordinal"), "línea 4: tipo de voto no admitido"),
        (pb("a;1\n", votes_header="voter;vote"), "línea 11: la cabecera de VOTES no tiene la columna «voter_id»"),
        (pb("a;1\n", vote_type="cumulative", votes_header="voter_id;vote"), "necesitan la columna «points»"),
        (pb(""), "línea 10: la votación no tiene votos"),
        ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n", "falta la sección VOTES"),
        ("PROJECTS\nproject_id;cost\n", "falta la sección META"),
        ("budget;10\n", "línea 1: el fichero debe empezar por la sección META"),
        ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\n",
         "línea 1: META no tiene «budget»"),
        (pb('a;"1\n'), "CSV mal formado"),
        ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
         "línea 4: la sección PROJECTS está vacía"),
    ],
)
def test_malformed_files_name_the_line(text, message):
    with pytest.raises(PabulibError, match=message):
        parse_pabulib(text)
    with pytest.raises(PabulibError, match=message):
        parse_pabulib(text, strict=True)


@pytest.mark.parametrize(
    "text, message",
    [
        (pb("a;1,1\n"), "línea 12: el voto repite el proyecto «1»"),
        (pb("a;1,2;3,3\n", vote_type="cumulative", meta="max_sum_points;5\n"), "línea 13: el voto reparte 6"),
        (pb("a;1,2\n", meta="max_length;1\n"), "línea 13: el voto elige 2 proyectos y el máximo es 1"),
        (pb("a;1,2\n", vote_type="choose-1"), "línea 12: un voto de tipo choose-1"),
    ],
)
def test_rule_breaking_ballots_are_refused_only_when_strict(text, message):
    with pytest.raises(PabulibError, match=message + ".*lectura estricta"):
        parse_pabulib(text, strict=True)
    election = parse_pabulib(text)
    # (these short files declare no num_votes / num_projects: reported too, without lines)
    ballots = [a for a in election.anomalies if a.kind != "undeclared-count"]
    assert len(ballots) == 1
    assert ballots[0].lines == (int(message.split()[1].rstrip(":")),)

def test_error_carries_the_line_number():
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(pb("a;1\nb;7\n"))
    assert caught.value.line == 13


@pytest.mark.parametrize("vote_type", ["approval", "cumulative"])
def test_write_then_read_gives_the_same_election(vote_type):
    text = pb("a;1,2;3,1\nb;3;2\n" if vote_type == "cumulative" else "a;1,2\nb;3\n",
              vote_type=vote_type, meta="min_length;1\n")
    election = parse_pabulib(text)
    again = parse_pabulib(write_pabulib(election, selected=["1"]))
    assert again.projects.keys() == election.projects.keys()
    assert [p.cost for p in again.projects.values()] == [p.cost for p in election.projects.values()]
    assert again.ballots == [type(b)(b.projects, b.points, b.voter_id) for b in election.ballots]
    assert again.min_length == 1 and again.budget == 100
    assert again.projects["1"].extra["selected"] == "1"


def test_utf8_bom_and_crlf(tmp_path):
    from votaciones.results import read_pabulib

    path = tmp_path / "f.pb"
    path.write_bytes(("\ufeff" + pb("a;1\n")).replace("\n", "\r\n").encode("utf-8"))
    assert read_pabulib(path).ballots[0].projects == ("1",)
    path.write_bytes(b"META\nkey;value\nbudget;\xff\n")
    with pytest.raises(PabulibError, match="UTF-8"):
        read_pabulib(path)
