"""docker_cli/wait through the subtest runner: GOOD with both clients and its negative controls."""

from __future__ import annotations

import pytest
from lifecycle import CLIENTS, custom_ini

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/wait'


@pytest.mark.timeout(300)
@pytest.mark.parametrize('client', CLIENTS)
def test_wait_passes(subtest_runner, client) -> None:
    run = subtest_runner(NAME, docker_client=client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.console.count('docker wait took') == 4
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_wrong_exit_status_is_caught(subtest_runner) -> None:
    custom = custom_ini('wait', {'': {'subsubtests': 'no_wait'}})
    run = subtest_runner(NAME, fault={'match': ['wait'], 'replace': ['3', '4']}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: no_wait')
    assert "exit statuses printed by docker wait: expected '['2', '3']'; got '['2', '4']'" in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_missing_container_error_lost_is_caught(subtest_runner) -> None:
    custom = custom_ini('wait', {'': {'subsubtests': 'wait_missing'}, 'wait_missing': {'wait_for': '_nosuch_x 0'}})
    run = subtest_runner(NAME, fault={'match': ['wait'], 'drop_lines': 'No such', 'stream': 'stderr'}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: wait_missing')
    assert "Expected 'No such container: nosuch_x' in the docker wait errors" in run.console
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_hanging_wait_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = custom_ini('wait', {'': {'docker_timeout': '8', 'subsubtests': 'wait_first'}})
    run = subtest_runner(NAME, fault={'match': ['wait'], 'hang': True}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: wait_first')
    assert 'did not complete within 8 seconds and was killed' in run.console
    assert run.garbage() == []
