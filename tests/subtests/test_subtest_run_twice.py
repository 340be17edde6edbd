"""docker_cli/run_twice through the subtest runner: GOOD on a healthy engine, FAIL when the second run succeeds."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]
NAME = 'docker_cli/run_twice'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    passing_run(subtest_runner, NAME, docker_client)


def test_a_second_run_that_succeeds_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['run'], 'exit_code': 0})
    assert_faulted(run, NAME, 'FAIL', 'Second run with the name run_twice_', 'of an existing container succeeded')
    assert [entry['argv'][0] for entry in run.fault_log] == ['run', 'run']
