"""docker_cli/stats through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/stats'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'docker stats: test_stats_' in run.console


def test_a_wrong_memory_limit_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['stats', '--format'], 'replace': ['/ 64MiB', '/ 32MiB']})
    assert_caught(run, NAME, 'the limit in {{.MemUsage}}')


def test_a_missing_column_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['stats'], 'replace': ['PIDS', 'TASKS']})
    assert_caught(run, NAME, "Expected 'PIDS' in the header of docker stats --no-stream")


def test_a_kernel_without_memory_limits_makes_it_test_na(subtest_runner) -> None:
    warning = 'WARNING: Your kernel does not support memory limit capabilities or the cgroup is not mounted. Limitation discarded.'
    run = subtest_runner(NAME, fault={'match': ['run'], 'replace': ['', warning], 'stream': 'stderr'})
    assert run.result(NAME) == ('TEST_NA', f'docker run is not supported here; the engine says: {warning}'), (
        run.console[-3000:]
    )
    assert run.garbage() == []


def test_a_hanging_stats_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['stats'])


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
