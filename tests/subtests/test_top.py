"""docker_cli/top through the subtest runner: GOOD with both clients and its negative controls."""

from __future__ import annotations

import pytest
from lifecycle import CLIENTS, custom_ini

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/top'


@pytest.mark.timeout(300)
@pytest.mark.parametrize('client', CLIENTS)
def test_top_passes(subtest_runner, client) -> None:
    run = subtest_runner(NAME, docker_client=client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert 'docker top agrees with ps after adding process 3' in run.console
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_process_missing_from_top_is_caught(subtest_runner) -> None:
    custom = custom_ini('top', {'': {'check_timeout': '2'}})
    run = subtest_runner(NAME, fault={'match': ['top'], 'drop_lines': 'sleep'}, custom=custom)
    status, message = run.result(NAME)
    assert status == 'FAIL'
    assert message.startswith('after adding process 1: docker top lists 1 processes; expected 2')
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_top_of_a_stopped_container_that_passes_is_caught(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['top'], 'exit_code': 0})
    # Only the top of the stopped container fails for real; the fault turns it into a success.
    status, message = run.result(NAME)
    assert (status, message.split(':')[0]) == ('FAIL', 'docker top of a stopped container passed')
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_hanging_exec_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = custom_ini('top', {'': {'docker_timeout': '6'}})
    run = subtest_runner(NAME, fault={'match': ['exec'], 'hang': True}, custom=custom)
    status, message = run.result(NAME)
    assert status in ('FAIL', 'ERROR')
    assert 'did not complete within 6 seconds and was killed' in message
    assert run.garbage() == []
