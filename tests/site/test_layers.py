"""The house's layers hold: no app imports one above it, the results engine imports no Django, and
the import graph (top-level and in-function imports alike) has no circle."""

import configparser
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

from convocatorias import routes
from propuestas import extensions

ROOT = Path(__file__).resolve().parents[2]


def _root_packages():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config["importlinter"]["root_packages"].split()


def test_the_import_contracts_are_kept(monkeypatch):
    """`.importlinter`: portal < convocatorias < propuestas < evaluacion | votaciones < banco < home
    < demo, and votaciones.results without Django. A new upward import fails here (and in CI)."""
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True, no_logo=True) == 0


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*_root_packages(), include_external_packages=False)
    assert len(graph.modules) > 100  # the whole house was read
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert _cycles(graph) == [["a.x", "a.y"]]


def test_the_apps_above_registered_their_extensions():
    names = [pattern.name for pattern in routes.patterns()]
    assert {"proposals", "new_proposal", "proposals_feed", "results", "results_zip", "results_download"} <= set(names)
    assert len(names) == len(set(names))
    assert extensions.participation_templates() == [
        "votaciones/includes/my_votes.html",
        "banco/execution/followed.html",
        "avisos/includes/my_follows.html",
    ]


def test_registering_a_call_route_again_replaces_it():
    before = routes.patterns()
    view = before[[pattern.name for pattern in before].index("results_zip")].callback
    routes.register("resultados/todo/zip/", "results_zip", lambda request, call: None)
    try:
        assert len(routes.patterns()) == len(before)
    finally:
        routes._patterns[:] = list(before)
    assert routes.patterns()[[pattern.name for pattern in before].index("results_zip")].callback is view


def test_ensure_roles_command_creates_the_staff_groups(db):
    """A real site gets its staff groups without the demo: `manage.py ensure_roles` (idempotent)."""
    from io import StringIO

    from django.contrib.auth.models import Group
    from django.core.management import call_command

    out = StringIO()
    call_command("ensure_roles", stdout=out)
    call_command("ensure_roles", stdout=out)
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Editors", "Evaluadores", "Moderadores", "Facilitadores", "Coordinación de evaluación"} <= names
    assert "Roles al día." in out.getvalue()
