"""Results engine against pabutools, in one process, on the same inputs; the standalone command.

    .venv/bin/python benchmarks/results_rules.py [--skip-pabutools-add1] [--voters N]
        [--skip-vote-types] [--files-only]

Prints each time, the ratio to pabutools, whether both give the same winners and the engine's
peak memory (tracemalloc):

- greedy and fixed-budget equal shares on every shared file (../shared/pabulib/, approval; caps
  per category left out, pabutools has none), add1 on Poland_Wieliczka_2023_Green_Budget.pb
  (pabutools runs the same add1 definition: equal shares with floor(budget/voters), +1, +2...
  while within the budget);
- greedy and fixed-budget equal shares on a generated 100,000-voter, 150-project election of each
  vote type: approval, cumulative (10 points over 1 to 5 projects) and choose-1;
- this engine alone on the generated approval election (fixed equal shares, add1, greedy), the
  time to parse a generated .pb of 4 MB or more, and the whole wall time of the standalone
  command ``python -m votaciones.results tally FILE --rule equalshares/add1`` on the generated
  approval election (start-up and parsing included, in a subprocess) with its peak RSS.

Targets: 30x pabutools on each comparison; add1 on 100,000 voters under 2 s; the standalone
command under 1.5 s; peak memory under 300 MB; parsing a 4 MB file under 1 s. Exits with
status 1 if a target is missed or winners differ.
"""

import argparse
import dataclasses
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from votaciones.results import (  # noqa: E402
    Ballot, Election, Project, compute, read_pabulib, write_pabulib,
)

PABULIB = ROOT.parent / "shared" / "pabulib"
failures = []


def timed(function, *args, least=0.2):
    """(seconds per call, value): the mean over as many calls as fit in ``least`` seconds (at
    least one), so that sub-millisecond runs on small files are measured, not rounded away."""
    start = time.perf_counter()
    value = function(*args)
    seconds = time.perf_counter() - start
    calls = 1
    while seconds < least:
        again = max(1, min(1000, int(calls * (least / max(seconds, 1e-6)))))
        start_batch = time.perf_counter()
        for _ in range(again):
            function(*args)
        seconds += time.perf_counter() - start_batch
        calls += again
    return seconds / calls, value


def measured(function, *args):
    """(seconds, value, peak MB of tracemalloc): time first, then memory in a second run."""
    seconds, value = timed(function, *args)
    tracemalloc.start()
    function(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, value, peak / 2**20


def report(name, ours, theirs, same, target=30, peak=None):
    ratio = theirs / ours
    ok = ratio >= target and same
    memory = f"   peak {peak:6.1f} MB" if peak is not None else ""
    print(f"{name:<46} engine {ours:8.3f} s   pabutools {theirs:8.3f} s   "
          f"ratio {ratio:7.1f}x   same winners: {'yes' if same else 'NO'}{memory}"
          f"{'' if ok else f'   <-- target {target}x missed' if same else ''}", flush=True)
    if not ok:
        failures.append(name)


def compare_with_pabutools(skip_add1):
    from tests.votaciones.results_reference import add1, pabutools_equal_shares, pabutools_greedy

    for path in sorted(PABULIB.glob("*.pb")):
        election = dataclasses.replace(read_pabulib(path), category_caps={})
        label = path.stem.replace("_", " ")[:30]
        ours, outcome, peak = measured(compute, election, "greedy")
        theirs, names = timed(pabutools_greedy, election)
        report(f"greedy, {label}", ours, theirs, outcome.selected == names, peak=peak)
        ours, outcome, peak = measured(compute, election, "equalshares")
        theirs, names = timed(pabutools_equal_shares, election)
        report(f"equal shares, {label}", ours, theirs, outcome.selected == names, peak=peak)

    wieliczka = read_pabulib(PABULIB / "Poland_Wieliczka_2023_Green_Budget.pb")
    ours, outcome = timed(compute, wieliczka, "equalshares/add1")
    print(f"  (add1 on Wieliczka: {outcome.details['runs']} runs of equal shares, "
          f"{len(outcome.selected)} winners)")
    if skip_add1:
        print(f"{'add1, Wieliczka 2023':<46} engine {ours:8.3f} s   pabutools skipped")
        return
    from tests.votaciones.results_reference import to_pabutools

    pair = to_pabutools(wieliczka)
    theirs, names = timed(add1, wieliczka,
                          lambda p: pabutools_equal_shares(wieliczka, p, pair))
    report("add1, Wieliczka 2023", ours, theirs, outcome.selected == names)


def pabutools_greedy_by_score(election):
    """pabutools' greedy for points ballots: satisfaction points x cost, so the walk is by score."""
    from pabutools.election import AdditiveSatisfaction, Instance
    from pabutools.rules import greedy_utilitarian_welfare

    from tests.votaciones.results_reference import _tie_breaking, to_pabutools

    class PointsCostSat(AdditiveSatisfaction):
        def __init__(self, instance, profile, ballot):
            super().__init__(instance, profile, ballot,
                             lambda inst, prof, b, project, pre: b.get(project, 0) * project.cost)

    instance, profile = to_pabutools(election)
    scores = election.scores()
    supported = Instance((p for p in instance if scores[p.name] > 0),
                         budget_limit=instance.budget_limit)
    return [p.name for p in greedy_utilitarian_welfare(
        supported, profile, sat_class=PointsCostSat, tie_breaking=_tie_breaking(election, True))]


def compare_vote_types(voters):
    from tests.votaciones.results_reference import pabutools_equal_shares, pabutools_greedy

    print()
    for vote_type in ("approval", "cumulative", "choose-1"):
        election = generated(voters, vote_type=vote_type)
        label = f"{vote_type}, generated {voters:,}"
        ours, outcome, peak = measured(compute, election, "greedy")
        greedy_reference = pabutools_greedy_by_score if election.has_points else pabutools_greedy
        theirs, names = timed(greedy_reference, election)
        report(f"greedy, {label}", ours, theirs, outcome.selected == names, peak=peak)
        ours, outcome, peak = measured(compute, election, "equalshares")
        theirs, names = timed(pabutools_equal_shares, election)
        report(f"equal shares, {label}", ours, theirs, outcome.selected == names, peak=peak)


def generated(voters=100_000, projects=150, seed=2024, vote_type="approval"):
    """A random election: popularity follows a Pareto law; cumulative ballots spread 10 points."""
    rng = random.Random(seed)
    ids = [str(i) for i in range(1, projects + 1)]
    costs = [rng.randrange(20, 800) * 1000 for _ in ids]
    popularity = [rng.paretovariate(1.2) for _ in ids]
    ballots = []
    for v in range(voters):
        if vote_type == "choose-1":
            ballots.append(Ballot(tuple(rng.choices(ids, weights=popularity)), None, str(v + 1)))
            continue
        size = rng.randint(1, 10 if vote_type == "approval" else 5)
        chosen = sorted(set(rng.choices(ids, weights=popularity, k=size)), key=int)
        if vote_type == "approval":
            ballots.append(Ballot(tuple(chosen), None, str(v + 1)))
            continue
        cuts = sorted(rng.sample(range(1, 10), len(chosen) - 1))
        points = [b - a for a, b in zip([0] + cuts, cuts + [10])]
        ballots.append(Ballot(tuple(chosen), tuple(points), str(v + 1)))
    budget = sum(costs) // 5
    return Election.build([Project(i, c, f"Proyecto {i}") for i, c in zip(ids, costs)], budget,
                          ballots, vote_type=vote_type,
                          max_sum_points=10 if vote_type == "cumulative" else None)


def standalone(election):
    """Whole wall time of the standalone command on ``election`` written as a .pb file."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "generated.pb"
        path.write_text(write_pabulib(election), encoding="utf-8")
        command = [sys.executable, "-m", "votaciones.results", "tally", str(path),
                   "--rule", "equalshares/add1", "--json"]
        best = cpu = None
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode:
                print(done.stderr)
                failures.append("standalone")
                return
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best = seconds if best is None else min(best, seconds)
            cpu = used if cpu is None else min(cpu, used)
        # its peak memory: VmHWM of the command's own process (getrusage would also count the
        # pages of this big benchmark process it was forked from)
        probe = (
            "import runpy, sys\n"
            "sys.argv = ['votaciones.results'] + sys.argv[1:]\n"
            "try:\n"
            "    runpy.run_module('votaciones.results', run_name='__main__', alter_sys=True)\n"
            "finally:\n"
            "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
            "    print(hwm[0].split()[1] if hwm else 0, file=sys.stderr)\n"
        )
        done = subprocess.run([sys.executable, "-c", probe, *command[3:]], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        rss = int(done.stderr.strip().splitlines()[-1]) / 1024
        flag = "" if best < 1.5 else "   <-- target 1.5 s missed"
        if flag:
            failures.append("standalone")
        print(f"standalone `python -m votaciones.results tally --rule equalshares/add1` on "
              f"{path.stat().st_size / 2**20:.1f} MB: {best:.3f} s wall, {cpu:.3f} s of CPU (best "
              f"of 3, start-up and parsing included; load average now "
              f"{os.getloadavg()[0]:.1f}), peak RSS of the command {rss:.0f} MB{flag}")


def engine_alone(voters):
    print()
    start = time.perf_counter()
    election = generated(voters)
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
    standalone(generated(voters))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-pabutools-add1", action="store_true",
                        help="do not run pabutools' add1 on Wieliczka (about a minute and a half)")
    parser.add_argument("--voters", type=int, default=100_000,
                        help="voters of the generated elections (default 100,000)")
    parser.add_argument("--skip-vote-types", action="store_true",
                        help="do not compare the generated elections of each vote type")
    parser.add_argument("--files-only", action="store_true",
                        help="only the shared files against pabutools (about half a minute)")
    args = parser.parse_args()
    compare_with_pabutools(args.skip_pabutools_add1 or args.files_only)
    if not args.files_only:
        if not args.skip_vote_types:
            compare_vote_types(args.voters)
        engine_alone(args.voters)
    if failures:
        print(f"\nMISSED: {', '.join(failures)}")
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
