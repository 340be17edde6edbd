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
- the serial reference: the sum of the subtests' times of a serial run (``--serial`` measures one;
  otherwise the figure of issue 15, 94 s for the 28 subtests of then, is shown);
- with ``--soak K``: K jobs in a row, each of which must end with every subtest GOOD and nothing left
  behind; the exit status is 1 otherwise, naming each subtest that was not GOOD.

Usage: ``python benches/bench_parallel.py [-j N] [--serial] [--soak K]`` (or ``make bench-parallel``
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


def run_job(jobs: int, scratch: Path) -> tuple[float, list[dict], int]:
    """One job of the default selection; (wall seconds, summary rows, exit status)."""
    args = [str(BIN / 'autotest-local'), 'run', 'docker', '--output_dir', str(scratch)]
    if jobs > 1:
        args.append(f'--args=j={jobs}')
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    summary = scratch / 'results' / 'default' / 'summary.json'
    rows = json.loads(summary.read_text()) if summary.exists() else []
    return wall, rows, proc.returncode


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-j', type=int, default=4, help='subtests at once (default 4)')
    parser.add_argument('--serial', action='store_true', help='also measure a serial run as the reference')
    parser.add_argument('--soak', type=int, default=0, metavar='K', help='run K parallel jobs in a row; all must pass')
    options = parser.parse_args()
    failures: list[str] = []
    scratch = REPO / 'tmp' / 'bench-parallel'
    reference, where = SERIAL_REFERENCE, "issue 15's figure, for its 28 subtests: --serial measures today's"
    if options.serial:
        before = load()
        wall, rows, rc = run_job(1, scratch)
        reference, where = wall, 'measured now'
        print(f'serial: {wall:6.1f} s wall; {before} before, {load()} after')
        failures += [f'serial: {line}' for line in not_good(rows, rc)]
    rounds = max(1, options.soak)
    for number in range(1, rounds + 1):
        timed = (scratch / 'tmp' / 'dockertest-durations.json').exists()
        before = load()
        wall, rows, rc = run_job(options.j, scratch)
        tests = [row for row in rows if not row['name'].endswith('(garbage check)')]
        longest = max(tests, key=lambda row: row['seconds']) if tests else {'name': '-', 'seconds': float('nan')}
        ratio = wall / longest['seconds']
        bad = not_good(rows, rc)
        failures += [f'round {number}: {line}' for line in bad]
        print(
            f'j={options.j} round {number}/{rounds}: {wall:6.1f} s wall, longest subtest {longest["name"]} '
            f'{longest["seconds"]:.1f} s, ratio {ratio:.2f} (target <= {TARGET_RATIO}); '
            f'serial {reference:.1f} s ({where}), {reference / wall:.1f}x faster; '
            f'{len(tests) - len([b for b in bad if "(garbage check)" not in b])}/{len(tests)} GOOD or TEST_NA; '
            f'start order {"by last times" if timed else "untimed (queue order)"}'
        )
        print(f'  {where_time_went(options.j, scratch, longest)}')
        print(f'  {before} before, {load()} after')
    for line in failures:
        print(f'NOT GOOD: {line}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
