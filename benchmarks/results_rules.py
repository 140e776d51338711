"""Results engine against pabutools, in one process, on the same inputs.

    .venv/bin/python benchmarks/results_rules.py [--skip-pabutools-add1]

Prints each time, the ratio to pabutools and whether both give the same winners:
greedy and fixed-budget equal shares on Poland_Warszawa_2021_Mokotow.pb, add1 on
Poland_Wieliczka_2023_Green_Budget.pb (pabutools runs the same add1 definition: equal shares
with floor(budget/voters), +1, +2... while within the budget). Then this engine alone on a
generated approval election with 100,000 voters and 150 projects (fixed equal shares, add1,
greedy) with its peak memory (tracemalloc), and the time to parse a generated .pb of 4 MB or more.
Targets: 30x pabutools on each comparison; add1 on 100,000 voters under 2 s; peak memory under
300 MB; parsing a 4 MB file under 1 s. Exits with status 1 if a target is missed or winners differ.
"""

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from votaciones.results import (  # noqa: E402
    Ballot, Election, Project, compute, read_pabulib, write_pabulib,
)

PABULIB = ROOT.parent / "shared" / "pabulib"
failures = []


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def report(name, ours, theirs, same, target=30):
    ratio = theirs / ours
    ok = ratio >= target and same
    print(f"{name:<42} engine {ours:8.3f} s   pabutools {theirs:8.3f} s   "
          f"ratio {ratio:7.1f}x   same winners: {'yes' if same else 'NO'}"
          f"{'' if ok else '   <-- target 30x missed' if same else ''}")
    if not ok:
        failures.append(name)


def compare_with_pabutools(skip_add1):
    from pabutools.election import Cost_Sat, Instance
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    from tests.results_reference import _tie_breaking, add1, to_pabutools

    mokotow = read_pabulib(PABULIB / "Poland_Warszawa_2021_Mokotow.pb")
    instance, profile = to_pabutools(mokotow)
    scores = mokotow.scores()
    supported = Instance((p for p in instance if scores[p.name] > 0), budget_limit=instance.budget_limit)

    ours, outcome = timed(compute, mokotow, "greedy")
    theirs, alloc = timed(lambda: greedy_utilitarian_welfare(
        supported, profile, sat_class=Cost_Sat, tie_breaking=_tie_breaking(mokotow, True)))
    report("greedy, Warszawa Mokotów 2021", ours, theirs,
           outcome.selected == [p.name for p in alloc])

    def pabutools_mes(election, pair, per_voter):
        inst, prof = pair
        inst.budget_limit = per_voter * len(election.ballots)
        return [p.name for p in method_of_equal_shares(
            inst, prof, sat_class=Cost_Sat, tie_breaking=_tie_breaking(election, False))]

    ours, outcome = timed(compute, mokotow, "equalshares")
    theirs, names = timed(pabutools_mes, mokotow, (instance, profile),
                          Fraction(mokotow.budget, len(mokotow.ballots)))
    report("equal shares (fixed), Warszawa Mokotów 2021", ours, theirs, outcome.selected == names)

    wieliczka = read_pabulib(PABULIB / "Poland_Wieliczka_2023_Green_Budget.pb")
    ours, outcome = timed(compute, wieliczka, "equalshares/add1")
    print(f"  (add1 on Wieliczka: {outcome.details['runs']} runs of equal shares, "
          f"{len(outcome.selected)} winners)")
    if skip_add1:
        print(f"{'add1, Wieliczka 2023':<42} engine {ours:8.3f} s   pabutools skipped")
        return
    pair = to_pabutools(wieliczka)
    theirs, names = timed(add1, wieliczka, lambda p: pabutools_mes(wieliczka, pair, p))
    report("add1, Wieliczka 2023", ours, theirs, outcome.selected == names)


def generated(voters=100_000, projects=150, seed=2024):
    rng = random.Random(seed)
    ids = [str(i) for i in range(1, projects + 1)]
    costs = [rng.randrange(20, 800) * 1000 for _ in ids]
    popularity = [rng.paretovariate(1.2) for _ in ids]
    ballots = []
    for v in range(voters):
        size = rng.randint(1, 10)
        chosen = set(rng.choices(ids, weights=popularity, k=size))
        ballots.append(Ballot(tuple(sorted(chosen, key=int)), None, str(v + 1)))
    budget = sum(costs) // 5
    return Election.build([Project(i, c, f"Proyecto {i}") for i, c in zip(ids, costs)], budget,
                          ballots)


def engine_alone():
    print()
    start = time.perf_counter()
    election = generated()
    print(f"generated election: {len(election.ballots):,} voters, {len(election.projects)} "
          f"projects, budget {election.budget:,} ({time.perf_counter() - start:.2f} s to build)")
    for rule, target in (("equalshares", None), ("equalshares/add1", 2.0), ("greedy", None)):
        seconds, outcome = timed(compute, election, rule)
        extra = f", {outcome.details['runs']} runs" if "runs" in outcome.details else ""
        flag = ""
        if target and seconds > target:
            flag = f"   <-- target {target} s missed"
            failures.append(rule)
        print(f"{rule:<20} {seconds:7.3f} s   {len(outcome.selected)} winners{extra}{flag}")

    tracemalloc.start()
    compute(election, "equalshares/add1")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    flag = "" if peak < 300 * 2**20 else "   <-- target 300 MB missed"
    if flag:
        failures.append("memory")
    print(f"peak memory of add1 (tracemalloc, election already built): {peak / 2**20:.1f} MB{flag}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this whole process so far (election, pabutools runs "
          f"included): {rss:.0f} MB")

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "big.pb"
        text = write_pabulib(election)
        while len(text.encode()) < 4 * 2**20:
            base = len(election.ballots)
            election.ballots.extend(
                [Ballot(b.projects, None, f"x{base + i}")
                 for i, b in enumerate(election.ballots[:20_000])])
            text = write_pabulib(election)
        path.write_text(text, encoding="utf-8")
        seconds, parsed = timed(read_pabulib, path)
        flag = "" if seconds < 1 else "   <-- target 1 s missed"
        if flag:
            failures.append("parse")
        print(f"parse {path.stat().st_size / 2**20:.1f} MB .pb ({len(parsed.ballots):,} voters): "
              f"{seconds:.3f} s{flag}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-pabutools-add1", action="store_true",
                        help="do not run pabutools' add1 on Wieliczka (about a minute and a half)")
    args = parser.parse_args()
    compare_with_pabutools(args.skip_pabutools_add1)
    engine_alone()
    if failures:
        print(f"\nMISSED: {', '.join(failures)}")
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
