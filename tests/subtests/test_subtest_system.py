"""docker_cli/system through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/system'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'system df accounts for image' in run.console
    assert 'system events of test_system_' in run.console


def test_a_container_missing_from_system_df_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['system', 'df', '--verbose'], 'drop_lines': 'test_system_'}
    run = subtest_runner(NAME, fault=fault, custom=only_child('system', 'df'))
    assert_caught(run, NAME, 'docker system df --verbose does not list the container test_system_', child='df')


def test_a_lost_event_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['system', 'events'], 'drop_lines': '^start '}
    run = subtest_runner(NAME, fault=fault, custom=only_child('system', 'events'))
    assert_caught(run, NAME, "lacks 'start' after ['create']", child='events')
