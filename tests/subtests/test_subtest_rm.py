"""docker_cli/rm through the subtest runner: GOOD on a healthy engine, FAIL when a removal does not hold."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]
NAME = 'docker_cli/rm'
BOTH = 'Sub-subtest failures: finished, forced'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    passing_run(subtest_runner, NAME, docker_client)


def test_a_container_still_there_after_rm_fails_the_subtest(subtest_runner) -> None:
    # inspect succeeding after rm: the engine reported a removal it did not do.
    run = subtest_runner(NAME, fault={'match': ['inspect'], 'exit_code': 0})
    assert_faulted(run, NAME, 'FAIL', BOTH)
    assert run.console.count('still exists after docker rm: inspect succeeded') == 2


def test_a_failing_rm_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['rm', '--volumes'], 'exit_code': 1})
    assert_faulted(run, NAME, 'FAIL', BOTH)
    assert_faulted(run, NAME, 'FAIL', 'Exit status of ', 'expected 0; got 1', where='console')


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
