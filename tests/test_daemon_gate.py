"""The daemon gate of tests/conftest.py: a loud skip without a daemon, a failure when one is required."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ['pytester']

INNER_TEST = """
import pytest

@pytest.mark.daemon
def test_needs_daemon():
    pass

def test_plain():
    pass
"""


@pytest.fixture
def no_daemon(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.Pytester:
    pytester.makeconftest((Path(__file__).parent / 'conftest.py').read_text())
    pytester.makeini('[pytest]\naddopts = -rfEs\nmarkers =\n    daemon: needs a daemon\n')
    pytester.makepyfile(INNER_TEST)
    monkeypatch.setenv('DOCKERTEST_SOCKET', str(tmp_path / 'nothing-here.sock'))
    return pytester


def test_without_a_daemon_daemon_tests_skip_loudly(no_daemon: pytest.Pytester, monkeypatch) -> None:
    monkeypatch.delenv('DOCKERTEST_REQUIRE_DAEMON', raising=False)
    result = no_daemon.runpytest_subprocess()
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(['*1 DAEMON TESTS SKIPPED: no Docker daemon*'])
    result.stdout.fnmatch_lines(['SKIPPED*NO DOCKER DAEMON answers on *nothing-here.sock*'])


def test_when_a_daemon_is_required_its_absence_fails(no_daemon: pytest.Pytester, monkeypatch) -> None:
    monkeypatch.setenv('DOCKERTEST_REQUIRE_DAEMON', '1')
    result = no_daemon.runpytest_subprocess()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(['*DOCKERTEST_REQUIRE_DAEMON is set, so this is a failure*'])
