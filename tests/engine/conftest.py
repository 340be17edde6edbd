"""Fixtures for the engine tests: temporary suites run through the real ``autotest-local``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / 'golden'
AUTOTEST_LOCAL = [sys.executable, '-m', 'autotest.client.autotest_local']


@dataclass
class Run:
    """One ``autotest-local`` run."""

    rc: int
    stdout: str
    stderr: str
    resultdir: Path

    @property
    def status(self) -> str:
        return (self.resultdir / 'status').read_text(encoding='utf-8')


def normalize(text: str, root: Path) -> str:
    """Status text with timestamps, paths, line numbers and traceback frames made stable.

    Every run of traceback frame lines (``File ...`` and the source lines under it) becomes one
    ``  ...frames...`` line, so the expected text does not depend on engine internals or on the
    caret lines newer Pythons print.
    """
    text = re.sub(r'timestamp=\d+', 'timestamp=<ts>', text)
    text = re.sub(r'localtime=[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d', 'localtime=<lt>', text)
    text = text.replace(str(root), '<root>')
    out: list[str] = []
    for line in text.split('\n'):
        body = line.lstrip('\t')
        indent = line[: len(line) - len(body)]
        if body.startswith('    '):
            frames = f'{indent}  ...frames...'
            if not out or out[-1] != frames:
                out.append(frames)
            continue
        out.append(line)
    return '\n'.join(out)


class Suite:
    """A suite directory ``<tmp>/tests/docker`` built from a golden case, run from ``<tmp>``."""

    def __init__(self, root: Path, case: str | None, control: str = '', tests: dict[str, str] | None = None) -> None:
        self.root = root
        self.case = GOLDEN / (case or '')
        self.dir = root / 'tests' / 'docker'
        if case:
            shutil.copytree(self.case / 'suite', self.dir)
        else:
            self.dir.mkdir(parents=True)
            (self.dir / 'control').write_text(textwrap.dedent(control), encoding='utf-8')
        for name, source in (tests or {}).items():
            module = self.dir / 'subtests' / name / f'{name}.py'
            module.parent.mkdir(parents=True)
            module.write_text(textwrap.dedent(source), encoding='utf-8')

    def run(self, *args: str, timeout: float = 60) -> Run:
        env = dict(os.environ, ENGINE_TEST_ROOT=str(self.root))
        proc = subprocess.run(
            [*AUTOTEST_LOCAL, *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr, self.root / 'results' / 'default')

    def expected(self, name: str = 'expected_status') -> str:
        return (self.case / name).read_text(encoding='utf-8')

    def normalized(self, run: Run) -> str:
        return normalize(run.status, self.root)


@pytest.fixture
def suite(tmp_path: Path):
    """Build a golden case's suite in ``tmp_path``: ``suite('outcomes').run('run', 'docker')``."""

    def make(case: str) -> Suite:
        return Suite(tmp_path, case)

    return make


@pytest.fixture
def inline_suite(tmp_path: Path):
    """A suite from text: ``inline_suite(control_source, {'name': module_source})``."""

    def make(control: str, tests: dict[str, str] | None = None) -> Suite:
        return Suite(tmp_path, None, control, tests)

    return make
