"""docker_cli/update through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/update'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'docker update: memory 96 MiB and 0.5 CPUs in inspect and in the cgroup files' in run.console
    assert 'docker update: --restart=on-failure:3 in inspect' in run.console


def test_a_cgroup_limit_that_differs_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['exec', 'cat'], 'replace': ['100663296', '67108864']})
    assert_caught(run, NAME, 'the memory limit in /sys/fs/cgroup/')


def test_limits_in_the_cgroup_but_not_in_inspect_fail_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['inspect'], 'replace': ['100663296', '67108864']})
    assert_caught(run, NAME, 'HostConfig.Memory, NanoCpus and State.Running in docker inspect after docker update')


def test_an_inspect_without_the_new_policy_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['inspect'], 'replace': ['on-failure:3', 'no:0']})
    assert_caught(run, NAME, 'HostConfig.RestartPolicy and State.Running after docker update --restart')


def test_a_kernel_without_cpu_quotas_makes_it_test_na(subtest_runner) -> None:
    warning = 'Error response from daemon: Cannot update container: NanoCPUs can not be set, as your kernel does not support CPU cfs period/quota or the cgroup is not mounted'
    run = subtest_runner(
        NAME, fault={'match': ['update'], 'exit_code': 1, 'replace': ['', warning], 'stream': 'stderr'}
    )
    assert run.result(NAME) == ('TEST_NA', f'docker update is not supported here; the engine says: {warning}'), (
        run.console[-3000:]
    )
    assert run.garbage() == []


def test_a_hanging_update_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['update'])
