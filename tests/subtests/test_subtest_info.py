"""docker_cli/info: passes on a healthy engine, fails when docker info disagrees with the API or the listings."""

from __future__ import annotations

import pytest
from dockercli_support import CLIENTS, assert_fault_fired, hang_run, passing_run

# docker_cli/info counts every container and image on the engine (run_alone).
pytestmark = [pytest.mark.daemon, pytest.mark.engine_alone, pytest.mark.timeout(120)]


@pytest.mark.parametrize('client', CLIENTS)
def test_info_passes_with_each_client(subtest_runner, client) -> None:
    run = passing_run(subtest_runner, 'docker_cli/info', client)
    assert 'docker info agrees with the API /info and the listings' in run.console


def test_info_fails_when_the_storage_driver_disagrees_with_the_api(subtest_runner) -> None:
    run = subtest_runner(
        'docker_cli/info', fault={'match': ['info'], 'replace': ['Storage Driver: ', 'Storage Driver: bad-']}
    )
    status, message = run.result('docker_cli/info')
    assert status == 'FAIL', run.console[-3000:]
    assert "docker info 'Storage Driver' is 'bad-" in message
    assert "but the API /info 'Driver' is '" in message
    assert_fault_fired(run, 'info')
    assert run.garbage() == []


def test_info_fails_when_the_container_count_disagrees_with_docker_ps(subtest_runner) -> None:
    # docker ps --all loses every row: the container the subtest created is then missing from it.
    run = subtest_runner('docker_cli/info', fault={'match': ['ps', '--all'], 'drop_lines': '.'})
    status, message = run.result('docker_cli/info')
    assert status == 'FAIL', run.console[-3000:]
    assert "docker info 'Containers' is '1' but docker ps --all lists 0" in message
    assert_fault_fired(run, 'ps')
    assert run.garbage() == []


def test_info_fails_when_a_key_is_missing(subtest_runner) -> None:
    run = subtest_runner('docker_cli/info', fault={'match': ['info'], 'drop_lines': '^ Server Version:'})
    status, message = run.result('docker_cli/info')
    assert (status, message) == ('FAIL', "docker info printed no 'Server Version'"), run.console[-3000:]
    assert run.garbage() == []


def test_info_fails_when_the_running_count_is_missing(subtest_runner) -> None:
    run = subtest_runner('docker_cli/info', fault={'match': ['info'], 'drop_lines': '^  Running:'})
    assert run.result('docker_cli/info') == ('FAIL', "docker info printed no 'Running' under 'Containers'")
    assert run.garbage() == []


def test_info_errors_and_cleans_up_when_docker_hangs(subtest_runner) -> None:
    hang_run(subtest_runner, 'docker_cli/info', ['info'])
