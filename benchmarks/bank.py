"""Median time and query count of the project bank's search and export, with 500 and 50,000 proposals.

    .venv/bin/python benchmarks/bank.py [--n 15] [--size 50000] [--small 500]

Builds a throwaway SQLite database in a temporary directory (portal.settings.test), migrates it,
runs `seed_demo`, copies the «Proyectos Ciudadanos» call into ten benchmark calls and fills them
with public proposals written from a Spanish vocabulary (plus about 3 % hidden, withdrawn or draft
ones). Search documents are computed once per vocabulary word and the rows are bulk-created (the
FTS5 triggers index them), then ANALYZE gives SQLite its statistics.

Measured with the database backend, first with `--small` proposals (the baseline, same process)
and then with `--size`:

- faceted search: no text, two facets (two calls and a status)
- text search: one word
- faceted text search: a word, one call and a status
- export: CSV of every proposal of two calls (10,000 rows at full size)

Targets: the same number of queries at both sizes, and the faceted text search under 200 ms
median at full size. With ELASTICSEARCH_URL set, the index is rebuilt and the three searches are
measured through Elasticsearch too. Exit status 1 when a target is missed.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _support import setup_django  # noqa: E402 (benchmarks/ is on sys.path when a script runs)

CALLS = 10
SOURCE_CALL_SLUG = "proyectos-ciudadanos"
TARGET_MS = 200.0
SEED = 2026

SUBJECTS = [
    ("Ciclovía protegida", "movilidad", "una ciclovía separada del tránsito con cruces seguros para bicicletas"),
    ("Parque de bolsillo", "espacio público", "un lote baldío convertido en parque con sombra, bancas y juegos"),
    ("Recolección nocturna de residuos", "residuos", "recolección de basura de noche y contenedores por cuadra"),
    ("Calle completa", "calles", "banquetas amplias, arbolado, carril ciclista y cruces a nivel"),
    ("Huerto urbano comunitario", "medio ambiente", "un huerto con riego por goteo y talleres de composta"),
    ("Cruce seguro escolar", "seguridad vial", "pasos elevados y reductores de velocidad frente a las escuelas"),
    ("Alumbrado peatonal", "seguridad", "luminarias LED en senderos, parques y paradas"),
    ("Arbolado nativo", "infraestructura verde", "árboles nativos y jardines de lluvia en las calles"),
    ("Biblioteca de barrio", "cultura", "libros, computadoras y talleres para jóvenes y personas mayores"),
    ("Paradas de camión con sombra", "transporte", "techumbres, bancas e información de rutas en cada parada"),
    ("Cancha de usos múltiples", "deporte", "rehabilitación de la cancha con iluminación y gradas"),
    ("Centro de cuidados", "cuidados", "un espacio para el cuidado de niñas, niños y personas mayores"),
]
PLACES = [
    "del centro", "de la colonia", "del barrio norte", "junto al mercado", "frente a la plaza", "del bulevar",
    "de la unidad habitacional", "cerca de la escuela primaria", "en la ribera del río", "de la vía principal",
]
FILLER = (
    "los vecinos las vecinas señalan que el problema afecta a diario a familias estudiantes comerciantes "
    "personas mayores con discapacidad niñas niños jóvenes la propuesta busca mejorar la seguridad la "
    "convivencia el acceso la salud el medio ambiente la movilidad sostenible con participación de la "
    "comunidad durante la obra y el mantenimiento posterior se propone trabajar con la junta de acción "
    "comunal la escuela el centro de salud la parroquia el mercado y los colectivos culturales del sector "
    "incluye diagnóstico participativo diseño obra señalización mantenimiento y evaluación de resultados "
    "presupuesto estimado materiales mano de obra local jornadas de limpieza talleres recorridos nocturnos "
    "iluminación sombra agua potable drenaje pavimento banquetas rampas accesibles bancas bebederos"
).split()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=15, help="timed runs per measurement (default 15, at least 5)")
    parser.add_argument("--size", type=int, default=50_000, help="public proposals in the large run")
    parser.add_argument("--small", type=int, default=500, help="public proposals in the baseline run")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="build the database in DIR and keep it; a second run with the same DIR measures the "
        "large size again without rebuilding (for profiling)",
    )
    args = parser.parse_args()
    args.n = max(args.n, 5)
    return args


def make_calls():
    from convocatorias.models import CallPage

    source = CallPage.objects.get(slug=SOURCE_CALL_SLUG)
    calls = []
    for index in range(CALLS):
        slug = f"banco-benchmark-{index + 1}"
        source.copy(
            to=source.get_parent(),
            update_attrs={"title": f"Banco benchmark {index + 1}", "slug": slug, "code": f"BB{index + 1}"},
            keep_live=True,
            copy_revisions=False,
            log_action=None,
        )
        calls.append(CallPage.objects.get(slug=slug))
    return calls


class Writer:
    """Spanish text from the vocabulary, with the search document of each word computed once."""

    def __init__(self, rng):
        from propuestas.search_text import analyze

        self.rng = rng
        self.analyze = analyze
        self.cache = {}

    def terms(self, text):
        return " ".join(self.cache.setdefault(word, " ".join(self.analyze(word))) for word in text.split())

    def sentence(self, length):
        return " ".join(self.rng.choice(FILLER) for _ in range(length))


def add_proposals(calls, users, start, count, rng, writer, *, non_public=0.03, progress=True):
    import datetime as dt

    from django.utils import timezone

    from propuestas.search_text import fold
    from convocatorias.models import Territory, Theme
    from propuestas.models import Proposal

    themes = list(Theme.objects.order_by("pk"))
    territories = list(Territory.objects.order_by("pk"))
    now = timezone.now()
    public = ["admitted"] * 40 + ["submitted"] * 10 + ["rejected"] * 8 + ["shortlisted"] * 12 + ["not_viable"] * 8
    public += ["selected"] * 8 + ["not_selected"] * 8 + ["in_execution"] * 4 + ["completed"] * 2
    made = 0
    number = start
    batch = []
    while made < count:
        subject, topic, solution = SUBJECTS[number % len(SUBJECTS)]
        place = PLACES[(number // len(SUBJECTS)) % len(PLACES)]
        territory = territories[number % len(territories)]
        roll = rng.random()
        hidden = False
        if roll < non_public / 3:
            status = "withdrawn"
        elif roll < 2 * non_public / 3:
            status = "draft"
        else:
            status = rng.choice(public)
            hidden = roll < non_public
            made += 0 if hidden else 1
        title = f"{subject} {place} {territory.name}"[:140]
        summary = f"Propuesta de {topic} para {territory.name}: {solution}."
        problem = writer.sentence(60)
        solution_text = f"{solution} {writer.sentence(50)}"
        submitted = None if status == "draft" else now - dt.timedelta(hours=number % 26_000)
        estimated = rng.randrange(50_000, 3_000_000_000)
        proposal = Proposal(
            call=calls[number % len(calls)],
            reference=None if status == "draft" else f"BB-{number + 1:06d}",
            author=users[number % len(users)],
            title=title,
            summary=summary[:280],
            problem=problem,
            solution=solution_text,
            beneficiaries_count=rng.randrange(50, 20_000),
            beneficiaries_description=f"Vecinos de {territory.name}",
            theme=themes[(number // 3) % len(themes)],
            territory=territory,
            estimated_cost=estimated,
            validated_cost=estimated - estimated // 10 if status in ("shortlisted", "selected", "in_execution") else None,
            latitude=6.2 + (number % 100) / 1000 if number % 3 else None,
            longitude=-75.5 - (number % 100) / 1000 if number % 3 else None,
            status=status,
            hidden=hidden,
            supports_count=int(rng.paretovariate(1.2)) % 800,
            comments_count=int(rng.paretovariate(1.5)) % 120,
            submitted_at=submitted,
        )
        proposal.search_document = " ".join(
            part for part in (writer.terms(title), writer.terms(summary), writer.terms(problem), writer.terms(solution_text)) if part
        )
        proposal.search_title = fold(title)[:150]
        batch.append(proposal)
        number += 1
        if len(batch) == 2000:
            Proposal.objects.bulk_create(batch)
            batch = []
            if progress:
                print(f"  … {made}/{count} propuestas públicas", flush=True)
    if batch:
        Proposal.objects.bulk_create(batch)
    return number


def make_users(count=300):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    unusable = make_password(None)
    User.objects.bulk_create(
        [User(email=f"banco{i}@participa.test", display_name=f"Participante {i}", password=unusable) for i in range(count)]
    )
    return list(User.objects.filter(email__startswith="banco").order_by("pk"))


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measurements(calls):
    from django.http import QueryDict

    from banco.search import parse_bank_query

    c1, c2 = calls[0].pk, calls[1].pk
    return [
        ("Búsqueda con 2 facetas", parse_bank_query(QueryDict(f"convocatoria={c1}&convocatoria={c2}&estado=admitted"))),
        ("Búsqueda de texto", parse_bank_query(QueryDict("q=ciclovía"))),
        ("Texto con facetas", parse_bank_query(QueryDict(f"q=parque&convocatoria={c1}&estado=admitted"))),
        ("Exportación CSV", parse_bank_query(QueryDict(f"convocatoria={c1}&convocatoria={c2}"))),
    ]


def measure(label, function, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm up
    times, queries = [], None
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            size = function()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return statistics.median(times), queries, size


def run(backend, calls, n):
    from banco.exports import export_response

    results = {}
    for label, query in measurements(calls):
        if label.startswith("Exportación"):
            if backend.name != "database":
                continue

            def function(query=query):
                response = export_response(query, "csv")
                return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1

        else:

            def function(query=query):
                return backend.search(query).total

        results[label] = measure(label, function, n)
    return results


def report(title, small, large, small_size, large_size):
    print(f"\n{title}")
    print(f"{'':28}{small_size:>8} propuestas{'':13}{large_size:>8} propuestas")
    print(f"{'':28}{'mediana':>10} {'consultas':>9} {'filas':>6}  {'mediana':>10} {'consultas':>9} {'filas':>7}  razón")
    for label in large:
        s_ms, s_q, s_rows = small[label]
        l_ms, l_q, l_rows = large[label]
        print(f"{label:28}{s_ms:>8.1f}ms {s_q:>9} {s_rows:>6}  {l_ms:>8.1f}ms {l_q:>9} {l_rows:>7}  {l_ms / max(s_ms, 0.01):5.1f}×")


def main():
    args = parse_args()
    if args.keep and (Path(args.keep) / "bench.sqlite3").exists():
        return remeasure(args)
    with tempfile.TemporaryDirectory() as directory:
        directory = args.keep or directory
        Path(directory).mkdir(parents=True, exist_ok=True)
        print("Preparando la base de datos (migrate + seed_demo)…", flush=True)
        setup_django(directory)
        from django.conf import settings

        from banco.search import get_backend

        rng = random.Random(SEED)
        writer = Writer(rng)
        calls = make_calls()
        users = make_users()
        database = get_backend("database")
        print(f"Creando {args.small} propuestas públicas en {CALLS} convocatorias…", flush=True)
        number = add_proposals(calls, users, 0, args.small, rng, writer, progress=False)
        analyze()
        small = run(database, calls, args.n)
        print(f"Creando {args.size - args.small} propuestas públicas más (y ~3 % ocultas, retiradas o borradores)…", flush=True)
        started = time.perf_counter()
        add_proposals(calls, users, number, args.size - args.small, rng, writer)
        analyze()
        print(f"  cargadas en {time.perf_counter() - started:.0f} s", flush=True)
        large = run(database, calls, args.n)
        report("Base de datos (SQLite FTS5)", small, large, args.small, args.size)

        failures = []
        for label in large:
            if small[label][1] != large[label][1]:
                failures.append(f"{label}: {small[label][1]} consultas con {args.small}, {large[label][1]} con {args.size}")
        faceted_text = large["Texto con facetas"][0]
        if faceted_text >= TARGET_MS:
            failures.append(f"Texto con facetas: {faceted_text:.1f} ms ≥ {TARGET_MS:.0f} ms")

        if getattr(settings, "ELASTICSEARCH_URL", None):
            settings.BANK_SEARCH_INDEX = "participa-banco-benchmark"
            elastic = get_backend("elasticsearch")
            print("\nIndexando en Elasticsearch…", flush=True)
            elastic.rebuild(progress=lambda done, total: print(f"  … {done}/{total}", flush=True), batch_size=2000)
            elastic_large = run(elastic, calls, args.n)
            for label, (ms, queries, rows) in elastic_large.items():
                print(f"Elasticsearch · {label:24}{ms:>8.1f}ms {queries:>4} consultas SQL {rows:>7} resultados")

        print()
        for label, (ms, queries, rows) in large.items():
            print(f"{'PASS' if small[label][1] == queries else 'FAIL'}  {label}: consultas constantes ({queries})")
        print(f"{'PASS' if faceted_text < TARGET_MS else 'FAIL'}  Texto con facetas con {args.size}: {faceted_text:.1f} ms (objetivo < {TARGET_MS:.0f} ms)")
        if failures:
            print("\n".join(failures))
            return 1
        return 0


def remeasure(args):
    """Measure again on a database kept by --keep (the large size only)."""
    import os

    os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.keep) / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()
    from django.core.management import call_command

    from banco.search import get_backend
    from convocatorias.models import CallPage

    call_command("migrate", verbosity=0, interactive=False)
    analyze()
    calls = list(CallPage.objects.filter(slug__startswith="banco-benchmark-").order_by("pk"))
    large = run(get_backend("database"), calls, args.n)
    for label, (ms, queries, rows) in large.items():
        print(f"{label:28}{ms:>8.1f}ms {queries:>4} consultas {rows:>7} filas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
