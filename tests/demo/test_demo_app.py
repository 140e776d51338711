"""The `demo` app: installed by the development and test settings only, the top layer (no other
app imports it), its editorial text in data files."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo import content

ROOT = Path(__file__).resolve().parents[2]


def installed_apps(settings_module, **env):
    """INSTALLED_APPS of `settings_module`, read in a fresh interpreter (settings are imported
    once per process), with the modules that importing the settings loaded."""
    code = (
        "import importlib, json, sys\n"
        f"module = importlib.import_module({settings_module!r})\n"
        "print(json.dumps([module.INSTALLED_APPS, sorted(sys.modules)]))\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **env}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION_ENV = {
    "SECRET_KEY": "test-only-production-check",
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "sqlite:////tmp/participa-settings-check.sqlite3",
}


def test_production_settings_do_not_install_or_import_demo():
    apps, modules = installed_apps("portal.settings.production", **PRODUCTION_ENV)
    assert "demo" not in apps
    assert not [name for name in modules if name == "demo" or name.startswith("demo.")]


def test_base_settings_do_not_install_demo():
    apps, _modules = installed_apps("portal.settings.base")
    assert "demo" not in apps


@pytest.mark.parametrize("settings_module", ["portal.settings.dev", "portal.settings.test"])
def test_development_and_test_settings_install_demo(settings_module):
    apps, _modules = installed_apps(settings_module)
    assert apps.count("demo") == 1


def _imported_modules(tree):
    """Every module an AST imports, at the top or inside functions, and every name given to
    importlib.import_module / __import__."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def lower_apps():
    """Every first-party package but demo itself, the tests and the benchmarks."""
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"demo", "tests", "benchmarks"}
    )


def test_the_lower_apps_are_found():
    assert {"portal", "convocatorias", "propuestas", "votaciones", "banco", "home"} <= set(lower_apps())


@pytest.mark.parametrize("app", lower_apps())
def test_no_app_imports_demo(app):
    offenders = []
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in _imported_modules(tree):
            if module == "demo" or module.startswith("demo."):
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []


def test_base_and_production_settings_do_not_name_demo():
    """Only the dev and test settings add the app; base and production do not."""
    for name in ("base.py", "production.py"):
        text = (ROOT / "portal" / "settings" / name).read_text(encoding="utf-8")
        assert '"demo"' not in text and "'demo'" not in text, name


# --- the data files ---------------------------------------------------------------------------


def test_every_data_file_is_read():
    """No file under demo/data is left unused: each one feeds the content."""
    files = sorted(str(path.relative_to(content.DATA)) for path in content.DATA.rglob("*.yaml"))
    read = {"site.yaml", "themes.yaml", "territories.yaml", "capsules.yaml", "guides.yaml", "people.yaml"}
    read |= {"proposals.yaml", "concluded_vote.yaml", "open_vote.yaml", "evaluations.yaml", "execution.yaml"}
    read |= {"indicators.yaml", "workshops.yaml", "notifications.yaml", "plans.yaml"}
    read |= {f"calls/{path.name}" for path in (content.DATA / "calls").glob("*.yaml")}
    assert set(files) == read
    assert len(content.CALLS) == len(list((content.DATA / "calls").glob("*.yaml"))) == 5


def test_block_shorthand_gives_raw_streamfield_blocks():
    assert content.block({"heading": "Calendario"}) == {
        "type": "heading",
        "value": {"text": "Calendario", "level": "h2"},
    }
    assert content.block({"heading": "Detalle", "level": "h3"})["value"]["level"] == "h3"
    assert content.block({"list": ["uno", "dos"], "ordered": True, "intro": "Pasos:"}) == {
        "type": "paragraph",
        "value": "<p>Pasos:</p><ol><li>uno</li><li>dos</li></ol>",
    }
    assert content.block({"paragraph": "<p>Texto</p>"}) == {"type": "paragraph", "value": "<p>Texto</p>"}
    assert content.block({"quote": "Cita"}) == {"type": "quote", "value": "Cita"}


def test_loaded_structures_keep_their_shapes():
    """Territories are tuples (the command's lookup keys); proposal dates are (phase, days, hour)."""
    assert all(isinstance(account.get("territory", ()), tuple) for account in content.ACCOUNTS)
    assert all(isinstance(person["territory"], tuple) for person in content.PARTICIPANTS)
    for spec in content.PROPOSALS:
        assert isinstance(spec["territory"], tuple)
        moment = spec.get("submitted") or spec["created"]
        assert isinstance(moment[0], str) and isinstance(moment[1], int) and isinstance(moment[2], int)
    assert all(isinstance(key, tuple) for key in content.VOTED_BALLOTS)
    assert sum(ceiling for _key, ceiling in content.MEDELLIN_CALL["territories"]) == content.MEDELLIN_PP_TOTAL
    for spec in content.EVALUATIONS:
        for scored in spec["evaluations"].values():
            if scored is not None:
                assert len(scored["scores"]) == len(content.CRITERIA)
