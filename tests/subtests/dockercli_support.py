"""Helpers shared by the tests of the docker_cli subtests (imported by the ``test_*.py`` beside it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAULT_CLIENT = str(Path(sys.executable).parent / 'dockertest-fault-docker')
CLIENTS = [c for c in ('/usr/bin/docker', '/usr/local/bin/docker') if Path(c).exists()]
TEST_IMAGE = 'localhost:5000/dockertest/busybox:latest'
INI_DIR = REPO / 'config_defaults' / 'subtests' / 'docker_cli'


def short_timeout_defaults(seconds: float = 4) -> dict[str, str]:
    """``custom=`` files giving every docker command ``seconds`` through the fault client.

    The subtests under test leave ``docker_timeout`` to DEFAULTS, so this reaches them.
    """
    return {'defaults.ini': f'[DEFAULTS]\ndocker_path = {FAULT_CLIENT}\ndocker_timeout = {seconds}\n'}


def passing_run(subtest_runner, name: str, client: str):
    """Run ``name`` with the real ``client``; checks it is GOOD and left nothing behind."""
    run = subtest_runner(name, docker_client=client)
    assert_good(run, name)
    return run


def hang_run(subtest_runner, name: str, match: list[str], *, subtest_error: bool = True):
    """Run ``name`` with the commands ``match`` selects hanging and 4 s for every docker command.

    Checks that the fault fired, that the timeout was reported (as the subtest's ERROR when
    ``subtest_error``), and that nothing was left behind.
    """
    run = subtest_runner(name, fault={'match': match, 'hang': True}, custom=short_timeout_defaults())
    assert_fault_fired(run, match[0])
    assert 'did not complete within 4 seconds' in run.console, run.console[-3000:]
    if subtest_error:
        status, message = run.result(name)
        assert status == 'ERROR', run.console[-3000:]
        assert 'did not complete within 4 seconds' in message
    assert run.garbage() == []
    return run


def hang_control(subtest_runner, name: str, match: list[str], *, child: str | None = None, seconds: int = 4):
    """Run the runtime subtest ``name`` with the commands ``match`` selects hanging and its own
    ``docker_timeout`` cut to ``seconds`` (only the sub-subtest ``child`` when given).

    Checks that the hanging command was killed at the timeout and reported (the subtest's ERROR, or
    its FAIL naming ``child``), and that cleanup left nothing behind.
    """
    base = name.rsplit('/', 1)[-1]
    line = next(ln for ln in (INI_DIR / f'{base}.ini').read_text().splitlines() if ln.startswith('docker_timeout = '))
    short = (line, f'docker_timeout = {seconds}')
    custom = only_child(base, child, short) if child else edited_ini(base, short)
    run = subtest_runner(name, fault={'match': match, 'hang': True}, custom=custom)
    status = 'FAIL' if child else 'ERROR'
    assert_caught(run, name, f'did not complete within {seconds} seconds', status=status, child=child)
    assert_fault_fired(run, match[0])
    return run


def docker(*args: str, client: str = '/usr/bin/docker') -> str:
    """Run the real docker client (``DOCKER_HOST`` from the environment) and return its stdout."""
    return subprocess.run([client, *args], capture_output=True, text=True, check=True, timeout=60).stdout


def assert_fault_fired(run, subcommand: str) -> None:
    """The fault log shows a rule fired for ``subcommand``."""
    assert any(entry['match'][0] == subcommand for entry in run.fault_log), (run.fault_log, run.console[-3000:])


def edited_ini(name: str, *replacements: tuple[str, str], count: int = 1) -> dict[str, str]:
    """``custom=`` files: the bundled ``docker_cli/<name>.ini`` with each ``(old, new)`` applied in order.

    A custom section replaces the bundled one as a whole, so the whole file is copied. Each ``old``
    must occur; ``count`` occurrences are replaced (-1: all).
    """
    text = (INI_DIR / f'{name}.ini').read_text()
    for old, new in replacements:
        assert old in text, f'{old!r} is not in {name}.ini'
        text = text.replace(old, new, count)
    return {f'{name}.ini': text}


def bundled_ini(name: str, old: str, new: str) -> str:
    """The text of the bundled ``docker_cli/<name>.ini`` with every ``old`` (which must occur) replaced by ``new``."""
    return edited_ini(name, (old, new), count=-1)[f'{name}.ini']


def assert_good(run, name: str) -> None:
    """The subtest passed and left nothing behind."""
    assert run.result(name) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


def assert_caught(run, name: str, message: str, status: str = 'FAIL', child: str | None = None) -> None:
    """The injected fault fired, the subtest ended in ``status`` with ``message`` in its reason (given
    for the sub-subtest ``child`` when named), and it left nothing behind."""
    assert_faulted(run, name, status, message, *([f'{child} ('] if child else []))


def assert_faulted(run, name: str, status: str, *texts: str, where: str = 'message') -> None:
    """The subtest ended ``status`` with each of ``texts`` in its message (or the console), the fault fired,
    and nothing was left behind."""
    found_status, message = run.result(name)
    assert found_status == status, run.console[-3000:]
    haystack = message if where == 'message' else run.console
    for text in texts:
        assert text in haystack, f'{text!r} not in the {where}: {haystack[-3000:]}'
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []


def soak(subtest_runner, name: str, times: int = 20) -> None:
    """Run the subtest ``times`` times in a row; every run must be GOOD and clean."""
    for attempt in range(times):
        run = subtest_runner(name)
        assert run.result(name) == ('GOOD', 'completed successfully'), f'attempt {attempt}:\n{run.console[-3000:]}'
        assert run.garbage() == []


def only_child(name: str, child: str, *replacements: tuple[str, str]) -> dict[str, str]:
    """``custom=`` files: the bundled ``docker_cli/<name>.ini`` running only the sub-subtest ``child``,
    with each further ``(old, new)`` replacement of :func:`edited_ini` applied."""
    line = next(ln for ln in (INI_DIR / f'{name}.ini').read_text().splitlines() if ln.startswith('subsubtests = '))
    return edited_ini(name, (line, f'subsubtests = {child}'), *replacements)
