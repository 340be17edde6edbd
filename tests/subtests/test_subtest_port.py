"""docker_cli/port through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, passing_run

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
