"""Render times and query counts of the public pages, before and after multiplying the content.

    .venv/bin/python benchmarks/pages.py [--n 30]

Builds a throwaway SQLite database in a temporary directory (portal.settings.test), migrates it,
runs `seed_demo`, then renders each page N times through django.test.Client and prints the
median time and the number of queries. Then it multiplies the content tenfold (calls with their
phases, territories and events; cápsulas del saber) and measures again. Exits with status 1 if
any page's query count grew: the number of queries of a page must not depend on how much
content there is.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from _support import setup_django  # noqa: E402 (benchmarks/ is on sys.path when a script runs)

CITIZEN_CALL_SLUG = "proyectos-ciudadanos"
FACTOR = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="renders per page (default 30)")
    return parser.parse_args()


def pages_to_measure():
    from convocatorias.models import CallPage

    call = CallPage.objects.get(slug=CITIZEN_CALL_SLUG)
    return [
        ("Portada", "/"),
        ("Proyectos Ciudadanos", call.url),
        ("Convocatorias", "/convocatorias/"),
        ("Aprende", "/aprende/"),
    ]


def measure(client, url, n):
    """(median ms, queries) of `n` renders of `url`, after one warm-up render."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    times, queries = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries.append(len(captured.captured_queries))
    return statistics.median(times), max(queries)


def measure_all(n):
    from django.test import Client

    client = Client()
    return {name: (url, *measure(client, url, n)) for name, url in pages_to_measure()}


def content_counts():
    from convocatorias.models import CallPage, CallPhase, CallTerritory
    from portal.models import Capsule

    return {
        "convocatorias": CallPage.objects.live().count(),
        "fases": CallPhase.objects.count(),
        "territorios en convocatorias": CallTerritory.objects.count(),
        "cápsulas": Capsule.objects.count(),
    }


def multiply_content(factor=FACTOR):
    """Copy every call (phases, territories, events, themes) and every capsule `factor - 1` times."""
    from django.db import transaction

    from convocatorias.models import CallPage
    from portal.models import Capsule

    with transaction.atomic():
        for call in list(CallPage.objects.live().order_by("path")):
            parent = call.get_parent()
            for copy in range(2, factor + 1):
                call.copy(
                    to=parent,
                    update_attrs={"title": f"{call.title} ({copy})", "slug": f"{call.slug}-{copy}"},
                    keep_live=True,
                    copy_revisions=False,
                    log_action=None,
                )
        for capsule in list(Capsule.objects.prefetch_related("themes")):
            themes = list(capsule.themes.all())
            for copy in range(2, factor + 1):
                clone = Capsule.objects.create(
                    kind=capsule.kind,
                    title=f"{capsule.title} ({copy})",
                    slug=f"{capsule.slug}-{copy}",
                    body=capsule.body,
                    show_on_home=capsule.show_on_home,
                    published_at=capsule.published_at,
                )
                clone.themes.set(themes)


def print_table(before, after, counts_before, counts_after, n):
    headers = ("Página", "ms (base)", f"ms (x{FACTOR})", "razón t", "consultas (base)", f"consultas (x{FACTOR})", "razón c")
    rows = []
    for name, (url, ms_before, q_before) in before.items():
        _, ms_after, q_after = after[name]
        rows.append(
            (
                name,
                f"{ms_before:.1f}",
                f"{ms_after:.1f}",
                f"{ms_after / ms_before:.2f}",
                str(q_before),
                str(q_after),
                f"{q_after / q_before:.2f}" if q_before else "—",
            )
        )
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(cells, widths))
        )

    print(f"\nMediana de {n} renders por página (después de un render de calentamiento).")
    print("Contenido: " + ", ".join(f"{k} {counts_before[k]} → {counts_after[k]}" for k in counts_before))
    print()
    print(line(headers))
    print(line(["-" * width for width in widths]))
    for row in rows:
        print(line(row))


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="participa-bench-") as directory:
        print("Preparando base de datos temporal (migrate + seed_demo)…", flush=True)
        setup_django(directory)
        counts_before = content_counts()
        print(f"Midiendo contenido base ({args.n} renders por página)…", flush=True)
        before = measure_all(args.n)
        print(f"Multiplicando convocatorias y cápsulas por {FACTOR}…", flush=True)
        multiply_content()
        counts_after = content_counts()
        print("Midiendo contenido multiplicado…", flush=True)
        after = measure_all(args.n)
        print_table(before, after, counts_before, counts_after, args.n)

        grew = [name for name in before if after[name][2] > before[name][2]]
        if grew:
            print(f"\nERROR: el número de consultas creció en: {', '.join(grew)}")
            return 1
        print("\nOK: el número de consultas no depende de la cantidad de contenido.")
        return 0


if __name__ == "__main__":
    sys.exit(main())
