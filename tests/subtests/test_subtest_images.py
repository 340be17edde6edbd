"""docker_cli/images: passes on a healthy engine, fails when the table loses, alters or garbles a row."""

from __future__ import annotations

import pytest
from dockercli_support import CLIENTS, assert_fault_fired, hang_run, passing_run

# docker_cli/images compares the whole image listing with the API (run_alone).
pytestmark = [pytest.mark.daemon, pytest.mark.engine_alone, pytest.mark.timeout(120)]


@pytest.mark.parametrize('client', CLIENTS)
def test_images_passes_with_each_client(subtest_runner, client) -> None:
    run = passing_run(subtest_runner, 'docker_cli/images', client)
    assert 'docker images agrees with the API /images/json' in run.console


def test_images_fails_when_a_row_is_missing(subtest_runner) -> None:
    run = subtest_runner('docker_cli/images', fault={'match': ['images'], 'drop_lines': r'busybox\s+extra'})
    status, message = run.result('docker_cli/images')
    assert status == 'FAIL', run.console[-3000:]
    assert 'localhost:5000/dockertest/busybox:extra (id ' in message
    assert 'is missing from docker images' in message
    assert_fault_fired(run, 'images')
    assert run.garbage() == []


def test_images_fails_when_the_test_image_is_not_listed(subtest_runner) -> None:
    run = subtest_runner('docker_cli/images', fault={'match': ['images'], 'drop_lines': r'busybox\s+latest'})
    status, message = run.result('docker_cli/images')
    assert (status, message) == (
        'FAIL',
        'The test image localhost:5000/dockertest/busybox:latest is not listed by docker images',
    ), run.console[-3000:]
    assert run.garbage() == []


def test_images_fails_on_a_wrong_image_id(subtest_runner) -> None:
    run = subtest_runner('docker_cli/images', fault={'match': ['images'], 'replace': ['extra     ', 'extra     0']})
    status, message = run.result('docker_cli/images')
    assert status == 'FAIL', run.console[-3000:]
    assert 'docker images shows localhost:5000/dockertest/busybox:extra as 0' in message
    assert run.garbage() == []


def test_images_errors_and_cleans_up_when_docker_hangs(subtest_runner) -> None:
    hang_run(subtest_runner, 'docker_cli/images', ['images'])
