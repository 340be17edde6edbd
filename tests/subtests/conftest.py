"""Running the bundled subtests for real, with or without an injected fault.

``run_subtests(tmp_path, 'docker_cli/version', fault={...})`` builds a suite directory whose
``control``, ``subtests/`` and ``config_defaults/`` are the repository's own, with a private
``config_custom/``, and runs ``autotest-local run docker`` on it. With ``fault``, ``docker_path`` is the
fault-injecting client (``dockertest.faultdocker``) wrapping the real one, so a negative control breaks
exactly the behaviour its subtest checks. See docs/index.rst, "Adding a negative control".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dockertest.summary import status_records

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFAULT_CLIENT = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'


@dataclass
class SubtestRun:
    """One ``autotest-local`` job over bundled subtests."""

    rc: int
    console: str
    resultdir: Path
    fault_log: list[dict]

    def records(self) -> list[tuple[int, str, str, str]]:
        """(indent, code, test name, message) of each status record; continuation lines left out."""
        return status_records((self.resultdir / 'status').read_text())

    def results(self) -> dict[str, tuple[str, str]]:
        """Subtest name (``docker_cli/version``) to (status, message) of its result record."""
        out = {}
        for indent, code, test, message in self.records():
            if indent == 2 and code not in ('START', 'INFO') and not code.startswith('END'):
                if 'left behind:' in message:
                    continue
                name = test.split('/subtests/', 1)[-1].rsplit('.test_', 1)[0]
                out[name] = (code, message)
        return out

    def result(self, name: str) -> tuple[str, str]:
        """The (status, message) of one subtest; fails the test with the console when it did not run."""
        found = self.results()
        assert name in found, f'{name} has no result; console:\n{self.console[-4000:]}'
        return found[name]

    def garbage(self) -> list[str]:
        """The garbage check's findings: what the subtests left behind."""
        return [msg for _, code, _, msg in self.records() if 'left behind:' in msg]


def run_subtests(
    tmp_path: Path,
    args: str,
    *,
    custom: dict[str, str] | None = None,
    fault: object = None,
    docker_client: str | None = None,
    timeout: float = 900,
) -> SubtestRun:
    """Run the bundled subtests named in ``args`` (the ``--args`` text) in a private suite.

    Args:
        tmp_path: where the suite and the results go.
        args: the ``--args`` value, e.g. ``'docker_cli/version'``.
        custom: extra ``config_custom/`` files, name to text (a section there replaces the bundled one).
        fault: one fault rule or a list of them (see ``dockertest.faultdocker``); the client under test
            becomes the fault-injecting one.
        docker_client: the real docker client (default ``/usr/bin/docker``).
        timeout: seconds for the whole job.
    """
    suite = tmp_path / 'suite'
    (suite / 'config_custom').mkdir(parents=True)
    for name in ('control', 'subtests', 'config_defaults'):
        (suite / name).symlink_to(REPO / name)
    for name, text in (custom or {}).items():
        (suite / 'config_custom' / name).write_text(text)
    client = docker_client or DEFAULT_CLIENT
    env = dict(os.environ, DOCKERTEST_SUITE_DIR=str(suite), DOCKERTEST_REAL_DOCKER=client)
    env.pop('DOCKERTEST_FAULT', None)
    fault_log = tmp_path / 'fault.log'
    docker_path = client
    if fault is not None:
        docker_path = str(BIN / 'dockertest-fault-docker')
        env['DOCKERTEST_FAULT'] = json.dumps(fault)
        env['DOCKERTEST_FAULT_LOG'] = str(fault_log)
    defaults = suite / 'config_custom' / 'defaults.ini'
    if not defaults.exists():
        defaults.write_text(f'[DEFAULTS]\ndocker_path = {docker_path}\n')
    proc = subprocess.run(
        [str(BIN / 'autotest-local'), 'run', 'docker', f'--args={args}', '--output_dir', str(tmp_path / 'out')],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    log = [json.loads(line) for line in fault_log.read_text().splitlines()] if fault_log.exists() else []
    return SubtestRun(proc.returncode, proc.stdout + proc.stderr, tmp_path / 'out' / 'results' / 'default', log)


@pytest.fixture
def subtest_runner(tmp_path: Path):
    """``subtest_runner(args, **kwargs)``: :func:`run_subtests` in this test's ``tmp_path``."""
    count = iter(range(1000))

    def run(args: str, **kwargs) -> SubtestRun:
        return run_subtests(tmp_path / f'run{next(count)}', args, **kwargs)

    return run
