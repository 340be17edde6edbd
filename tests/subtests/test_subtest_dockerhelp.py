"""docker_cli/dockerhelp: passes on a healthy client, fails when a help variation exits or prints wrongly."""

from __future__ import annotations

import pytest
from dockercli_support import CLIENTS, assert_fault_fired, hang_run, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]


@pytest.mark.parametrize('client', CLIENTS)
def test_dockerhelp_passes_with_each_client(subtest_runner, client) -> None:
    run = passing_run(subtest_runner, 'docker_cli/dockerhelp', client)
    assert '5 help variation(s) behaved as expected' in run.console


def test_dockerhelp_fails_when_an_unknown_command_exits_0(subtest_runner) -> None:
    run = subtest_runner('docker_cli/dockerhelp', fault={'match': ['foobar'], 'exit_code': 0})
    assert run.result('docker_cli/dockerhelp') == ('FAIL', "docker 'foobar' exited 0; expected a failure")
    assert_fault_fired(run, 'foobar')
    assert run.garbage() == []


def test_dockerhelp_fails_when_help_exits_non_zero(subtest_runner) -> None:
    run = subtest_runner('docker_cli/dockerhelp', fault={'match': ['help'], 'exit_code': 2})
    assert run.result('docker_cli/dockerhelp') == ('FAIL', "docker 'help' exited 2; expected 0")
    assert_fault_fired(run, 'help')


def test_dockerhelp_fails_when_help_loses_its_usage_line(subtest_runner) -> None:
    run = subtest_runner('docker_cli/dockerhelp', fault={'match': ['help'], 'drop_lines': '^Usage:'})
    assert run.result('docker_cli/dockerhelp') == ('FAIL', "docker 'help' did not print 'Usage:'")
    assert_fault_fired(run, 'help')


def test_dockerhelp_custom_lists_keep_quoted_spaces(subtest_runner) -> None:
    # The seed's 2014 lists, with a quoted space: today both fail, and the subtest must say so.
    section = (
        '[docker_cli/dockerhelp]\nsuccess_option_list = help,foobar," "\nfailure_option_list = \'\'\n'
        'success_expected_output = Usage:\nfailure_expected_output = --help\n'
    )
    run = subtest_runner('docker_cli/dockerhelp', custom={'dockerhelp.ini': section})
    assert run.result('docker_cli/dockerhelp') == (
        'FAIL',
        "docker 'foobar' exited 1; expected 0; docker ' ' exited 1; expected 0",
    )


def test_dockerhelp_errors_and_cleans_up_when_docker_hangs(subtest_runner) -> None:
    hang_run(subtest_runner, 'docker_cli/dockerhelp', ['help'])
