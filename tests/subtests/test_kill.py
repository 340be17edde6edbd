"""docker_cli/kill through the subtest runner: GOOD with both clients, its negative controls, the soak."""

from __future__ import annotations

import pytest
from lifecycle import CLIENTS, custom_ini, soak

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/kill'
STRESS = 'stress,stress_parallel,run_sigproxy_stress,attach_sigproxy_stress'


@pytest.mark.timeout(300)
@pytest.mark.parametrize('client', CLIENTS)
def test_kill_passes(subtest_runner, client) -> None:
    run = subtest_runner(NAME, docker_client=client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert 'signals_sequence = ' in run.console
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_an_accepted_bad_signal_is_caught(subtest_runner) -> None:
    custom = custom_ini('kill', {'': {'subsubtests': 'bad'}})
    run = subtest_runner(NAME, fault={'match': ['kill', 'SIGBADSIGNAL'], 'exit_code': 0}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: bad')
    assert "docker kill accepted invalid signal(s) ['SIGBADSIGNAL'] (exit status 0)" in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_failing_kill_is_caught(subtest_runner) -> None:
    custom = custom_ini('kill', {'': {'subsubtests': 'random_num', 'signals_sequence': '10 M12 1'}})
    # The second signal, sent by name, is reported failed although docker delivered it.
    run = subtest_runner(NAME, fault={'match': ['kill', 'USR2'], 'exit_code': 1}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: random_num')
    assert 'docker kill of signal USR2: Unexpected non-zero exit code' in run.console
    assert 'signals_sequence = 10 M12 1' in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_hanging_attach_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = custom_ini('kill', {'': {'wait_start': '4', 'subsubtests': 'attach_sigproxy'}})
    run = subtest_runner(NAME, fault={'match': ['attach'], 'hang': True}, custom=custom)
    assert run.result(NAME) == ('FAIL', 'Sub-subtest failures: attach_sigproxy')
    assert 'not ready within 4 s' in run.console
    assert run.fault_log
    assert run.garbage() == []


@pytest.mark.timeout(300)
def test_a_bad_signals_sequence_is_named(subtest_runner) -> None:
    custom = custom_ini('kill', {'': {'subsubtests': 'random_num', 'signals_sequence': '10 X3'}})
    run = subtest_runner(NAME, custom=custom)
    assert run.result(NAME)[0] in ('FAIL', 'ERROR')
    assert "[docker_cli/kill/random_num] signals_sequence: bad token 'X3'" in run.console
    assert run.garbage() == []
    custom = custom_ini('kill', {'': {'subsubtests': 'random_num', 'kill_signals': 'one 32'}})
    run = subtest_runner(NAME, custom=custom)
    assert run.result(NAME)[0] in ('FAIL', 'ERROR')
    assert "kill_signals = 'one 32': expected 1 to 3 space-separated integers" in run.console
    assert run.garbage() == []


@pytest.mark.soak
@pytest.mark.timeout(3000)
def test_kill_stress_twenty_times_in_a_row(subtest_runner) -> None:
    assert soak(subtest_runner, NAME, custom=custom_ini('kill', {'': {'subsubtests': STRESS}})) == []
