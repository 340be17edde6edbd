"""docker_cli/psa through the subtest runner: GOOD on a healthy engine, FAIL on a wrong exit status."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/psa'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-3000:]
    assert run.garbage() == []


def test_a_wrong_exit_status_in_the_listing_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['ps', '-a'], 'replace': ['Exited (0)', 'Exited (1)']})
    status, message = run.result(NAME)
    assert status == 'FAIL'
    assert 'status after SIGUSR1: expected Exited (0); got ' in message and 'Exited (1)' in message
    assert run.fault_log
    assert run.garbage() == []


def test_a_hung_kill_is_an_error_and_leaves_nothing(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['kill'], 'hang': True}, custom={'psa.ini': HANG_INI})
    status, message = run.result(NAME)
    assert status == 'ERROR'
    assert 'did not complete within 5 seconds' in message
    assert run.fault_log and run.fault_log[0]['argv'][0] == 'kill'
    assert run.garbage() == []


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    for attempt in range(20):
        run = subtest_runner(NAME)
        assert run.result(NAME) == ('GOOD', 'completed successfully'), f'attempt {attempt}:\n{run.console[-3000:]}'
        assert run.garbage() == []


HANG_INI = """[docker_cli/psa]
wait_start = 30
wait_stop = 30
docker_timeout = 5
remove_after_test = yes
"""
