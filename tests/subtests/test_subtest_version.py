"""docker_cli/version: passes on a healthy engine, fails on a misreported server version, cleans up on a hang."""

from __future__ import annotations

import pytest
from dockercli_support import CLIENTS, assert_fault_fired, docker, hang_run, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]


@pytest.mark.parametrize('client', CLIENTS)
def test_version_passes_with_each_client(subtest_runner, client) -> None:
    run = passing_run(subtest_runner, 'docker_cli/version', client)
    assert 'Found docker versions client:' in run.console


def test_version_fails_when_the_cli_misreports_the_server_version(subtest_runner) -> None:
    # The newer client differs from the daemon, so only the server lines carry the daemon's version.
    client = CLIENTS[-1]
    server = docker('version', '--format', '{{.Server.Version}}', client=client).strip()
    run = subtest_runner(
        'docker_cli/version', docker_client=client, fault={'match': ['version'], 'replace': [server, '99.1.2-fault']}
    )
    status, message = run.result('docker_cli/version')
    assert status == 'FAIL', run.console[-3000:]
    assert "server version '99.1.2-fault'" in message
    assert f"Version '{server}'" in message
    assert_fault_fired(run, 'version')
    assert run.garbage() == []


def test_version_errors_and_cleans_up_when_docker_hangs(subtest_runner) -> None:
    hang_run(subtest_runner, 'docker_cli/version', ['version'])
