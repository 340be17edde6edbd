"""docker_cli/exec through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/exec'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'exit statuses passed through: 0 3 42' in run.console


def test_a_lost_exit_status_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['exec', 'exit 42'], 'exit_code': 0}, custom=only_child('exec', 'exit_status')
    )
    assert_caught(run, NAME, "docker exec of 'exit 42': exit status 0; expected 42", child='exit_status')


def test_a_lost_environment_variable_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME,
        fault={'match': ['exec', '--env'], 'drop_lines': '^hello world$'},
        custom=only_child('exec', 'env_workdir_user'),
    )
    assert_caught(
        run,
        NAME,
        "variable, directory, uid and gid: expected '['hello world', '/tmp', '1234', '2345']'",
        child='env_workdir_user',
    )


def test_stdin_without_interactive_arriving_fails_the_subtest(subtest_runner) -> None:
    # The fault prints the input line although docker exec ran without --interactive.
    fault = [{'match': ['exec', 'cat'], 'replace': ['', 'dockertest stdin line']}]
    run = subtest_runner(NAME, fault=fault, custom=only_child('exec', 'stdin'))
    assert_caught(run, NAME, "what cat printed without --interactive: expected ''", child='stdin')


def test_exec_into_a_stopped_container_that_passes_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['exec', 'true'], 'exit_code': 0}, custom=only_child('exec', 'stopped'))
    assert_caught(run, NAME, 'docker exec into the stopped test_exec_', child='stopped')


def test_a_missing_command_with_the_wrong_status_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['exec', '/nonexistent-dockertest-cmd'], 'exit_code': 1}
    run = subtest_runner(NAME, fault=fault, custom=only_child('exec', 'missing_command'))
    assert_caught(run, NAME, 'exit status 1; expected 126 or 127', child='missing_command')


def test_a_hanging_exec_is_cut_and_its_container_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['exec'], child='exit_status')


def test_an_engine_without_a_freezer_makes_paused_test_na_quoting_its_error(subtest_runner) -> None:
    fault = {
        'match': ['pause'],
        'exit_code': 1,
        'replace': ['', 'Error response from daemon: cgroup freezer gone'],
        'stream': 'stderr',
    }
    run = subtest_runner(NAME, fault=fault, custom=only_child('exec', 'paused'))
    assert run.result(NAME) == ('TEST_NA', 'Every sub-subtest was skipped: paused'), run.console[-3000:]
    assert (
        'docker pause is not supported here; the engine says: Error response from daemon: cgroup freezer gone'
        in run.console
    )
    assert run.garbage() == []
