"""Server time and query count of the coordinator's evaluation ranking and of one evaluation-sheet
PDF, with 20 proposals (60 evaluations) and with 2,000 proposals (6,000 evaluations).

    .venv/bin/python benchmarks/evaluation.py [--n 20] [--size 2000] [--per 3]

Builds a throwaway SQLite database (portal.settings.test), migrates it, runs `seed_demo` and
copies the «Proyectos Ciudadanos» call into a benchmark call (code BEN) with the default
criteria. Fills it with admitted proposals, each evaluated by `--per` evaluators (submitted, one
score and justification per criterion), a third of them decided. Renders, N times each through
django.test.Client as a coordinator, the ranking (page 1 and the last page) and the evaluation
sheet PDF of one proposal, and prints the median server time, the number of queries and the
ratio to the baseline measured in the same run.

Targets: the same number of queries with 2,000 proposals as with 20; the ranking under 250 ms
and the PDF under 250 ms median. Prints PASS/FAIL and exits with status 1 if a target is missed.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time

from _support import setup_django  # noqa: E402 (benchmarks/ is on sys.path when a script runs)
from proposals import make_bench_call, make_users  # noqa: E402

BASELINE = 20
TARGET_MS = 250.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--size", type=int, default=2000, help="proposals in the large run (default 2000)")
    parser.add_argument("--per", type=int, default=3, help="evaluations per proposal (default 3)")
    return parser.parse_args()


def make_staff():
    from django.contrib.auth import get_user_model

    from portal.roles import ensure_coordinators, ensure_roles

    User = get_user_model()
    _editors, evaluators = ensure_roles()
    coordinator = User.objects.create(email="coordina@participa.test", display_name="Coordinación", is_staff=True)
    coordinator.groups.add(ensure_coordinators())
    people = [
        User.objects.create(email=f"evalua{i}@participa.test", display_name=f"Evaluación {i}", is_staff=True)
        for i in range(30)
    ]
    evaluators.user_set.add(*people)
    return coordinator, people


def add_evaluated(call, criteria, authors, evaluators, coordinator, start, count, per, rng):
    """Bulk-create `count` admitted proposals, `per` submitted evaluations each, a third decided."""
    from django.utils import timezone

    from evaluacion.models import CriterionScore, EvaluationAssignment, EvaluationDecision
    from propuestas.models import Proposal

    themes = list(call.themes.order_by("pk"))
    territories = [row.territory for row in call.territories.select_related("territory").order_by("pk")]
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                call=call,
                reference=f"BEN-2027-{number + 1:05d}",
                author=authors[number % len(authors)],
                title=f"Propuesta evaluada {number + 1}",
                summary="Una propuesta para medir la evaluación técnica.",
                problem="Un problema del barrio.",
                solution="Una solución concreta.",
                beneficiaries_count=100,
                beneficiaries_description="Vecinos",
                theme=themes[number % len(themes)],
                territory=territories[number % len(territories)],
                estimated_cost=rng.randrange(100_000, 2_000_000),
                status="admitted",
                submitted_at=now,
            )
            for number in range(start, start + count)
        ],
        batch_size=1000,
    )
    due = timezone.localdate() + dt.timedelta(days=10)
    assignments = EvaluationAssignment.objects.bulk_create(
        [
            EvaluationAssignment(
                proposal=proposal,
                evaluator=evaluators[(index * per + k) % len(evaluators)],
                assigned_by=coordinator,
                due_date=due,
                status="submitted",
                validated_cost=proposal.estimated_cost,
                execution_months=6,
                submitted_at=now,
            )
            for index, proposal in enumerate(proposals)
            for k in range(per)
        ],
        batch_size=1000,
    )
    CriterionScore.objects.bulk_create(
        [
            CriterionScore(
                assignment=assignment,
                criterion=criterion,
                score=rng.randint(criterion.scale_min, criterion.scale_max),
                justification=f"Justificación de {criterion.name.lower()}: el análisis técnico lo respalda.",
            )
            for assignment in assignments
            for criterion in criteria
        ],
        batch_size=2000,
    )
    EvaluationDecision.objects.bulk_create(
        [
            EvaluationDecision(
                proposal=proposal, viable=True, validated_cost=proposal.estimated_cost, score=70, decided_by=coordinator, decided_at=now
            )
            for proposal in proposals[::3]
        ]
    )
    return proposals


def measure(client, url, n):
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
        counts.append(len(captured.captured_queries))
    return statistics.median(times), max(counts)


def pages(call, sheet_proposal, total):
    from django.urls import reverse

    last = max(1, -(-total // 50))
    ranking = reverse("evaluacion:ranking", args=[call.pk])
    return [
        ("Ranking, página 1", ranking),
        ("Ranking, última página", f"{ranking}?p={last}"),
        ("Cédula en PDF", reverse("evaluacion:sheet_pdf", args=[sheet_proposal.pk])),
    ]


def main():
    args = parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="participa-bench-") as directory:
        print("Preparando base de datos temporal (migrate + seed_demo)…", flush=True)
        setup_django(directory)
        from django.db import connection
        from django.test import Client

        from evaluacion import services as evaluation
        from evaluacion.models import CriterionScore, EvaluationAssignment

        call = make_bench_call()
        criteria = evaluation.ensure_default_criteria(call)
        authors = make_users(50)
        coordinator, evaluators = make_staff()
        client = Client()
        client.force_login(coordinator)

        baseline = add_evaluated(call, criteria, authors, evaluators, coordinator, 0, BASELINE, args.per, rng)
        sheet_proposal = baseline[1]
        print(f"Midiendo con {BASELINE} propuestas y {BASELINE * args.per} evaluaciones…", flush=True)
        before = {name: measure(client, url, args.n) for name, url in pages(call, sheet_proposal, BASELINE)}

        started = time.perf_counter()
        for offset in range(BASELINE, args.size, 1000):
            add_evaluated(call, criteria, authors, evaluators, coordinator, offset, min(1000, args.size - offset), args.per, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        assignments = EvaluationAssignment.objects.filter(proposal__call=call).count()
        def number(value):
            return f"{value:,}".replace(",", ".")

        print(
            f"Creadas {number(args.size)} propuestas, {number(assignments)} evaluaciones y "
            f"{number(CriterionScore.objects.count())} puntuaciones en {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        after = {name: measure(client, url, args.n) for name, url in pages(call, sheet_proposal, args.size)}

        headers = ("Página", f"ms ({BASELINE})", f"ms ({args.size})", "razón t", f"consultas ({BASELINE})", f"consultas ({args.size})", "iguales", f"< {TARGET_MS:.0f} ms")
        rows = []
        failed = False
        for name, (ms_before, q_before) in before.items():
            ms_after, q_after = after[name]
            same, fast = q_after == q_before, ms_after < TARGET_MS
            failed |= not (same and fast)
            rows.append((name, f"{ms_before:.1f}", f"{ms_after:.1f}", f"{ms_after / ms_before:.2f}", str(q_before), str(q_after), "PASS" if same else "FAIL", "PASS" if fast else "FAIL"))
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        print(f"\nMediana de {args.n} peticiones por página (tras dos de calentamiento), SQLite.\n")
        for row in [headers, ["-" * w for w in widths], *rows]:
            print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        print()
        print("FAIL" if failed else "PASS: mismas consultas con 20 y con 2.000 propuestas, y bajo el objetivo de tiempo.")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
