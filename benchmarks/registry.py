"""The registry's import and the bank with registry projects (a throwaway SQLite database).

    .venv/bin/python benchmarks/registry.py [--rows 5000]

Migrates a new SQLite file in a temporary directory, adds a theme, 21 territories and a staff
account, writes `--rows` synthetic registry projects (generated, no real data) to a CSV and
measures, through `banco.registry_import.import_projects` (the code of the command and the admin):

- the first import (every line new) and a second import of the same file (every line unchanged:
  idempotent), wall time and peak memory;
- the bank page's and the plans page's query counts with 10 and with `--rows` registry projects
  (target: the same).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    rows = parser.parse_args().rows
    directory = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from banco.registry_import import import_projects
    from convocatorias.models import Territory, Theme
    from django.contrib.auth import get_user_model

    call_command("migrate", verbosity=0, interactive=False)
    Theme.objects.create(name="Movilidad", slug="movilidad")
    for number in range(1, 22):
        Territory.objects.create(name=f"Comuna {number}", code=f"{number:02d}", kind="comuna", municipality="Medellín")
    staff = get_user_model().objects.create_user(email="bench@example.org", password="x", is_staff=True, is_superuser=True)

    def write(path, count):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("referencia_externa,titulo,origen,eje,territorio,costo,moneda,estado,anio,dependencia\n")
            for n in range(count):
                handle.write(
                    f"BIPL-{n:06d},Proyecto de demostración {n},plan_local,Movilidad,Comuna {n % 21 + 1},"
                    f"{1_000_000 + n},COP,Terminado,{2017 + n % 9},Planeación\n"
                )

    def queries(client, url):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context.captured_queries)

    client = Client()
    small = Path(directory) / "small.csv"
    write(small, 10)
    with open(small, "rb") as stream:
        assert import_projects(stream, actor=staff).ok
    few = (queries(client, "/banco/"), queries(client, "/banco/?origen=local_plan"), queries(client, "/planes/"))

    path = Path(directory) / "registry.csv"
    write(path, rows)
    started = time.perf_counter()
    with open(path, "rb") as stream:
        report = import_projects(stream, actor=staff)
    first = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    started = time.perf_counter()
    with open(path, "rb") as stream:
        again = import_projects(stream, actor=staff)
    second = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    many = (queries(client, "/banco/"), queries(client, "/banco/?origen=local_plan"), queries(client, "/planes/"))
    print(f"import of {rows:,} registry lines: {first:.1f} s ({report.created:,} new)")
    print(f"second import of the same file: {second:.1f} s ({again.unchanged:,} unchanged, {again.created} new)")
    print(f"peak memory: {peak:.0f} MB")
    print(f"queries (bank, bank by origin, plans page) with 10 projects: {few}; with {rows:,}: {many}")
    return 0 if few == many and again.created == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
