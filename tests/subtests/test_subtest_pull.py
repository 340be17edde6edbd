"""docker_cli/pull through the subtest runner: it passes, catches a pull that is not kept, and always
leaves the test images in place."""

from __future__ import annotations

import subprocess

import pytest
from dockercli_support import assert_caught, assert_good, bundled_ini

# docker_cli/pull removes the shared test image for a moment (run_alone).
pytestmark = [pytest.mark.daemon, pytest.mark.engine_alone]

NAME = 'docker_cli/pull'
TEST_IMAGES = ('localhost:5000/dockertest/busybox:latest', 'localhost:5000/dockertest/busybox:extra')


def assert_test_images_present() -> None:
    for name in TEST_IMAGES:
        proc = subprocess.run(['docker', 'image', 'inspect', name], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f'{name} is gone: {proc.stderr}'


def test_pull_passes(subtest_runner, docker_client) -> None:
    assert_good(subtest_runner(NAME, docker_client=docker_client), NAME)
    assert_test_images_present()


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # The pull reports success but the image is gone right after.
        (
            {'match': ['pull', TEST_IMAGES[0]], 'remove_image': True},
            f'good (Image {TEST_IMAGES[0]} is not listed by docker images after a reported pull)',
        ),
        # A pull that worked reported as failed.
        ({'match': ['pull', TEST_IMAGES[1]], 'exit_code': 1}, 'good_extra_tag (Exit status'),
        # A pull of a missing tag reported as done.
        ({'match': ['pull'], 'exit_code': 0}, 'busybox:tag_does_not_exist succeeded; it was expected to fail'),
    ],
    ids=['remove_image', 'exit_code_1', 'exit_code_0'],
)
def test_pull_catches_faults(subtest_runner, fault, message) -> None:
    assert_caught(subtest_runner(NAME, fault=fault), NAME, message)
    assert_test_images_present()


def test_pull_hang_is_reported_and_the_image_put_back(subtest_runner) -> None:
    ini = bundled_ini('pull', 'docker_pull_timeout = 120.0', 'docker_pull_timeout = 2')
    run = subtest_runner(NAME, fault={'match': ['pull'], 'hang': True}, custom={'pull.ini': ini})
    assert_caught(run, NAME, 'did not complete within 2 seconds and was killed', child='good')
    assert_test_images_present()
