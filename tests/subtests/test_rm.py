"""docker_cli/rm through the subtest runner: GOOD on a healthy engine, FAIL when a removal does not hold."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/rm'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-3000:]
    assert run.garbage() == []


def test_a_container_still_there_after_rm_fails_the_subtest(subtest_runner) -> None:
    # inspect succeeding after rm: the engine reported a removal it did not do.
    run = subtest_runner(NAME, fault={'match': ['inspect'], 'exit_code': 0})
    status, message = run.result(NAME)
    assert (status, message) == ('FAIL', 'Sub-subtest failures: finished, forced')
    assert run.console.count('still exists after docker rm: inspect succeeded') == 2
    assert any(entry['argv'][0] == 'inspect' for entry in run.fault_log)
    assert run.garbage() == []


def test_a_failing_rm_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['rm', '--volumes'], 'exit_code': 1})
    status, message = run.result(NAME)
    assert (status, message) == ('FAIL', 'Sub-subtest failures: finished, forced')
    assert 'Exit status of ' in run.console and 'expected 0; got 1' in run.console
    assert run.garbage() == []


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    for attempt in range(20):
        run = subtest_runner(NAME)
        assert run.result(NAME) == ('GOOD', 'completed successfully'), f'attempt {attempt}:\n{run.console[-3000:]}'
        assert run.garbage() == []
