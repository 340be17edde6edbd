"""docker_cli/insert: TEST_NA with the client's own answer on today's clients; the detection is real."""

from __future__ import annotations

import pytest
from dockercli_support import CLIENTS, hang_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]


@pytest.mark.parametrize('client', CLIENTS)
def test_insert_is_test_na_with_the_reason_on_todays_clients(subtest_runner, client) -> None:
    run = subtest_runner('docker_cli/insert', docker_client=client)
    status, message = run.result('docker_cli/insert')
    assert status == 'TEST_NA', run.console[-3000:]
    assert message.startswith(f'The docker client {client} has no insert command (removed in docker 1.1.0)')
    assert 'is not a docker command' in message or 'unknown command' in message
    assert run.garbage() == []


def test_insert_is_test_na_without_a_file_url(subtest_runner) -> None:
    section = '[docker_cli/insert]\nremove_after_test = yes\nfile_url =\n'
    run = subtest_runner('docker_cli/insert', custom={'insert.ini': section})
    assert run.result('docker_cli/insert') == ('TEST_NA', '[docker_cli/insert] file_url is empty: nothing to insert')


def test_insert_tries_the_command_when_the_client_seems_to_have_it(subtest_runner) -> None:
    # The client hides its "no such command" answer: the subtest must then really run insert, and fail.
    fault = {'match': ['insert'], 'stream': 'stderr', 'replace': ["'insert' is not a docker command", 'insert: usage']}
    run = subtest_runner('docker_cli/insert', fault=fault)
    status, message = run.result('docker_cli/insert')
    assert status == 'FAIL', run.console[-3000:]
    assert message == 'Unexpected command failure:'
    probe, tried = (entry['argv'] for entry in run.fault_log)
    assert probe == ['insert']
    assert tried[:3] == ['insert', 'localhost:5000/dockertest/busybox:latest', 'http://127.0.0.1:5080/busybox']
    assert run.garbage() == []


def test_insert_errors_and_cleans_up_when_docker_hangs(subtest_runner) -> None:
    hang_run(subtest_runner, 'docker_cli/insert', ['insert'])
