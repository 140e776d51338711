"""The engine on its own: ``python -m votaciones.results`` with Django made unimportable."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from votaciones.results.cli import main

ROOT = Path(__file__).resolve().parents[2]
ASSEN = ROOT.parent / "shared" / "pabulib" / "Netherlands_Assen_2024.pb"
SMALL = """META
key;value
budget;10
vote_type;approval
rule;greedy
max_sum_cost;10
num_votes;3
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
# Django (and so wagtail and the platform's apps) cannot be imported: any import fails.
NO_DJANGO = (
    "import runpy, sys\n"
    "for name in ('django', 'wagtail', 'portal', 'propuestas', 'convocatorias'):\n"
    "    sys.modules[name] = None\n"
    "sys.argv = ['votaciones.results'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('votaciones.results', run_name='__main__', alter_sys=True)\n"
    "finally:\n"
    "    assert not any(m.startswith('django') and sys.modules[m] for m in sys.modules)\n"
)


def standalone(*args):
    return subprocess.run([sys.executable, "-c", NO_DJANGO, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_the_package_imports_without_django():
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\nimport votaciones.results, votaciones.results.cli\n"
         "assert 'django' not in sys.modules, 'django imported'\n"
         "assert 'wagtail' not in sys.modules\nprint('ok')"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_tally_json_without_django(small):
    done = standalone("tally", str(small), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["rule"] == "greedy" and data["selected"] == ["1", "3"] and data["cost"] == 10
    # a: 1 + 2 cost 13 > max_sum_cost 10, counted and reported
    assert data["anomalies"] == [
        {"kind": "max_sum_cost", "message": data["anomalies"][0]["message"], "count": 1,
         "lines": [15]},
        # num_votes is declared, num_projects is not: a missing PROJECTS row could go unseen
        {"kind": "undeclared-count", "count": 0, "lines": [],
         "message": "META no declara num_projects: no se puede comprobar que el fichero esté "
                    "completo"},
    ]


def test_tally_readable_reports_the_anomalies(small):
    done = standalone("tally", str(small), "--rule", "equalshares/add1")
    assert done.returncode == 0, done.stderr
    assert "Regla: equalshares/add1" in done.stdout
    assert "Aviso: votos que suman más coste que max_sum_cost" in done.stdout
    assert "(1 votos; líneas 15)" in done.stdout
    assert "Coste total:" in done.stdout


def test_strict_refuses_in_one_line(small, tmp_path):
    done = standalone("tally", str(small), "--strict")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "línea 15: el voto suma 13 de coste y el máximo es 10 (lectura estricta)" in done.stderr
    # every ballot within the rules, but META does not say how many projects there are
    within = tmp_path / "within.pb"
    within.write_text(SMALL.replace("max_sum_cost;10", "max_sum_cost;13"), encoding="utf-8")
    done = standalone("tally", str(within), "--strict")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert ("línea 1: META no declara num_projects: no se puede comprobar que el fichero esté "
            "completo (lectura estricta)") in done.stderr


def test_check_exit_status(small):
    done = standalone("check", str(small))
    assert done.returncode == 0 and "Coinciden: sí" in done.stdout
    done = standalone("check", str(small), "--rule", "greedy-no-skip")
    assert done.returncode == 1
    assert "Coinciden: no" in done.stdout and "Solo en el fichero: 3" in done.stdout


@pytest.mark.parametrize(
    "change, message",
    [
        (("1;6;Uno;1", "1;-6;Uno;1"), "línea 10: el coste del proyecto «1» debe ser positivo"),
        (("budget;10", "budget;1e400"), "línea 3: budget no es un número"),
        (("num_votes;3", "num_votes;4"), "línea 7: META dice num_votes = 4"),
        (("c;2\n", "c;9\n"), "línea 17: el voto menciona el proyecto «9»"),
        (("rule;greedy", "rule;borda"), "no declara una regla conocida"),
    ],
)
def test_bad_input_is_one_spanish_line_and_a_non_zero_exit(tmp_path, change, message):
    path = tmp_path / "bad.pb"
    path.write_text(SMALL.replace(*change), encoding="utf-8")
    for command in ("tally", "check"):
        done = standalone(command, str(path))
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
        assert message in done.stderr


def test_missing_file_unknown_rule_and_bad_arguments(tmp_path, small):
    for argv, message in (
        (["tally", str(tmp_path / "nada.pb")], "no existe el fichero"),
        (["tally", str(small), "--rule", "borda"], "regla desconocida"),
        (["sum", str(small)], "argumentos incorrectos"),
        ([], "argumentos incorrectos"),
        (["tally", str(tmp_path)], "no se puede leer"),
    ):
        out, err = StringIO(), StringIO()
        assert main(argv, stdout=out, stderr=err) == 2, argv
        assert message in err.getvalue() and err.getvalue().count("\n") == 1


def test_real_file_without_django():
    if not ASSEN.exists():
        pytest.skip("shared pabulib files not available")
    done = standalone("check", str(ASSEN))
    assert done.returncode == 0, done.stderr
    assert "Coinciden: sí" in done.stdout


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    """``python -m votaciones.results tally FILE | head -1``: the pipe closes before the report
    is written; the command ends quietly (status 1), without a traceback."""
    big = tmp_path / "big.pb"
    text = ASSEN.read_text(encoding="utf-8")
    big.write_text(text, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "votaciones.results", "tally", str(big)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the command writes
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in errors and errors == ""
