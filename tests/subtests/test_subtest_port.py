"""docker_cli/port through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, edited_ini, hang_control, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/port'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'connections from the host reached the container on both ports' in run.console


def test_a_port_bound_beyond_loopback_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['port'], 'replace': ['127.0.0.1', '0.0.0.0']})
    assert_caught(run, NAME, 'is bound to 0.0.0.0:')


def test_a_mapping_missing_from_ps_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['ps'], 'replace': ['->8081/tcp', '']})
    assert_caught(run, NAME, "->8081/tcp' in the PORTS column of docker ps")


def test_a_connection_that_does_not_reach_the_container_fails_the_subtest(subtest_runner) -> None:
    # The engine forwards the fixed host port to a container port nobody listens on, while docker port
    # and docker ps report the mapping asked for: only the connection from the host can tell.
    fault = [
        {'match': ['run'], 'args_replace': [':8080', ':9080']},
        {'match': ['port'], 'replace': ['9080/tcp', '8080/tcp']},
        {'match': ['ps'], 'replace': ['->9080/tcp', '->8080/tcp']},
    ]
    custom = edited_ini('port', ('connect_timeout = 15', 'connect_timeout = 3'))
    run = subtest_runner(NAME, fault=fault, custom=custom)
    assert_caught(run, NAME, 'to reach the container did not happen within 3 s')


def test_a_hanging_port_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['port'])


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
