"""docker_cli/invalid: passes on a healthy engine and can fail: an accepted or silently refused bad run fails it."""

from __future__ import annotations

import pytest
from dockercli_support import CLIENTS, assert_fault_fired, hang_run, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(180)]


@pytest.mark.parametrize('client', CLIENTS)
def test_invalid_passes_with_each_client(subtest_runner, client) -> None:
    run = passing_run(subtest_runner, 'docker_cli/invalid', client)
    for child, count in (('option', 4), ('image', 2), ('command', 3), ('arg', 2)):
        assert f'SubSubtest {child} {count} invalid run(s) refused as expected' in run.console


def test_invalid_fails_when_a_bad_option_is_accepted(subtest_runner) -> None:
    run = subtest_runner('docker_cli/invalid', fault={'match': ['run', '--bogus-flag'], 'exit_code': 0})
    status, message = run.result('docker_cli/invalid')
    assert status == 'FAIL' and message.startswith(
        "Sub-subtest failures: option (docker run with option '--bogus-flag' "
    ), run.console[-3000:]
    assert "docker run with option '--bogus-flag' exited 0; expected a failure" in run.console
    assert_fault_fired(run, 'run')
    assert run.garbage() == []


def test_invalid_fails_when_the_error_line_is_missing(subtest_runner) -> None:
    fault = {'match': ['run', '/nonexistent-cmd'], 'stream': 'stderr', 'drop_lines': 'no such file or directory'}
    run = subtest_runner('docker_cli/invalid', fault=fault)
    status, message = run.result('docker_cli/invalid')
    assert status == 'FAIL' and message.startswith('Sub-subtest failures: command (docker run with command '), (
        run.console[-3000:]
    )
    assert (
        "docker run with command '/nonexistent-cmd' exited 127 without "
        "'no such file or directory|executable file not found' in its output"
    ) in run.console
    assert_fault_fired(run, 'run')
    # The refused command still created a container: cleanup removed it.
    assert run.garbage() == []


def test_invalid_cleans_up_when_docker_hangs(subtest_runner) -> None:
    run = hang_run(subtest_runner, 'docker_cli/invalid', ['run', 'ls'], subtest_error=False)
    status, message = run.result('docker_cli/invalid')
    assert status == 'FAIL' and message.startswith('Sub-subtest failures: arg ('), run.console[-3000:]
