"""docker_cli/restart through the subtest runner: GOOD with both clients, its negative controls, the soak."""

from __future__ import annotations

import re

import pytest
from lifecycle import CLIENTS, custom_ini, soak

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/restart'


@pytest.mark.timeout(300)
@pytest.mark.parametrize('client', CLIENTS)
def test_restart_passes(subtest_runner, client) -> None:
    run = subtest_runner(NAME, docker_client=client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert 'docker restart took' in run.console
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_lost_log_line_is_caught(subtest_runner) -> None:
    # docker logs no longer shows what the container printed on SIGTERM.
    custom = custom_ini('restart', {'': {'subsubtests': 'nice', 'check_timeout': '3'}})
    run = subtest_runner(NAME, fault={'match': ['logs'], 'drop_lines': 'Received SIGTERM'}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: nice')
    assert "after restart: line 'Received SIGTERM, finishing' of restart_check not in the container logs" in run.console
    assert run.fault_log and run.fault_log[0]['argv'][0] == 'logs'
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_restart_of_the_wrong_duration_fails(subtest_runner) -> None:
    custom = custom_ini('restart', {'': {'subsubtests': 'force'}, 'force': {'restart_duration': '10'}})
    run = subtest_runner(NAME, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: force')
    assert re.search(r'docker restart took \d+\.\d\d s; expected 10 \+- 3 s', run.console)
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_hanging_restart_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = custom_ini('restart', {'': {'docker_timeout': '8', 'subsubtests': 'nice'}})
    run = subtest_runner(NAME, fault={'match': ['restart'], 'hang': True}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: nice')
    assert 'did not complete within 8 seconds and was killed' in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.soak
@pytest.mark.timeout(1800)
def test_restart_twenty_times_in_a_row(subtest_runner) -> None:
    assert soak(subtest_runner, NAME) == []
