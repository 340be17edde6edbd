"""docker_cli/restart_policy through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, only_child, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/restart_policy'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'on-failure:2 restarted the failing container exactly 2 times' in run.console


def test_a_wrong_restart_count_fails_the_subtest(subtest_runner) -> None:
    fault = {
        'match': ['inspect', '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}'],
        'replace': ['exited 2 3', 'exited 3 3'],
    }
    run = subtest_runner(NAME, fault=fault, custom=only_child('restart_policy', 'on_failure'))
    assert_caught(run, NAME, "expected '('exited', 2, 3)'; got '('exited', 3, 3)'", child='on_failure')


def test_a_policy_not_recorded_fails_the_subtest(subtest_runner) -> None:
    fault = {
        'match': ['inspect', '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}'],
        'replace': ['unless-stopped', 'always'],
    }
    run = subtest_runner(NAME, fault=fault, custom=only_child('restart_policy', 'unless_stopped'))
    assert_caught(run, NAME, 'HostConfig.RestartPolicy of --restart=unless-stopped', child='unless_stopped')


def test_a_hanging_stop_is_cut_and_the_restarting_container_removed(subtest_runner) -> None:
    # docker stop hangs and is cut: the restarting container must still be removed.
    hang_control(subtest_runner, NAME, ['stop'], child='always')


@pytest.mark.soak
@pytest.mark.timeout(1800)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
