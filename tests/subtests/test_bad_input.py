"""Bad input to a whole job: one precise line naming the file, section or option; no traceback; the
previous results kept; an aborted job stays aborted; an engine that does not answer stops the job first.

The engine is reached through a socket nothing listens on (``-H unix:///...``), so none of these needs
the daemon, apart from the config_version mismatch, which a subtest finds once the engine answers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
DEFAULT_CLIENT = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'

pytestmark = pytest.mark.timeout(120)
BOGUS = '-H unix:///nonexistent/dockertest-robust.sock'


def defaults(*lines: str, options: str = BOGUS, version: str | None = '0.9.0') -> dict[str, str]:
    """A custom ``defaults.ini`` reaching the engine through ``options``, with extra ``lines``."""
    head = ['[DEFAULTS]', f'docker_path = {DEFAULT_CLIENT}', f'docker_options = {options}']
    if version is not None:
        head.append(f'config_version = {version}')
    return {'defaults.ini': '\n'.join([*head, *lines]) + '\n'}


def assert_rejected(run, *texts: str) -> str:
    """The job ABORTed before any subtest, with one line holding ``texts``; returns that line."""
    assert run.rc == 1, run.console[-3000:]
    records = run.records()
    assert [r[1] for r in records] == ['START', 'END ABORT'], records
    status = (run.resultdir / 'status').read_text()
    assert 'Traceback' not in status and 'Unhandled' not in status, status
    assert len(status.strip().splitlines()) == 2, status
    message = records[-1][3]
    for text in texts:
        assert text in message, message
    assert json.loads((run.resultdir / 'status.json').read_text())['status'] == 'ABORT'
    return message


@pytest.mark.parametrize(
    ('args', 'text'),
    [
        (',,', "--args ',,' names no subtest"),
        ('i=', "--args 'i=' names no subtest"),
        ('x=', "--args 'x=' names no subtest"),
        ('docker_cli/version i=,', "--args 'i=,' names no subtest"),
    ],
)
def test_an_empty_selection_is_an_error(subtest_runner, args: str, text: str) -> None:
    assert_rejected(subtest_runner(args, custom=defaults()), text)


@pytest.mark.parametrize(
    ('line', 'option', 'text'),
    [
        ('docker_timeout = abc', 'docker_timeout', 'docker_timeout must be a number of seconds above 0, not "abc"'),
        ('docker_timeout = 0', 'docker_timeout', 'above 0, not "0"'),
        ('docker_repo_name = Bad Name', 'docker_repo_name', '"Bad Name" is not a valid image name part'),
        ('docker_repo_name = BusyBox', 'docker_repo_name', '"BusyBox" is not a valid image name part'),
        ('docker_repo_tag = a b', 'docker_repo_tag', '"a b" is not a valid image name part'),
        ('docker_registry_host = local host:5000', 'docker_registry_host', 'is not a valid image name part'),
        ('junk line', None, 'malformed line "junk line"'),
    ],
)
def test_a_config_error_is_one_line_naming_file_and_option(subtest_runner, line, option, text) -> None:
    message = assert_rejected(subtest_runner('docker_cli/version', custom=defaults(line)), text)
    assert message.startswith('file ') and 'config_custom/defaults.ini, line 5, section [DEFAULTS]' in message
    if option:
        assert f"option '{option}'" in message


def test_a_custom_defaults_without_config_version_is_warned_about(subtest_runner) -> None:
    run = subtest_runner('docker_cli/version !!!', custom=defaults(version=None))
    assert run.rc == 0, run.console[-3000:]
    assert 'config_custom/defaults.ini, section [DEFAULTS]: no config_version option' in run.console
    assert "add 'config_version = 0.9.0'" in run.console
    quiet = subtest_runner('docker_cli/version !!!', custom=defaults())
    assert 'no config_version option' not in quiet.console


def test_an_engine_that_does_not_answer_stops_the_job_first(subtest_runner) -> None:
    run = subtest_runner('docker_cli/version,docker_cli/info', custom=defaults())
    message = assert_rejected(run, 'the engine does not answer at unix:///nonexistent/dockertest-robust.sock')
    assert f"docker_path '{DEFAULT_CLIENT}'" in message
    assert 'Cannot connect to the Docker daemon' in message
    assert not (run.resultdir / 'summary.txt').exists()


def again(run, *args: str) -> subprocess.CompletedProcess:
    """``autotest-local <args> run docker`` once more on the suite and results of an earlier ``run``."""
    root = run.resultdir.parents[2]
    env = {'DOCKERTEST_SUITE_DIR': str(root / 'suite'), 'PATH': str(BIN)}
    return subprocess.run(
        [str(BIN / 'autotest-local'), *args, 'run', 'docker', '--output_dir', str(root / 'out')],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_continuing_an_aborted_job_has_nothing_to_continue(subtest_runner) -> None:
    aborted = subtest_runner('docker_cli/version', custom=defaults())
    assert aborted.rc == 1
    before = (aborted.resultdir / 'status').read_text()
    resumed = again(aborted, '-c')
    assert resumed.returncode == 1
    assert 'Nothing to continue' in resumed.stderr
    assert (aborted.resultdir / 'status').read_text() == before


def test_a_rejected_invocation_keeps_the_previous_results(subtest_runner) -> None:
    good = subtest_runner('docker_cli/version !!!', custom=defaults())
    assert good.rc == 0, good.console[-3000:]
    kept = {p.name: p.read_bytes() for p in good.resultdir.iterdir() if p.is_file()}
    for args in ('docker_cli/nosuch', ',,', '"unbalanced'):
        rejected = again(good, f'--args={args}')
        assert rejected.returncode == 1
        assert {p.name: p.read_bytes() for p in good.resultdir.iterdir() if p.is_file()} == kept, args
        console = rejected.stdout + rejected.stderr
        assert 'the previous results in' in console or 'Cannot split --args' in console, console
    assert sorted(p.name for p in good.resultdir.parent.iterdir()) == ['default']


@pytest.mark.daemon
def test_a_config_version_mismatch_names_file_and_option(subtest_runner) -> None:
    run = subtest_runner('docker_cli/version', custom=defaults(options='', version='0.1.0'))
    status, message = run.result('docker_cli/version')
    assert status == 'ERROR', run.console[-3000:]
    assert 'config_custom/defaults.ini, line 4, section [docker_cli/version], option ' in message
    assert "option 'config_version': Docker test library version 0.9.0 incompatible" in message
