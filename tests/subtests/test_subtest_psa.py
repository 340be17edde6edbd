"""docker_cli/psa through the subtest runner: GOOD on a healthy engine, FAIL on a wrong exit status."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, passing_run, soak

# docker_cli/psa counts every container on the engine (run_alone).
pytestmark = [pytest.mark.daemon, pytest.mark.engine_alone, pytest.mark.timeout(120)]
NAME = 'docker_cli/psa'
HANG_INI = """[docker_cli/psa]
wait_start = 30
wait_stop = 30
docker_timeout = 5
remove_after_test = yes
"""


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    passing_run(subtest_runner, NAME, docker_client)


def test_a_wrong_exit_status_in_the_listing_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['ps', '-a'], 'replace': ['Exited (0)', 'Exited (1)']})
    assert_faulted(run, NAME, 'FAIL', 'status after SIGUSR1: expected Exited (0); got ', 'Exited (1)')


def test_a_hung_kill_is_an_error_and_leaves_nothing(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['kill'], 'hang': True}, custom={'psa.ini': HANG_INI})
    assert_faulted(run, NAME, 'ERROR', 'did not complete within 5 seconds')
    assert run.fault_log[0]['argv'][0] == 'kill'


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
