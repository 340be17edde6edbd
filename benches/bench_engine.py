"""Print the Autotest engine's own overhead.

Runs ``autotest-local`` on a control file with one empty test, several times, and prints:
- the wall time of the whole job (process start to exit), next to a bare interpreter start;
- the time from the test's START record to its END record (fork, import, lifecycle, records), measured
  around ``job.run_test`` inside the control file;
- the time of ``utils.run('true')`` through the Rust command runner.

Usage: ``python benches/bench_engine.py [runs]`` (or ``make bench-engine``).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONTROL = """
import os, time
from autotest.client import utils

started = time.perf_counter()
job.run_test('docker/subtests/empty')
elapsed = time.perf_counter() - started
runs = []
for _ in range(20):
    t0 = time.perf_counter()
    utils.run('true', verbose=False)
    runs.append(time.perf_counter() - t0)
with open(os.path.join(job.resultdir, 'bench.txt'), 'w') as out:
    out.write('%f %f\\n' % (elapsed, sorted(runs)[len(runs) // 2]))
"""

EMPTY_TEST = """
from autotest.client import test


class empty(test.test):
    version = 1

    def run_once(self):
        pass
"""


def _timed(argv: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _line(label: str, values: list[float]) -> str:
    return f'{label:<44} median {statistics.median(values) * 1000:8.1f} ms   min {min(values) * 1000:8.1f} ms'


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory(prefix='bench-engine-') as tmp:
        root = Path(tmp)
        suite = root / 'tests' / 'docker'
        (suite / 'subtests' / 'empty').mkdir(parents=True)
        (suite / 'control').write_text(CONTROL)
        (suite / 'subtests' / 'empty' / 'empty.py').write_text(EMPTY_TEST)
        argv = [sys.executable, '-m', 'autotest.client.autotest_local', 'run', 'docker']
        bare, job, test, cmd = [], [], [], []
        for _ in range(runs):
            bare.append(_timed([sys.executable, '-c', 'import autotest.client.job'], root))
            job.append(_timed(argv, root))
            start_to_end, run_true = map(float, (root / 'results/default/bench.txt').read_text().split())
            test.append(start_to_end)
            cmd.append(run_true)
    print(f'autotest engine overhead, {runs} runs (python {sys.version.split()[0]})')
    print(_line('interpreter start + engine import', bare))
    print(_line('job wall time, one empty test', job))
    print(_line('one empty test, START to END', test))
    print(_line("utils.run('true') via the Rust runner", cmd))
    return 0


if __name__ == '__main__':
    sys.exit(main())
