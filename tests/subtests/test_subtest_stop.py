"""docker_cli/stop through the subtest runner: GOOD with both clients, its negative controls, the soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, edited_ini, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/stop'
ALL = 'subsubtests = nice,force,stopped,zerotime'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert run.console.count('docker stop took') == 4


def test_a_failing_stop_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['stop'], 'exit_code': 1})
    assert_faulted(run, NAME, 'FAIL', 'Sub-subtest failures: nice (docker stop: Unexpected non-zero exit code')
    assert run.result(NAME)[1].count('docker stop: Unexpected non-zero exit code') == 4


def test_a_stop_of_the_wrong_duration_fails(subtest_runner) -> None:
    # The duration check can fail: a nice stop is quick, so expecting the whole grace period fails.
    custom = edited_ini(
        'stop', (ALL, 'subsubtests = nice'), ('[docker_cli/stop/nice]', '[docker_cli/stop/nice]\nstop_duration = 8')
    )
    run = subtest_runner(NAME, custom=custom)
    status, message = run.result(NAME)
    assert status == 'FAIL'
    assert message.startswith('Sub-subtest failures: nice (docker stop took ')
    assert message.endswith('s; expected 8 +- 2 s)')
    assert run.garbage() == []


def test_a_hanging_stop_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = edited_ini('stop', ('docker_timeout = 60', 'docker_timeout = 8'), (ALL, 'subsubtests = force'))
    run = subtest_runner(NAME, fault={'match': ['stop'], 'hang': True}, custom=custom)
    assert_faulted(
        run, NAME, 'FAIL', 'Sub-subtest failures: force (', 'did not complete within 8 seconds and was killed'
    )


@pytest.mark.soak
@pytest.mark.timeout(1800)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
