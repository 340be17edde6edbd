"""Print how long the default selection takes with subtests in parallel, and soak it.

Runs ``autotest-local run docker --args=j=N`` on the suite (the default selection) with the output
directory ``tmp/bench-parallel`` (kept between runs, so that a job starts the subtests longest first
by the times of the one before; the first run ever has no times) and prints, from the job's
``summary.json``:

- the machine's load average before and after each job (other people's work slows it down);
- the wall time of the whole job, next to its longest subtest (and when it started) and the ratio of
  the two (target: at most 1.25, the default selection with ``j=4``);
- where the time went: the subtests' seconds summed, and the floor no schedule can beat with ``j``
  subtests at a time, the larger of the longest subtest and that sum over ``j``, with the wall time
  over the floor (how close the schedule came to it), from the job's
  ``debug/parallel/timeline.json``;
- what the machine's CPUs did meanwhile (from ``/proc/stat``): the CPU-seconds they were busy and
  the job's own share (its process tree: autotest, the subtests and every docker client they ran;
  the engine's daemons, shims and runtimes are the rest when nothing else runs), and the CPU floor,
  busy CPU-seconds over the number of CPUs: no schedule on this machine ends sooner than the work
  its CPUs must do, whatever ``j`` is;
- the serial reference: the sum of the subtests' times of a serial run (``--serial`` measures one;
  otherwise the figure of issue 15, 94 s for the 28 subtests of then, is shown);
- for two selections: ``issue15``, the 28 subtests the default selection held when issue 15 set the
  target (its 94 s serial figure is theirs), and ``default``, today's default selection (it grew with
  later issues' subtests); ``--selection`` picks one.
- with ``--soak K``: K jobs in a row, each of which must end with every subtest GOOD and nothing left
  behind; the exit status is 1 otherwise, naming each subtest that was not GOOD.

Usage: ``python benches/bench_parallel.py [-j N] [--serial] [--soak K] [--selection NAME]`` (or ``make bench-parallel``
and ``make soak-parallel``). It talks to the engine: hold the engine lock around it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from dockertest import parallel

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: The serial time of the default selection when issue 15 was written (seconds).
SERIAL_REFERENCE = 94.0
#: The target: the parallel job takes at most this many times its longest subtest.
TARGET_RATIO = 1.25
#: The default selection when issue 15 set the target: the 28 subtests its serial 94 s were measured on.
ISSUE15_SELECTION = (
    'example', 'subexample', *(f'docker_cli/{name}' for name in (
        'build', 'commit', 'cp', 'diff', 'dockerhelp', 'dockerimport', 'events', 'images', 'info', 'insert',
        'invalid', 'kill', 'psa', 'pull', 'restart', 'rm', 'rmi', 'run_simple', 'run_twice', 'run_volumes',
        'start', 'stop', 'tag', 'top', 'version', 'wait',
    )),
)  # fmt: skip
#: The selections measured: their names, and the subtests named on the command line (none: the default).
SELECTIONS = {'issue15': ISSUE15_SELECTION, 'default': ()}


def cpu_ticks() -> tuple[int, int]:
    """The machine's CPU time since boot, in clock ticks: (busy, all), from ``/proc/stat``."""
    fields = [int(v) for v in Path('/proc/stat').read_text().split('\n', 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def cpu_figures(wall: float, before: tuple[int, int], after: tuple[int, int], own: float) -> str:
    """What the machine's CPUs did during a job of ``wall`` seconds, of which ``own`` CPU-seconds were
    the job's own process tree."""
    tick = os.sysconf('SC_CLK_TCK')
    busy = (after[0] - before[0]) / tick
    cpus = os.cpu_count() or 1
    return (
        f"CPUs busy {busy:.1f} CPU-s of {wall * cpus:.1f} ({own:.1f} of them the job's own process tree); "
        f'CPU floor on {cpus} CPUs {busy / cpus:.1f} s ({wall / (busy / cpus):.2f}x it)'
    )


class Job:
    """One finished job: its wall seconds, summary rows and exit status, and what the CPUs did."""

    def __init__(self, jobs: int, scratch: Path, selection: tuple[str, ...]) -> None:
        tokens = ([f'j={jobs}'] if jobs > 1 else []) + list(selection)
        args = [str(BIN / 'autotest-local'), 'run', 'docker', '--output_dir', str(scratch)]
        args += [f'--args={" ".join(tokens)}'] if tokens else []
        ticks, own = cpu_ticks(), os.times()
        started = time.perf_counter()
        proc = subprocess.run(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        self.wall = time.perf_counter() - started
        spent = os.times()
        self.cpu = cpu_figures(
            self.wall,
            ticks,
            cpu_ticks(),
            spent.children_user + spent.children_system - own.children_user - own.children_system,
        )
        summary = scratch / 'results' / 'default' / 'summary.json'
        self.rows = json.loads(summary.read_text()) if summary.exists() else []
        self.rc = proc.returncode


def load() -> str:
    """The 1, 5 and 15 minute load averages, and the number of CPUs."""
    one, five, fifteen = os.getloadavg()
    return f'load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs'


def where_time_went(jobs: int, scratch: Path, longest: dict) -> str:
    """The sum of the subtests' seconds, the floor of any schedule with ``jobs`` at once, and when
    the longest subtest started, from the job's timeline."""
    spans = [s for s in parallel.timeline(str(scratch / 'results' / 'default')) if s.get('end') is not None]
    if not spans:
        return 'no timeline (the job ran nothing in parallel)'
    total = sum(s['end'] - s['start'] for s in spans)
    alone = sum(s['end'] - s['start'] for s in spans if s['alone'])
    floor = max(longest['seconds'], alone + (total - alone) / jobs)
    last = max(s['end'] for s in spans)
    start = next((s['start'] for s in spans if s['name'] == longest['name']), float('nan'))
    return (
        f'subtests summed {total:.1f} s ({alone:.1f} s of them alone); floor with j={jobs} {floor:.1f} s, '
        f'queue took {last:.1f} s ({last / floor:.2f}x the floor); longest started at +{start:.1f} s'
    )


def not_good(rows: list[dict], rc: int) -> list[str]:
    """Each row that is neither GOOD nor TEST_NA (a subtest the engine has no command for), as
    ``name: status reason``; the exit status when no summary was written."""
    bad = [
        f'{row["name"]}: {row["status"]} {row.get("reason", "")}'.strip()
        for row in rows
        if row['status'] not in ('GOOD', 'TEST_NA')
    ]
    return bad if rows else [f'no summary (autotest-local exit status {rc})']


def measure(name: str, options: argparse.Namespace) -> list[str]:
    """The rounds of one selection, printed; the lines naming each subtest that was not GOOD."""
    selection = SELECTIONS[name]
    failures: list[str] = []
    scratch = REPO / 'tmp' / 'bench-parallel' / name
    reference, where = SERIAL_REFERENCE, "issue 15's figure, for its 28 subtests: --serial measures today's"
    if options.serial:
        before = load()
        job = Job(1, scratch, selection)
        reference, where = job.wall, 'measured now'
        print(f'{name} serial: {job.wall:6.1f} s wall; {before} before, {load()} after')
        print(f'  {job.cpu}')
        failures += [f'{name} serial: {line}' for line in not_good(job.rows, job.rc)]
    rounds = max(1, options.soak)
    for number in range(1, rounds + 1):
        timed = (scratch / 'tmp' / 'dockertest-durations.json').exists()
        before = load()
        job = Job(options.j, scratch, selection)
        tests = [row for row in job.rows if not row['name'].endswith('(garbage check)')]
        longest = max(tests, key=lambda row: row['seconds']) if tests else {'name': '-', 'seconds': float('nan')}
        ratio = job.wall / longest['seconds']
        bad = not_good(job.rows, job.rc)
        failures += [f'{name} round {number}: {line}' for line in bad]
        print(
            f'{name} ({len(tests)} subtests) j={options.j} round {number}/{rounds}: {job.wall:6.1f} s wall, '
            f'longest subtest {longest["name"]} {longest["seconds"]:.1f} s, ratio {ratio:.2f} '
            f'(target <= {TARGET_RATIO}); serial {reference:.1f} s ({where}), {reference / job.wall:.1f}x faster; '
            f'{len(tests) - len([b for b in bad if "(garbage check)" not in b])}/{len(tests)} GOOD or TEST_NA; '
            f'start order {"by last times" if timed else "untimed (queue order)"}'
        )
        print(f'  {where_time_went(options.j, scratch, longest)}')
        print(f'  {job.cpu}')
        print(f'  {before} before, {load()} after')
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-j', type=int, default=4, help='subtests at once (default 4)')
    parser.add_argument('--serial', action='store_true', help='also measure a serial run as the reference')
    parser.add_argument('--soak', type=int, default=0, metavar='K', help='run K parallel jobs in a row; all must pass')
    parser.add_argument(
        '--selection', choices=[*SELECTIONS, 'both'], default='both', help='which selection to measure (default both)'
    )
    options = parser.parse_args()
    names = list(SELECTIONS) if options.selection == 'both' else [options.selection]
    failures = [line for name in names for line in measure(name, options)]
    for line in failures:
        print(f'NOT GOOD: {line}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
