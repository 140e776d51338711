"""Server time and query count of the proposal pages with 10 and with 10,000 proposals.

    .venv/bin/python benchmarks/proposals.py [--n 30] [--size 10000] [--profile]

Builds a throwaway SQLite database in a temporary directory (portal.settings.test), migrates it,
runs `seed_demo` and copies the «Proyectos Ciudadanos» call into a benchmark call (code BEN).
It fills that call with 10 proposals (the baseline), indexes them for search and renders, N times
each through django.test.Client, the list page (page 1, page 200, filtered by theme and
territory, searched with ``?q=``, ordered by supports) and one proposal page, printing the median
server time and the number of queries. Then it grows the call to 10,000 proposals (bulk_create,
spread over themes, territories, statuses and dates, with varied supports and comments counts,
indexed with the search backend's ``add_bulk``) and measures again.

After loading it runs ``ANALYZE`` (``--no-analyze`` skips it): without table statistics SQLite
drives the full-text search from the index-entry table instead of the FTS match (about ten times
slower) and sorts every joined row of the call for the list (about twice as slow).

Targets: every list page and the proposal page under 50 ms median with 10,000 proposals, the
same number of queries as with 10, and the deep pages (200, 300 by supports, the last) within
twice the time of page 1 (portal.pagination.DeferredJoinPaginator). Prints PASS/FAIL per target and exits with status 1 if any is
missed; ``--profile`` (or a miss) prints the slowest queries of each page.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from _support import setup_django  # noqa: E402 (benchmarks/ is on sys.path when a script runs)

SOURCE_CALL_SLUG = "proyectos-ciudadanos"
BENCH_SLUG = "proyectos-ciudadanos-benchmark"
BENCH_CODE = "BEN"
BASELINE = 10
TARGET_MS = 50.0
#: A deep page may take at most this many times page 1 (offset pagination grew with the depth).
DEPTH_RATIO = 2.0
DEEP_PAGES = ("Lista, página 200", "Lista, más apoyadas, página 300", "Lista, última página")
SEARCH_WORD = "ciclovía"

SUBJECTS = [
    ("Ciclovía protegida", "movilidad", "Una ciclovía separada del tránsito con cruces seguros."),
    ("Parque de bolsillo", "espacio público", "Un lote baldío convertido en parque con sombra y juegos."),
    ("Recolección nocturna de residuos", "residuos", "Recolección de basura de noche y contenedores por cuadra."),
    ("Calle completa", "calles", "Banquetas amplias, arbolado, carril ciclista y cruces a nivel."),
    ("Huerto urbano comunitario", "medio ambiente", "Un huerto con riego por goteo y talleres de composta."),
    ("Cruce seguro escolar", "seguridad vial", "Pasos elevados y reductores frente a las escuelas."),
    ("Alumbrado peatonal", "seguridad", "Luminarias LED en senderos y parques."),
    ("Arbolado nativo", "infraestructura verde", "Árboles nativos y jardines de lluvia en las calles."),
    ("Biblioteca de barrio", "cultura", "Libros, computadoras y talleres para jóvenes."),
    ("Paradas de camión con sombra", "transporte", "Techumbres, bancas e información de rutas."),
]
PLACES = ["del centro", "de la colonia", "del barrio norte", "junto al mercado", "frente a la plaza", "del bulevar"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="timed renders per page (default 30, at least 20)")
    parser.add_argument("--size", type=int, default=10_000, help="proposals in the large run (default 10000)")
    parser.add_argument("--profile", action="store_true", help="print the slowest queries of every page")
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="skip ANALYZE after loading the data (SQLite then plans without statistics)",
    )
    args = parser.parse_args()
    args.n = max(args.n, 20)
    return args


def make_bench_call():
    """A copy of the citizen call (phases, themes, territories) with no proposals of its own."""
    from convocatorias.models import CallPage

    source = CallPage.objects.get(slug=SOURCE_CALL_SLUG)
    source.copy(
        to=source.get_parent(),
        update_attrs={"title": f"{source.title} (benchmark)", "slug": BENCH_SLUG, "code": BENCH_CODE},
        keep_live=True,
        copy_revisions=False,
        log_action=None,
    )
    return CallPage.objects.get(slug=BENCH_SLUG)


def make_users(count=200):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"bench{i}@participa.test", display_name=f"Participante {i}", password=unusable)
            for i in range(count)
        ]
    )
    return list(User.objects.filter(email__startswith="bench").order_by("pk"))


def add_proposals(call, users, start, count, rng):
    """Bulk-create proposals number `start` … `start + count - 1` of the benchmark call and index
    them for search. Returns the new proposals."""
    import datetime as dt

    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from propuestas.models import Proposal

    themes = list(call.themes.order_by("pk"))
    territories = [row.territory for row in call.territories.select_related("territory").order_by("pk")]
    now = timezone.now()
    year = timezone.localtime(now).year
    statuses = ["admitted"] * 80 + ["submitted"] * 12 + ["rejected"] * 5 + ["withdrawn"] * 2 + ["draft"]
    proposals = []
    for number in range(start, start + count):
        subject, topic, solution = SUBJECTS[number % len(SUBJECTS)]
        place = PLACES[(number // len(SUBJECTS)) % len(PLACES)]
        territory = territories[number % len(territories)]
        status = statuses[rng.randrange(len(statuses))] if number >= BASELINE else "admitted"
        submitted = None if status == "draft" else now - dt.timedelta(minutes=7 * (start + count - number))
        proposals.append(
            Proposal(
                call=call,
                reference=None if status == "draft" else f"{BENCH_CODE}-{year}-{number + 1:05d}",
                author=users[number % len(users)],
                title=f"{subject} {place} {territory.name} ({number + 1})",
                summary=f"Propuesta de {topic} para {territory.name}: {solution}",
                problem=f"Los vecinos de {territory.name} señalan un problema de {topic} que afecta a diario.",
                solution=solution,
                beneficiaries_count=rng.randrange(50, 20_000),
                beneficiaries_description=f"Vecinos de {territory.name}",
                theme=themes[(number // 3) % len(themes)],
                territory=territory,
                estimated_cost=rng.randrange(50_000, 2_000_000),
                status=status,
                hidden=number >= BASELINE and rng.random() < 0.01,
                supports_count=int(rng.paretovariate(1.2)) % 800,
                comments_count=int(rng.paretovariate(1.5)) % 120,
                submitted_at=submitted,
            )
        )
    created = Proposal.objects.bulk_create(proposals, batch_size=1000)
    backend = get_search_backend()
    for offset in range(0, len(created), 1000):
        backend.add_bulk(Proposal, created[offset : offset + 1000])
    return created


def add_comments(proposal, users):
    """A small thread on the measured proposal: three comments and two replies."""
    from django.conf import settings
    from django.contrib.sites.models import Site
    from django_comments_xtd.models import XtdComment

    from propuestas.comments import proposal_content_type

    site = Site.objects.get(pk=settings.SITE_ID)
    parent = None
    for index, user in enumerate(users[:5]):
        comment = XtdComment.objects.create(
            content_type=proposal_content_type(),
            object_pk=str(proposal.pk),
            site=site,
            user=user,
            user_name=user.display_name,
            user_email=user.email,
            comment=f"Comentario {index + 1}: me parece una buena propuesta para el barrio.",
            is_public=True,
            parent_id=parent.pk if (parent and index % 2) else 0,
        )
        parent = comment


def analyze():
    """Give the query planner statistics of the loaded tables, as `PRAGMA optimize` (SQLite) or
    autovacuum (PostgreSQL) would in a deployment. Without them SQLite joins the search index
    the wrong way round and sorts whole rows: see the module docstring."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pages_to_measure(call, detail):
    from django.urls import reverse

    theme = call.themes.order_by("pk").first()
    territory = call.territories.order_by("pk").first().territory
    base = call.proposals_url
    return [
        ("Lista, página 1", base),
        ("Lista, página 200", f"{base}?pagina=200"),
        ("Lista, eje y territorio", f"{base}?theme={theme.pk}&territory={territory.pk}"),
        ("Lista, búsqueda", f"{base}?q={SEARCH_WORD}"),
        ("Lista, más apoyadas", f"{base}?order=supports&pagina=3"),
        ("Lista, más apoyadas, página 300", f"{base}?order=supports&pagina=300"),
        ("Lista, última página", f"{base}?pagina=100000"),
        ("Propuesta", reverse("propuestas:detail", args=[detail.pk])),
    ]


def measure(client, url, n):
    """(median ms, queries, the queries of the last render) of `n` renders after two warm-ups."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    times, counts = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts.append(len(captured.captured_queries))
    return statistics.median(times), max(counts), captured.captured_queries


def measure_all(pages, n):
    from django.test import Client

    client = Client()
    return {name: (url, *measure(client, url, n)) for name, url in pages}


def print_table(before, after, size, n):
    headers = (
        "Página",
        f"ms ({BASELINE})",
        f"ms ({size:,})".replace(",", "."),
        "razón t",
        f"consultas ({BASELINE})",
        f"consultas ({size:,})".replace(",", "."),
        "iguales",
        f"< {TARGET_MS:.0f} ms",
    )
    rows = []
    for name, (_url, ms_before, q_before, _) in before.items():
        _url, ms_after, q_after, _ = after[name]
        rows.append(
            (
                name,
                f"{ms_before:.1f}",
                f"{ms_after:.1f}",
                f"{ms_after / ms_before:.2f}",
                str(q_before),
                str(q_after),
                "PASS" if q_after == q_before else "FAIL",
                "PASS" if ms_after < TARGET_MS else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(cells, widths))
        )

    print(f"\nMediana de {n} peticiones por página (tras dos de calentamiento), SQLite.")
    print()
    print(line(headers))
    print(line(["-" * width for width in widths]))
    for row in rows:
        print(line(row))


def print_slowest(results, label, limit=3):
    print(f"\nConsultas más lentas ({label}):")
    for name, (url, _ms, count, queries) in results.items():
        print(f"  {name} ({url}): {count} consultas")
        ranked = sorted(queries, key=lambda query: float(query["time"]), reverse=True)[:limit]
        for query in ranked:
            sql = " ".join(query["sql"].split())
            print(f"    {float(query['time']) * 1000:7.2f} ms  {sql[:220]}")


def main():
    args = parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="participa-bench-") as directory:
        print("Preparando base de datos temporal (migrate + seed_demo)…", flush=True)
        setup_django(directory)
        from propuestas.models import Proposal

        call = make_bench_call()
        users = make_users()
        baseline = add_proposals(call, users, 0, BASELINE, rng)
        detail = baseline[BASELINE // 2]
        add_comments(detail, users)
        pages = pages_to_measure(call, detail)
        print(f"Midiendo con {BASELINE} propuestas ({args.n} peticiones por página)…", flush=True)
        before = measure_all(pages, args.n)

        print(f"Creando e indexando {args.size - BASELINE:,} propuestas más…".replace(",", "."), flush=True)
        started = time.perf_counter()
        for offset in range(BASELINE, args.size, 2000):
            add_proposals(call, users, offset, min(2000, args.size - offset), rng)
        print(f"  hecho en {time.perf_counter() - started:.1f} s", flush=True)
        if not args.no_analyze:
            analyze()
        total = Proposal.objects.filter(call=call).count()
        public = Proposal.objects.filter(call=call).public().count()
        print(f"Midiendo con {total:,} propuestas ({public:,} públicas)…".replace(",", "."), flush=True)
        after = measure_all(pages, args.n)
        print_table(before, after, total, args.n)

        slow = [name for name, (_u, ms, _q, _c) in after.items() if ms >= TARGET_MS]
        grew = [name for name in before if after[name][2] != before[name][2]]
        first = after["Lista, página 1"][1]
        deep = [name for name in DEEP_PAGES if after[name][1] > DEPTH_RATIO * first]
        for name in DEEP_PAGES:
            print(f"{name}: {after[name][1]:.1f} ms = {after[name][1] / first:.2f} × página 1 ({first:.1f} ms)")
        if args.profile or slow or grew:
            print_slowest(after, f"{total} propuestas")
        print()
        if slow:
            print(f"FAIL: más de {TARGET_MS:.0f} ms de mediana: {', '.join(slow)}")
        if grew:
            print(f"FAIL: el número de consultas cambió con la cantidad de datos: {', '.join(grew)}")
        if deep:
            print(f"FAIL: páginas profundas más de {DEPTH_RATIO:g} veces más lentas que la primera: {', '.join(deep)}")
        if slow or grew or deep:
            return 1
        print(
            f"PASS: todas las páginas bajo {TARGET_MS:.0f} ms, con el mismo número de consultas, y las "
            f"profundas a menos de {DEPTH_RATIO:g} veces la primera."
        )
        return 0


if __name__ == "__main__":
    sys.exit(main())
