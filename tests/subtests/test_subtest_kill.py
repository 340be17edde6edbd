"""docker_cli/kill through the subtest runner: GOOD with both clients, its negative controls, the soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, edited_ini, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/kill'
ALL = (
    'subsubtests = random_num,random_name,sigstop,bad,stress,stress_parallel,run_sigproxy,run_sigproxy_ttyoff,'
    'run_sigproxy_stress,attach_sigproxy,attach_sigproxy_stress'
)


def only(child: str) -> tuple[str, str]:
    """The replacement that runs only ``child``."""
    return (ALL, f'subsubtests = {child}')


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'signals_sequence = ' in run.console


def test_an_accepted_bad_signal_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['kill', 'SIGBADSIGNAL'], 'exit_code': 0}, custom=edited_ini('kill', only('bad'))
    )
    assert_faulted(run, NAME, 'FAIL', "bad (docker kill accepted invalid signal(s) ['SIGBADSIGNAL'] (exit status 0))")


def test_a_failing_kill_fails_the_subtest(subtest_runner) -> None:
    # The second signal, sent by name, is reported failed although docker delivered it.
    custom = edited_ini('kill', only('random_num'), ('signals_sequence =', 'signals_sequence = 10 M12 1'))
    run = subtest_runner(NAME, fault={'match': ['kill', 'USR2'], 'exit_code': 1}, custom=custom)
    assert_faulted(run, NAME, 'FAIL', 'random_num (docker kill of signal USR2: Unexpected non-zero exit code')
    assert 'signals_sequence = 10 M12 1' in run.console


def test_a_hanging_attach_is_cut_and_cleaned_up(subtest_runner) -> None:
    custom = edited_ini('kill', only('attach_sigproxy'), ('wait_start = 20', 'wait_start = 4'))
    run = subtest_runner(NAME, fault={'match': ['attach'], 'hang': True}, custom=custom)
    assert_faulted(run, NAME, 'FAIL', 'attach_sigproxy (container test_kill_', 'to be ready did not happen within 4 s')


def test_bad_signal_options_are_named(subtest_runner) -> None:
    custom = edited_ini('kill', only('random_num'), ('signals_sequence =', 'signals_sequence = 10 X3'))
    run = subtest_runner(NAME, custom=custom)
    assert run.result(NAME) == (
        'FAIL',
        (
            "Sub-subtest failures: random_num ([docker_cli/kill/random_num] signals_sequence: bad token 'X3'; "
            'expected a signal number, optionally prefixed M (send its name) and/or L (the --signal= form))'
        ),
    )
    assert run.garbage() == []
    run = subtest_runner(
        NAME, custom=edited_ini('kill', only('random_num'), ('kill_signals = 1 32', 'kill_signals = one 32'))
    )
    assert "kill_signals = 'one 32': expected 1 to 3 space-separated integers" in run.result(NAME)[1]
    assert run.garbage() == []


@pytest.mark.soak
@pytest.mark.timeout(3000)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)


def test_a_failed_docker_run_is_not_waited_for(subtest_runner) -> None:
    # docker run itself refuses the option (exit 125): the READY wait stops at once, not after wait_start.
    custom = edited_ini(
        'kill',
        only('random_num'),
        ('run_options_csv = --tty,--attach=stdout', 'run_options_csv = --tty,--attach=stdout,--memory=bogus'),
        ('wait_start = 20', 'wait_start = 120'),
    )
    run = subtest_runner(NAME, custom=custom)
    status, message = run.result(NAME)
    assert status == 'FAIL', run.console[-3000:]
    assert 'random_num (gave up waiting for container test_kill_' in message
    assert 'to be ready: the client ended first (client exit status 125' in message
    assert run.garbage() == []
