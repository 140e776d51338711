"""tally_pabulib and pabulib_check: readable output, JSON, clean errors (no database needed)."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
PABULIB = ROOT.parent / "shared" / "pabulib"
ASSEN = PABULIB / "Netherlands_Assen_2024.pb"
SMALL = """META
key;value
budget;10
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name;selected
1;6;Uno;1
2;7;Dos;0
3;4;Tres;1
VOTES
voter_id;vote
a;1,2
b;1,3
c;2
"""


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_tally_json(small):
    assert json.loads(run("tally_pabulib", str(small), "--json")) == {
        "rule": "greedy", "selected": ["1", "3"], "cost": 10,
        "anomalies": [{"kind": "undeclared-count", "count": 0, "lines": [],
                       "message": "META no declara num_projects ni num_votes: no se puede "
                                  "comprobar que el fichero esté completo"}],
    }
    data = json.loads(run("tally_pabulib", str(small), "--rule", "equalshares", "--json"))
    assert data["rule"] == "equalshares"


def test_tally_readable(small):
    text = run("tally_pabulib", str(small), "--rule", "equalshares/add1")
    assert "Regla: equalshares/add1" in text
    assert "Proyectos seleccionados" in text
    assert "Coste total:" in text


def test_tally_real_file_auto_rule():
    if not ASSEN.exists():
        pytest.skip("shared pabulib files not available")
    data = json.loads(run("tally_pabulib", str(ASSEN), "--json"))
    assert data["rule"] == "equalshares/add1"
    assert len(data["selected"]) == 9


def test_check_match_and_mismatch(small):
    assert "Coinciden: sí" in run("pabulib_check", str(small))
    out = StringIO()
    with pytest.raises(CommandError, match="no reproduce"):
        call_command("pabulib_check", str(small), "--rule", "greedy-no-skip", stdout=out)
    assert "Coinciden: no" in out.getvalue()
    assert "Solo en el fichero: 3" in out.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (SMALL.replace("a;1,2", "a;1,9"), "línea 13: el voto menciona el proyecto «9»"),
        (SMALL.replace("VOTES\n", ""), "falta la sección VOTES"),
        (SMALL.replace("rule;greedy", "rule;unknown"), "no declara una regla conocida"),
    ],
)
def test_bad_files_are_command_errors(tmp_path, content, message):
    path = tmp_path / "bad.pb"
    path.write_text(content, encoding="utf-8")
    for command in ("tally_pabulib", "pabulib_check"):
        with pytest.raises(CommandError, match=message):
            run(command, str(path))


def test_missing_file_and_unknown_rule(small, tmp_path):
    with pytest.raises(CommandError, match="no existe el fichero"):
        run("tally_pabulib", str(tmp_path / "nada.pb"))
    with pytest.raises(CommandError, match="regla desconocida"):
        run("tally_pabulib", str(small), "--rule", "borda")


def test_check_needs_a_selected_column(tmp_path):
    path = tmp_path / "nosel.pb"
    path.write_text(SMALL.replace(";selected", "").replace(";1\n", "\n").replace(";0\n", "\n"), encoding="utf-8")
    with pytest.raises(CommandError, match="selected"):
        run("pabulib_check", str(path))


def test_exit_code_one_and_no_traceback(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text(SMALL.replace("1;6;Uno;1", "1;-6;Uno;1"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "tally_pabulib", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "línea 8" in done.stderr


def test_anomalies_are_reported_and_strict_refuses(tmp_path):
    path = tmp_path / "knapsack.pb"
    path.write_text(SMALL.replace("rule;greedy", "rule;greedy\nmax_sum_cost;10\nnum_projects;3\n"
                                  "num_votes;3"), encoding="utf-8")
    text = run("tally_pabulib", str(path))
    assert "Aviso: votos que suman más coste que max_sum_cost" in text
    assert "(1 votos; líneas 16)" in text
    assert json.loads(run("tally_pabulib", str(path), "--json"))["anomalies"][0]["lines"] == [16]
    with pytest.raises(CommandError, match="línea 16: el voto suma 13 .*lectura estricta"):
        run("tally_pabulib", str(path), "--strict")
    with pytest.raises(CommandError, match="lectura estricta"):
        run("pabulib_check", str(path), "--strict")
    # the same file without its counts: reported, and refused by --strict before any ballot
    path.write_text(SMALL, encoding="utf-8")
    assert "Aviso: META no declara num_projects ni num_votes" in run("tally_pabulib", str(path))
    with pytest.raises(CommandError, match="línea 1: META no declara num_projects"):
        run("tally_pabulib", str(path), "--strict")
