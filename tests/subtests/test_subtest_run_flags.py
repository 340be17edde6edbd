"""docker_cli/run_flags through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/run_flags'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert '--pids-limit=20 stopped the fork loop at fork' in run.console


@pytest.mark.parametrize(
    ('child', 'fault', 'message'),
    [
        (
            'env_file',
            {'match': ['run'], 'replace': ['two words', 'two']},
            "variables set from --env-file: expected '1|two words'",
        ),
        ('hostname', {'match': ['run'], 'replace': ['dockertest-flags', 'other']}, 'hostname in the container'),
        (
            'read_only',
            {'match': ['run', '--read-only'], 'exit_code': 0},
            'a write to the root filesystem passed with --read-only',
        ),
        ('capabilities', {'match': ['run', '--cap-drop=CHOWN'], 'exit_code': 0}, 'chown passed with --cap-drop=CHOWN'),
        ('init', {'match': ['run', '--init'], 'replace': ['docker-init', 'sh']}, "PID 1 with --init is 'sh'"),
        (
            'label',
            {'match': ['ps'], 'drop_lines': 'test_run_flags_'},
            'docker ps --all --filter label=dockertest.run_flags=labelled',
        ),
        (
            'pids_limit',
            {'match': ['run'], 'drop_lines': "can't fork", 'stream': 'stderr'},
            "Expected 'can't fork' in the error of the fork loop",
        ),
        (
            'memory',
            [{'match': ['inspect'], 'replace': ['true', 'false']}, {'match': ['events'], 'drop_lines': 'oom'}],
            "State.OOMKilled: expected 'true'; got 'false'",
        ),
        (
            'no_new_privileges',
            {'match': ['run', '--security-opt=no-new-privileges'], 'replace': ['1', '0']},
            'with --security-opt no-new-privileges',
        ),
    ],
)
def test_a_broken_option_fails_its_sub_subtest(subtest_runner, child, fault, message) -> None:
    run = subtest_runner(NAME, fault=fault, custom=only_child('run_flags', child))
    assert_caught(run, NAME, message, child=child)


def test_an_oom_kill_left_out_of_state_is_taken_from_the_oom_event(subtest_runner) -> None:
    # docker 20.10 under load may leave State.OOMKilled false when it handles the exit after the OOM
    # notice; the engine's 'oom' event then still reports the kill.
    fault = {'match': ['inspect'], 'replace': ['true', 'false']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('run_flags', 'memory'))
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-3000:]
    assert 'but the engine reported an oom event for' in run.console


def test_a_kernel_warning_makes_the_sub_subtest_test_na_quoting_it(subtest_runner) -> None:
    warning = 'WARNING: Your kernel does not support pids limit capabilities or the cgroup is not mounted. PIDs limit discarded.'
    # The warning is put before the shell's first fork error on standard error.
    fault = {
        'match': ['run', '--pids-limit=20'],
        'replace': ["sh: can't fork", f"{warning}\nsh: can't fork"],
        'stream': 'stderr',
    }
    run = subtest_runner(NAME, fault=fault, custom=only_child('run_flags', 'pids_limit'))
    assert run.result(NAME) == ('TEST_NA', 'Every sub-subtest was skipped: pids_limit'), run.console[-3000:]
    assert f'docker run --pids-limit=20 is not supported here; the engine says: {warning}' in run.console
    assert run.garbage() == []


def test_a_hanging_run_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['run'], child='hostname')
