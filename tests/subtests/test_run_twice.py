"""docker_cli/run_twice through the subtest runner: GOOD on a healthy engine, FAIL when the second run succeeds."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/run_twice'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-3000:]
    assert run.garbage() == []


def test_a_second_run_that_succeeds_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['run'], 'exit_code': 0})
    status, message = run.result(NAME)
    assert status == 'FAIL'
    assert 'Second run with the name run_twice_' in message and 'of an existing container succeeded' in message
    assert [entry['argv'][0] for entry in run.fault_log] == ['run', 'run']
    assert run.garbage() == []
