"""docker_cli/wait through the subtest runner: GOOD with both clients and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, edited_ini, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/wait'
ALL = 'subsubtests = no_wait,wait_first,wait_last,wait_missing'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert run.console.count('docker wait took') == 4


def test_a_wrong_exit_status_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini('wait', (ALL, 'subsubtests = no_wait'))
    run = subtest_runner(NAME, fault={'match': ['wait'], 'replace': ['3', '4']}, custom=custom)
    assert_faulted(
        run, NAME, 'FAIL', "no_wait (exit statuses printed by docker wait: expected '['2', '3']'; got '['2', '4']')"
    )


def test_a_lost_missing_container_error_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini(
        'wait',
        (ALL, 'subsubtests = wait_missing'),
        (
            'wait_for = _dockertest_wait_missing_a 0 _dockertest_wait_missing_b 1 2 _dockertest_wait_missing_c',
            'wait_for = _nosuch_x 0',
        ),
    )
    run = subtest_runner(NAME, fault={'match': ['wait'], 'drop_lines': 'No such', 'stream': 'stderr'}, custom=custom)
    assert_faulted(run, NAME, 'FAIL', "wait_missing (Expected 'No such container: nosuch_x' in the docker wait errors")


def test_a_hanging_wait_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = edited_ini('wait', ('docker_timeout = 60', 'docker_timeout = 8'), (ALL, 'subsubtests = wait_first'))
    run = subtest_runner(NAME, fault={'match': ['wait'], 'hang': True}, custom=custom)
    assert_faulted(run, NAME, 'FAIL', 'wait_first (', 'did not complete within 8 seconds and was killed')
