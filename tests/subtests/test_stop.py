"""docker_cli/stop through the subtest runner: GOOD with both clients, its negative controls, the soak."""

from __future__ import annotations

import re

import pytest
from lifecycle import CLIENTS, custom_ini, soak

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/stop'


@pytest.mark.timeout(300)
@pytest.mark.parametrize('client', CLIENTS)
def test_stop_passes(subtest_runner, client) -> None:
    run = subtest_runner(NAME, docker_client=client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert 'docker stop took' in run.console
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_stop_failing_is_caught(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['stop'], 'exit_code': 1})
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: nice, force, stopped, zerotime')
    assert 'docker stop: Unexpected non-zero exit code' in run.console
    assert run.fault_log and all(entry['argv'][0] == 'stop' for entry in run.fault_log)
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_stop_of_the_wrong_duration_fails(subtest_runner) -> None:
    # The duration check can fail: a nice stop is quick, so expecting the whole grace period fails.
    custom = custom_ini('stop', {'': {'subsubtests': 'nice'}, 'nice': {'stop_duration': '8'}})
    run = subtest_runner(NAME, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: nice')
    assert re.search(r'docker stop took \d+\.\d\d s; expected 8 \+- 2 s', run.console)
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_hanging_stop_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = custom_ini('stop', {'': {'docker_timeout': '8', 'subsubtests': 'force'}})
    run = subtest_runner(NAME, fault={'match': ['stop'], 'hang': True}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: force')
    assert 'did not complete within 8 seconds and was killed' in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.soak
@pytest.mark.timeout(1800)
def test_stop_twenty_times_in_a_row(subtest_runner) -> None:
    assert soak(subtest_runner, NAME) == []
