"""Indicator values at the scale of Torreón's Sistema Metropolitano de Indicadores (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python benchmarks/indicators.py \
        [--indicators 1412] [--territories 300] [--periods 10] [--requests 30] [--compare-django]

Migrates the database named by DATABASE_URL (a throwaway one: the benchmark adds a category,
indicators «BEN-…», territories «Colonia benchmark …», a call with proposals, a monitor and a fact
sheet), writes a synthetic file of indicators × territories × periods values (generated numbers)
to a temporary CSV and measures:

- the import through `indicadores.services.import_values` (the code of the command and the
  admin), with a progress bar, its wall time and the process's peak memory (targets: under
  3 minutes and 300 MB); then the same file again (idempotent: every value is replaced);
- the median time of the home page (the baseline of the run), of a territory fact sheet (12 key indicators, 50 proposals) and of a monitor
  (3 charts of 8 territories, a table of 5 indicators × 8 territories) over `--requests`
  requests each, through Django's test client with the connection kept between requests
  (DB_CONN_MAX_AGE=60, as a production worker), target 100 ms, and their query counts, also
  before the import (target: the same).

Exit status 1 when a target is missed.
"""

import argparse
import csv
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 180
TARGET_MB = 300
TARGET_PAGE_MS = 100.0
KEY_INDICATORS = 12
PROPOSALS = 50


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    # A connection kept between requests, as a production worker keeps it (docs/deploy.md).
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://… (a throwaway PostgreSQL database).")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_values(path, indicators, territories, periods, seed=2026):
    rng = random.Random(seed)
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicador", "territorio", "periodo", "valor", "fuente", "nota"])
        for code in indicators:
            base = rng.uniform(1, 10_000)
            for territory in territories:
                for period in periods:
                    writer.writerow([code, territory, period, f"{base * rng.uniform(0.8, 1.2):.2f}", "Benchmark", ""])
                    rows += 1
    return rows


def import_file(path, total):
    from indicadores.services import import_values

    started = time.perf_counter()

    def progress(lines):
        done = lines / total if total else 1
        bar = "#" * int(done * 40)
        print(f"\r  [{bar:<40}] {done:4.0%} {lines:>10,} líneas · {time.perf_counter() - started:5.0f} s", end="", flush=True)

    with open(path, "rb") as stream:
        report = import_values(stream, progress=progress)
    print()
    if not report.ok:
        sys.exit("\n".join(report.errors[:20]))
    return time.perf_counter() - started


def measure(client, url, requests):
    from django.db import connection

    assert client.get(url).status_code == 200, url
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), count[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1412)
    parser.add_argument("--territories", type=int, default=300)
    parser.add_argument("--periods", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--compare-django", action="store_true",
        help="first import the file through Django's own upsert (bulk_create(update_conflicts=True), "
        "the path used off PostgreSQL) into the empty table, as the baseline of the COPY import",
    )
    args = parser.parse_args()
    setup()
    from django.test import Client

    from convocatorias.models import Territory
    from indicadores.models import Indicator, IndicatorCategory, IndicatorValue, MonitorPage, TerritoryPage
    from tests.home.factories import make_site
    from tests.indicadores.factories import make_fact_sheet, make_monitor
    from tests.propuestas.factories import ProposalFactory, make_proposal_call

    site = make_site()
    category, _ = IndicatorCategory.objects.get_or_create(slug="benchmark", defaults={"name": "Benchmark"})
    codes = [f"BEN-{n:05d}" for n in range(1, args.indicators + 1)]
    existing = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    Indicator.objects.bulk_create(
        [
            Indicator(category=category, code=code, name=f"Indicador benchmark {code}", unit="personas", featured=n < KEY_INDICATORS)
            for n, code in enumerate(codes)
            if code not in existing
        ]
    )
    territory_codes = [f"C{n:04d}" for n in range(1, args.territories + 1)]
    known = set(Territory.objects.filter(municipality="Benchmark", code__in=territory_codes).values_list("code", flat=True))
    Territory.objects.bulk_create(
        [
            Territory(municipality="Benchmark", kind=Territory.Kind.COLONIA, code=code, name=f"Colonia benchmark {code}")
            for code in territory_codes
            if code not in known
        ]
    )
    territories = list(Territory.objects.filter(municipality="Benchmark", code__in=territory_codes).order_by("code"))
    indicators = list(Indicator.objects.filter(code__in=codes).order_by("code"))
    first = territories[0]
    periods = [str(2025 - args.periods + n) for n in range(args.periods)]

    sheet = TerritoryPage.objects.filter(territory=first).first() or make_fact_sheet(site, first)
    monitor = MonitorPage.objects.filter(title="Monitor benchmark").first()
    if monitor is None:
        monitor = make_monitor(site, indicators=indicators[:5], territories=territories[:8], title="Monitor benchmark")
        body = list(monitor.body.raw_data)
        body.insert(2, {"type": "chart", "value": {**body[1]["value"], "indicator": indicators[2].pk}})
        monitor.body = body
        monitor.save()
    if not first.proposals.exists():
        call = make_proposal_call(current="supports", territories=[first], code="BENI")
        for _ in range(PROPOSALS):
            ProposalFactory(call=call, territory=first)

    client = Client()
    sheet_before = measure(client, sheet.url, 3)[1]
    monitor_before = measure(client, monitor.url, 3)[1]

    failures = []
    total = args.indicators * args.territories * args.periods
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "valores.csv"
        print(f"Generando {total:,} valores ({args.indicators:,} indicadores × {args.territories:,} territorios × {args.periods} periodos)…")
        started = time.perf_counter()
        write_values(path, [i.code for i in indicators], [t.code for t in territories], periods)
        print(f"  {time.perf_counter() - started:.0f} s, {path.stat().st_size / 1e6:,.0f} MB")
        django_seconds = None
        if args.compare_django:
            from indicadores import services

            print("Línea base: el mismo archivo con bulk_create(update_conflicts=True) de Django:")
            copy_writer = services._PostgresWriter
            services._PostgresWriter = services._BulkWriter
            try:
                django_seconds = import_file(path, total)
            finally:
                services._PostgresWriter = copy_writer
            IndicatorValue.objects.filter(territory__municipality="Benchmark").delete()
        print("Importando:")
        seconds = import_file(path, total)
        memory = peak_mb()
        print("Importando otra vez el mismo archivo (reemplaza cada valor):")
        again = import_file(path, total)
    stored = IndicatorValue.objects.filter(territory__municipality="Benchmark").count()

    baseline_ms, baseline_queries = measure(client, "/", args.requests)
    sheet_ms, sheet_queries = measure(client, sheet.url, args.requests)
    monitor_ms, monitor_queries = measure(client, monitor.url, args.requests)
    indicator_ms, indicator_queries = measure(client, indicators[0].get_absolute_url(), max(args.requests // 3, 3))

    print(f"Valores guardados: {stored:,}")
    print(f"Importación: {seconds:.1f} s (objetivo < {TARGET_SECONDS} s); otra vez: {again:.1f} s; memoria máxima del proceso: {memory:.0f} MB (objetivo < {TARGET_MB} MB)")
    if django_seconds is not None:
        print(f"Línea base con bulk_create de Django (tabla vacía): {django_seconds:.1f} s; COPY + un INSERT … ON CONFLICT "
              f"(tras borrar esos valores): {seconds:.1f} s = {django_seconds / seconds:.1f} × más rápido")
    print(f"Referencia, la portada: mediana {baseline_ms:.1f} ms; {baseline_queries} consultas")
    print(f"Ficha de territorio: mediana {sheet_ms:.1f} ms ({sheet_ms / baseline_ms:.1f} × la portada) (objetivo < {TARGET_PAGE_MS:.0f} ms); {sheet_queries} consultas (sin valores: {sheet_before})")
    print(f"Monitor: mediana {monitor_ms:.1f} ms ({monitor_ms / baseline_ms:.1f} × la portada) (objetivo < {TARGET_PAGE_MS:.0f} ms); {monitor_queries} consultas (sin valores: {monitor_before})")
    print(f"Página de un indicador ({args.territories:,} territorios × {args.periods} periodos): mediana {indicator_ms:.1f} ms; {indicator_queries} consultas")
    if seconds >= TARGET_SECONDS:
        failures.append("import time")
    if memory >= TARGET_MB:
        failures.append("memory")
    if sheet_ms >= TARGET_PAGE_MS or monitor_ms >= TARGET_PAGE_MS:
        failures.append("page time")
    if sheet_queries != sheet_before or monitor_queries != monitor_before:
        failures.append("queries")
    if failures:
        print("Objetivos no alcanzados: " + ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
