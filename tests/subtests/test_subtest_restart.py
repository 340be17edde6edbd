"""docker_cli/restart through the subtest runner: GOOD with both clients, its negative controls, the soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, edited_ini, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/restart'
ALL = 'subsubtests = nice,force,stopped,zerotime'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert run.console.count('docker restart took') == 4


def test_a_lost_log_line_fails_the_subtest(subtest_runner) -> None:
    # docker logs no longer shows what the container printed on SIGTERM.
    custom = edited_ini('restart', (ALL, 'subsubtests = nice'), ('check_timeout = 15', 'check_timeout = 3'))
    run = subtest_runner(NAME, fault={'match': ['logs'], 'drop_lines': 'Received SIGTERM'}, custom=custom)
    assert_faulted(
        run,
        NAME,
        'FAIL',
        'nice (after restart: every line of restart_check in the container logs, in order, did not happen within 3 s',
        "line 'Received SIGTERM, finishing' missing from the logs",
    )


def test_a_restart_of_the_wrong_duration_fails(subtest_runner) -> None:
    custom = edited_ini('restart', (ALL, 'subsubtests = force'), ('restart_duration = 4', 'restart_duration = 10'))
    run = subtest_runner(NAME, custom=custom)
    status, message = run.result(NAME)
    assert status == 'FAIL'
    assert message.startswith('Sub-subtest failures: force (docker restart took ')
    assert message.endswith('s; expected 10 +- 3 s)')
    assert run.garbage() == []


def test_a_hanging_restart_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = edited_ini('restart', ('docker_timeout = 60', 'docker_timeout = 8'), (ALL, 'subsubtests = nice'))
    run = subtest_runner(NAME, fault={'match': ['restart'], 'hang': True}, custom=custom)
    assert_faulted(
        run, NAME, 'FAIL', 'Sub-subtest failures: nice (', 'did not complete within 8 seconds and was killed'
    )


@pytest.mark.soak
@pytest.mark.timeout(1800)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
