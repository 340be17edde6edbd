"""docker_cli/top through the subtest runner: GOOD with both clients and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, edited_ini, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/top'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'docker top agrees with ps after adding process 3' in run.console


def test_a_process_missing_from_top_fails_the_subtest(subtest_runner) -> None:
    custom = edited_ini('top', ('check_timeout = 10', 'check_timeout = 2'))
    run = subtest_runner(NAME, fault={'match': ['top'], 'drop_lines': 'sleep'}, custom=custom)
    assert_faulted(
        run, NAME, 'FAIL', 'after adding process 1 did not happen', 'docker top lists 1 processes; expected 2'
    )


def test_top_of_a_stopped_container_that_passes_fails_the_subtest(subtest_runner) -> None:
    # Only the top of the stopped container fails for real; the fault turns it into a success.
    run = subtest_runner(NAME, fault={'match': ['top'], 'exit_code': 0})
    assert_faulted(run, NAME, 'FAIL', 'docker top of a stopped container passed')


def test_a_hanging_exec_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = edited_ini('top', ('docker_timeout = 60', 'docker_timeout = 6'))
    run = subtest_runner(NAME, fault={'match': ['exec'], 'hang': True}, custom=custom)
    assert run.result(NAME)[0] in ('FAIL', 'ERROR')
    assert_faulted(run, NAME, run.result(NAME)[0], 'did not complete within 6 seconds and was killed')
