"""docker_cli/healthcheck through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, only_child, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/healthcheck'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'turned unhealthy with a failing streak of' in run.console


def test_a_container_never_healthy_fails_the_subtest(subtest_runner) -> None:
    custom = only_child('healthcheck', 'healthy', ('health_timeout = 30', 'health_timeout = 4'))
    run = subtest_runner(
        NAME, fault={'match': ['inspect'], 'replace': ['"Status":"healthy"', '"Status":"starting"']}, custom=custom
    )
    assert_caught(run, NAME, 'to be healthy did not happen within 4 s', child='healthy')


def test_a_streak_reset_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['inspect'], 'replace': ['"FailingStreak":', '"FailingStreak":0,"Was":']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('healthcheck', 'unhealthy'))
    assert_caught(run, NAME, 'FailingStreak 0 of the unhealthy container; expected at least 2', child='unhealthy')


def test_no_healthcheck_ignored_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['inspect'], 'replace': ['"Test":["NONE"]', '"Test":["CMD-SHELL","exit 1"]']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('healthcheck', 'no_healthcheck'))
    assert_caught(run, NAME, 'Config.Healthcheck.Test with --no-healthcheck', child='no_healthcheck')


@pytest.mark.soak
@pytest.mark.timeout(1800)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)


def test_a_hanging_inspect_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['inspect'], child='healthy')


def test_an_engine_that_cannot_run_checks_makes_it_test_na_quoting_it(subtest_runner) -> None:
    said = 'level=error msg="unable to get systemd connection to add healthchecks: no such file"'
    custom = only_child(
        'healthcheck', 'healthy', ('unsupported_msgs =', 'unsupported_msgs = unable to get systemd connection')
    )
    run = subtest_runner(NAME, fault={'match': ['run'], 'replace': ['', said], 'stream': 'stderr'}, custom=custom)
    assert run.result(NAME) == ('TEST_NA', 'Every sub-subtest was skipped: healthy'), run.console[-3000:]
    assert f'docker run is not supported here; the engine says: {said}' in run.console
    assert run.garbage() == []
