"""A legacy corpus: subtests written the 2014 way, run unchanged through ``autotest-local`` on the engine.

``tests/legacy/`` holds a small private suite as its authors would have kept it: subtests under
``subtests/legacy/`` using ``NoFailDockerCmd``, ``AsyncDockerCmd`` with a file as stdin,
``self.stuff``, ``SubSubtestCaller``, listing classes with an overridden ``docker_cmd`` and string
``subargs``, and their own ini files under ``config_defaults/`` with repeated options and sections.
The test copies it into a suite directory next to this project's ``control`` and bundled DEFAULTS,
exactly as a user would, and requires every subtest GOOD and nothing left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dockertest.summary import status_records

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / 'legacy'
BIN = Path(sys.executable).parent
CLIENT = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
SUBTESTS = ('legacy/commands', 'legacy/listing', 'legacy/caller')


def legacy_suite(tmp_path: Path) -> Path:
    """A suite directory: this project's control and DEFAULTS, and the corpus copied in."""
    suite = tmp_path / 'suite'
    shutil.copytree(CORPUS / 'subtests', suite / 'subtests')
    shutil.copytree(CORPUS / 'config_defaults', suite / 'config_defaults')
    shutil.copy(REPO / 'config_defaults' / 'defaults.ini', suite / 'config_defaults' / 'defaults.ini')
    shutil.copy(REPO / 'control', suite / 'control')
    (suite / 'config_custom').mkdir()
    (suite / 'config_custom' / 'defaults.ini').write_text(f'[DEFAULTS]\ndocker_path = {CLIENT}\n')
    return suite


def run_corpus(tmp_path: Path, fault: list[dict] | None = None) -> tuple[int, str, dict[str, list[tuple[str, str]]]]:
    """Run the corpus in one job: the exit code, the console, and each subtest's status records."""
    suite = legacy_suite(tmp_path)
    env = dict(os.environ, DOCKERTEST_SUITE_DIR=str(suite), DOCKERTEST_REAL_DOCKER=CLIENT)
    if fault is not None:
        env['DOCKERTEST_FAULT'] = json.dumps(fault)
        env['DOCKERTEST_FAULT_LOG'] = str(tmp_path / 'fault.log')
        (suite / 'config_custom' / 'defaults.ini').write_text(
            f'[DEFAULTS]\ndocker_path = {BIN / "dockertest-fault-docker"}\n'
        )
    proc = subprocess.run(
        [str(BIN / 'autotest-local'), str(suite / 'control'), f'--args={",".join(SUBTESTS)}']
        + ['--output_dir', str(tmp_path / 'out')],
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    status = (tmp_path / 'out' / 'results' / 'default' / 'status').read_text()
    results: dict[str, list[tuple[str, str]]] = {}
    for indent, code, test, message in status_records(status):
        if indent == 2 and code not in ('START', 'INFO') and not code.startswith('END'):
            results.setdefault(test.split('/subtests/', 1)[-1].rsplit('.test_', 1)[0], []).append((code, message))
    debug = '\n'.join(p.read_text(errors='replace') for p in (tmp_path / 'out').rglob('*DEBUG*') if p.is_file())
    return proc.returncode, proc.stdout + proc.stderr + debug, results


@pytest.mark.daemon
@pytest.mark.timeout(600)
def test_the_legacy_corpus_runs_good_on_the_engine(tmp_path: Path) -> None:
    rc, console, results = run_corpus(tmp_path)
    for name in SUBTESTS:
        assert results.get(name, [])[:1] == [('GOOD', 'completed successfully')], (
            f'{name}: {results}\n{console[-6000:]}'
        )
    left = [msg for records in results.values() for _, msg in records if 'left behind' in msg]
    assert not left, left
    assert rc == 0, console[-6000:]
    # The repeated options were read with a warning naming the file, line and option.
    assert "option 'input_text': option set again (first at line 3)" in console


@pytest.mark.daemon
@pytest.mark.timeout(600)
def test_negative_control_the_legacy_corpus_catches_what_it_checks(tmp_path: Path) -> None:
    fault = [
        {'match': ['run', 'cat'], 'replace': ['fed through', 'tampered with']},
        {'match': ['images'], 'replace': ['busybox', 'busyb0x']},
        {'match': ['run', 'exit 1'], 'exit_code': 0},
    ]
    _, console, results = run_corpus(tmp_path, fault)
    expected = {
        'legacy/commands': 'cat output',
        'legacy/listing': 'test image not listed',
        'legacy/caller': 'Sub-subtest failures: must_fail',
    }
    for name, message in expected.items():
        code, text = results.get(name, [('none', '')])[0]
        assert (code, message in text) == ('FAIL', True), f'{name}: {results}\n{console[-6000:]}'
    fired = {json.loads(line)['match'][0] for line in (tmp_path / 'fault.log').read_text().splitlines()}
    assert fired == {'run', 'images'}, fired
