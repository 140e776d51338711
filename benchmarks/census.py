"""Census import, verification look-up and the ballot page with a large census (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python benchmarks/census.py [--rows 1000000]

Migrates the database named by DATABASE_URL (a new, empty one: the benchmark adds territories,
a call, users and a census scope named «benchmark»), writes a synthetic census (generated
numbers, no real people) to a temporary CSV and measures:

- the import of `--rows` rows through `verificacion.services.import_census` (the code the command
  and the admin use), with a progress line, its wall time and the process's peak memory
  (targets: under 2 minutes and 300 MB);
- the median of 200 verification look-ups (the keyed hash and the census query; target 20 ms);
- the ballot page's query count for a verified voter with 1,000 rows and with `--rows` rows
  (target: the same).

Exit status 1 when a target is missed.
"""

import argparse
import csv
import datetime
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERRITORIES = 21
TARGET_SECONDS = 120
TARGET_MB = 300
TARGET_LOOKUP_MS = 20.0


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://… (a throwaway PostgreSQL database).")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def write_census(path, rows, territories, seed=2026):
    rng = random.Random(seed)
    start = datetime.date(1930, 1, 1).toordinal()
    end = datetime.date(2012, 12, 31).toordinal()
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tipo_documento", "numero_documento", "fecha_nacimiento", "territorio"])
        for n in range(rows):
            writer.writerow(["CC", 10_000_000 + n, datetime.date.fromordinal(rng.randint(start, end)).isoformat(), territories[n % len(territories)]])


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_file(path):
    from verificacion.services import import_census

    def progress(lines):
        print(f"\r  {lines:>10,} líneas", end="", flush=True)

    started = time.perf_counter()
    with open(path, "rb") as stream:
        report = import_census(stream, scope="benchmark", file_name=Path(path).name, progress=progress)
    print()
    if not report.ok:
        sys.exit("\n".join(report.errors[:20]))
    return time.perf_counter() - started


def ballot_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.test import Client

    from convocatorias.models import CallPage, Territory
    from tests.home.factories import make_site
    from tests.votaciones.factories import make_voting_call
    from verificacion import services
    from verificacion.models import Verification

    make_site()
    territories = []
    for n in range(TERRITORIES):
        territory, _ = Territory.objects.get_or_create(
            municipality="Benchmark", kind="comuna", name=f"Comuna benchmark {n + 1}", defaults={"code": f"B{n + 1:02d}"}
        )
        territories.append(territory)
    names = [territory.name for territory in territories]
    call, box, _proposals = make_voting_call(
        territories=territories[:2], vote_requirement=CallPage.VoteRequirement.VERIFIED_TERRITORY, code="BEN"
    )
    User = get_user_model()
    voter, _ = User.objects.get_or_create(email="votante.benchmark@example.org", defaults={"display_name": "Votante"})
    EmailAddress.objects.get_or_create(user=voter, email=voter.email, defaults={"verified": True, "primary": True})
    Verification.objects.filter(user=voter).delete()
    client = Client()
    client.force_login(voter)
    from django.urls import reverse

    url = reverse("votaciones:ballot", args=[box.pk])

    failures = []
    with tempfile.TemporaryDirectory() as directory:
        small = Path(directory) / "small.csv"
        write_census(small, 1000, names)
        print("Padrón de 1,000 filas:")
        import_file(small)
        services.verify_online(user=voter, document_type="CC", number="10000000", birth_date=_birth(small))
        queries_small = ballot_queries(client, url)
        Verification.objects.filter(user=voter).delete()

        big = Path(directory) / "big.csv"
        print(f"Generando un padrón sintético de {args.rows:,} filas…")
        write_census(big, args.rows, names)
        print(f"Importando {args.rows:,} filas:")
        seconds = import_file(big)
        memory = peak_mb()
        services.verify_online(user=voter, document_type="CC", number="10000000", birth_date=_birth(big))
        queries_big = ballot_queries(client, url)

        rng = random.Random(7)
        timings = []
        for _ in range(200):
            number = str(10_000_000 + rng.randrange(args.rows))
            started = time.perf_counter()
            services._census_entry("CC", number)
            timings.append((time.perf_counter() - started) * 1000)
        lookup = statistics.median(timings)

    print(f"Importación: {seconds:.1f} s (objetivo < {TARGET_SECONDS} s); memoria máxima del proceso: {memory:.0f} MB (objetivo < {TARGET_MB} MB)")
    print(f"Consulta de verificación: mediana {lookup:.2f} ms (objetivo < {TARGET_LOOKUP_MS} ms)")
    print(f"Página de la papeleta: {queries_small} consultas con 1,000 filas, {queries_big} con {args.rows:,}")
    if seconds >= TARGET_SECONDS:
        failures.append("import time")
    if memory >= TARGET_MB:
        failures.append("memory")
    if lookup >= TARGET_LOOKUP_MS:
        failures.append("lookup")
    if queries_small != queries_big:
        failures.append("ballot queries")
    if failures:
        print("Objetivos no alcanzados: " + ", ".join(failures))
        sys.exit(1)


def _birth(path):
    with open(path, encoding="utf-8") as handle:
        handle.readline()
        return datetime.date.fromisoformat(handle.readline().split(",")[2])


if __name__ == "__main__":
    main()
