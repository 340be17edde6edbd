"""docker_cli/create through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, only_child, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/create'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert "docker start ran it: running and printed 'settings-ok'" in run.console


def test_a_created_container_reported_running_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['inspect'], 'replace': ['"Status":"created"', '"Status":"running"']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('create', 'created_state'))
    assert_caught(
        run, NAME, "State of the container: expected '('created', False, 0)'; got '('running'", child='created_state'
    )


def test_a_lost_label_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['inspect'], 'replace': ['"dockertest.create":"yes"', '"dockertest.create":"no"']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('create', 'created_state'))
    assert_caught(run, NAME, "Config.Labels[dockertest.create]: expected 'yes'; got 'no'", child='created_state')


def test_a_start_that_does_not_run_the_command_fails_the_subtest(subtest_runner) -> None:
    custom = only_child('create', 'created_state', ('start_timeout = 20', 'start_timeout = 2'))
    run = subtest_runner(NAME, fault={'match': ['logs'], 'drop_lines': 'settings-ok'}, custom=custom)
    assert_caught(
        run,
        NAME,
        "the started container to run and print 'settings-ok' did not happen within 2 s",
        child='created_state',
    )


def test_a_name_conflict_that_passes_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['create'], 'exit_code': 0}, custom=only_child('create', 'name_conflict')
    )
    assert_caught(run, NAME, 'a second docker create --name=test_create_', child='name_conflict')


def test_a_hanging_start_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['start'], child='created_state')


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
