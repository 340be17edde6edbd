"""Real autotest-local jobs without an engine, for the tools that read finished jobs (merge, tmt results).

:func:`run_job` builds a suite whose control file runs the tests given as ``{name: outcome}`` (``GOOD``,
``FAIL`` or ``TEST_NA``), each a one-line autotest test, the way the suite's control file names them
(``docker/subtests/NAME.test_N-of-M``), and runs it with ``autotest-local`` into ``outdir``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RAISES = {
    'GOOD': 'pass',
    'FAIL': "raise error.TestFail('{name} broke')",
    'TEST_NA': "raise error.TestNAError('no {name}')",
}
TEST = """from autotest.client import test
from autotest.client.shared import error


class {cls}(test.test):
    version = 1

    def run_once(self):
        {body}
"""


def run_job(root: Path, outdir: Path, outcomes: dict[str, str]) -> Path:
    """Run one job of ``outcomes`` and return its results directory (``outdir/results/default``)."""
    suite = root / 'suite'
    lines = []
    for index, (name, outcome) in enumerate(outcomes.items(), 1):
        cls = name.rsplit('/', 1)[-1]
        (suite / 'subtests' / name).mkdir(parents=True, exist_ok=True)
        (suite / 'subtests' / name / f'{cls}.py').write_text(
            TEST.format(cls=cls, body=RAISES[outcome].format(name=name))
        )
        lines.append(f"job.run_test('docker/subtests/{name}', tag='test_{index}-of-{len(outcomes)}')\n")
    (suite / 'control').write_text(''.join(lines))
    outdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, '-m', 'autotest.client.autotest_local', 'run', 'docker', '--output_dir', str(outdir)],
        cwd=outdir,
        env={'DOCKERTEST_SUITE_DIR': str(suite), 'PATH': '/usr/bin:/bin'},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return outdir / 'results' / 'default'
