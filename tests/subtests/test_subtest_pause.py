"""docker_cli/pause through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/pause'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert "paused: ps says 'Up" in run.console
    assert 'unpaused: the counter advanced past' in run.console


def test_a_state_not_paused_in_inspect_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['inspect'], 'replace': ['true paused', 'false running']})
    assert_caught(run, NAME, "State.Paused and State.Status after docker pause: expected '('true', 'paused')'")


def test_paused_state_missing_from_ps_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['ps'], 'replace': ['(Paused)', '']})
    assert_caught(run, NAME, "Expected '(Paused)' in the docker ps status after docker pause")


def test_a_hanging_unpause_is_cut_and_the_paused_container_removed(subtest_runner) -> None:
    # docker unpause hangs and is killed: the container is left paused, and cleanup must still remove it.
    run = hang_control(subtest_runner, NAME, ['unpause'])
    assert 'unpause test_pause_' in run.result(NAME)[1]


def test_no_freezer_makes_it_test_na_quoting_the_engine(subtest_runner) -> None:
    fault = {
        'match': ['pause'],
        'exit_code': 1,
        'replace': ['', 'Error response from daemon: freezer not supported'],
        'stream': 'stderr',
    }
    run = subtest_runner(NAME, fault=fault)
    status, message = run.result(NAME)
    assert (status, message) == (
        'TEST_NA',
        'docker pause is not supported here; the engine says: Error response from daemon: freezer not supported',
    ), run.console[-3000:]
    assert run.garbage() == []


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)


def test_a_container_that_keeps_counting_while_paused_fails_the_subtest(subtest_runner) -> None:
    # The engine reports the pause everywhere (exit 0, inspect, ps) but never freezes the container.
    fault = [
        {'match': ['pause'], 'pretend': True},
        {'match': ['inspect'], 'replace': ['false running', 'true paused']},
        {'match': ['ps'], 'replace': ['Up', 'Up (Paused)']},
    ]
    run = subtest_runner(NAME, fault=fault)
    assert_caught(run, NAME, 'the container was not frozen: its counter went from')


def test_a_paused_container_missing_from_ps_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['ps'], 'drop_lines': 'Up'})
    assert_caught(run, NAME, 'docker ps does not list the paused container')
