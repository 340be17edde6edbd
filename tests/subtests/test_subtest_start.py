"""docker_cli/start through the subtest runner: GOOD with both clients and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, edited_ini, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/start'
ALL = 'subsubtests = simple,short_term_app,long_term_app,rerun_long_term_app'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    passing_run(subtest_runner, NAME, docker_client)


def test_a_failing_start_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini('start', (ALL, 'subsubtests = long_term_app'))
    run = subtest_runner(NAME, fault={'match': ['start'], 'exit_code': 1}, custom=custom)
    assert_faulted(
        run, NAME, 'FAIL', 'long_term_app (docker start of a killed container: Unexpected non-zero exit code'
    )


def test_lost_attached_output_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini('start', (ALL, 'subsubtests = short_term_app'))
    run = subtest_runner(NAME, fault={'match': ['start', '--attach'], 'drop_lines': 'passwd'}, custom=custom)
    assert_faulted(run, NAME, 'FAIL', "short_term_app (Expected 'passwd' in the attached output")


def test_a_start_of_a_missing_container_that_passes_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini('start', (ALL, 'subsubtests = simple'))
    run = subtest_runner(NAME, fault={'match': ['start'], 'exit_code': 0}, custom=custom)
    assert_faulted(run, NAME, 'FAIL', 'simple (docker start of the missing container missing_', ' passed)')


def test_a_hanging_start_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = edited_ini(
        'start', ('docker_start_timeout = 30.0', 'docker_start_timeout = 5'), (ALL, 'subsubtests = long_term_app')
    )
    run = subtest_runner(NAME, fault={'match': ['start'], 'hang': True}, custom=custom)
    assert_faulted(run, NAME, 'FAIL', 'long_term_app (', 'did not complete within 5 seconds and was killed')
