"""docker_cli/logs through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, only_child, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/logs'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert '10 timestamps parsed, in order, within 2 s of the host clock' in run.console
    assert 'docker logs --follow showed the line written after it started' in run.console


def test_tail_giving_one_line_too_many_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['logs', '--tail', '3'], 'replace': ['8', '7\n8']}, custom=only_child('logs', 'tail')
    )
    assert_caught(
        run, NAME, "docker logs --tail 3: expected '['8', '9', '10']'; got '['7', '8', '9', '10']'", child='tail'
    )


def test_a_timestamp_off_the_host_clock_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['logs', '--timestamps'], 'replace': ['20', '19']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('logs', 'timestamps'))
    assert_caught(run, NAME, 'is outside the host clock readings', child='timestamps')


def test_since_keeping_an_early_line_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['logs', '--since'], 'replace': ['late-1', 'early-2\nlate-1']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('logs', 'since'))
    assert_caught(run, NAME, "got '['early-2', 'late-1', 'late-2']'", child='since')


def test_mixed_streams_fail_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME,
        fault={'match': ['logs'], 'replace': ['out-2', 'err-2'], 'stream': 'stdout'},
        custom=only_child('logs', 'streams'),
    )
    assert_caught(run, NAME, "the standard output of docker logs: expected '['out-1', 'out-2']'", child='streams')


def test_a_follower_that_misses_the_later_line_fails_the_subtest(subtest_runner) -> None:
    custom = only_child('logs', 'follow', ('log_timeout = 20', 'log_timeout = 3'))
    run = subtest_runner(NAME, fault={'match': ['logs', '--follow'], 'drop_lines': 'later'}, custom=custom)
    assert_caught(
        run, NAME, 'the line written after docker logs --follow started did not happen within 3 s', child='follow'
    )


def test_logs_of_a_removed_container_passing_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['logs'], 'exit_code': 0}, custom=only_child('logs', 'removed'))
    assert_caught(run, NAME, 'docker logs of the removed test_logs_', child='removed')


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)


def test_a_hanging_logs_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['logs'], child='tail')
