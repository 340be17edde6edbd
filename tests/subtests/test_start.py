"""docker_cli/start through the subtest runner: GOOD with both clients and its negative controls."""

from __future__ import annotations

import pytest
from lifecycle import CLIENTS, custom_ini

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/start'


@pytest.mark.timeout(300)
@pytest.mark.parametrize('client', CLIENTS)
def test_start_passes(subtest_runner, client) -> None:
    run = subtest_runner(NAME, docker_client=client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_failing_start_is_caught(subtest_runner) -> None:
    custom = custom_ini('start', {'': {'subsubtests': 'long_term_app'}})
    run = subtest_runner(NAME, fault={'match': ['start'], 'exit_code': 1}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: long_term_app')
    assert 'docker start of a killed container: Unexpected non-zero exit code' in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_lost_attached_output_is_caught(subtest_runner) -> None:
    custom = custom_ini('start', {'': {'subsubtests': 'short_term_app'}})
    run = subtest_runner(NAME, fault={'match': ['start', '--attach'], 'drop_lines': 'passwd'}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: short_term_app')
    assert "Expected 'passwd' in the attached output" in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_start_of_a_missing_container_that_passes_is_caught(subtest_runner) -> None:
    custom = custom_ini('start', {'': {'subsubtests': 'simple'}})
    missing = subtest_runner(NAME, fault={'match': ['start'], 'exit_code': 0}, custom=custom)
    assert missing.result(NAME) == ('FAIL', 'Sub-subtest failures: simple')
    assert 'docker start of the missing container missing_' in missing.console
    assert missing.garbage() == []


@pytest.mark.timeout(300)
def test_a_hanging_start_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = custom_ini('start', {'': {'docker_start_timeout': '5', 'subsubtests': 'long_term_app'}})
    run = subtest_runner(NAME, fault={'match': ['start'], 'hang': True}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: long_term_app')
    assert 'did not complete within 5 seconds and was killed' in run.console
    assert run.garbage() == []
