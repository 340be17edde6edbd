"""docker_cli/build through the subtest runner: it passes with both builders, catches broken builds and
cleans up after a failed one."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, assert_good, bundled_ini

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(180)]

NAME = 'docker_cli/build'


@pytest.fixture(autouse=True)
def _default_builder(monkeypatch) -> None:
    monkeypatch.delenv('DOCKER_BUILDKIT', raising=False)


def test_build_passes(subtest_runner, docker_client) -> None:
    assert_good(subtest_runner(NAME, docker_client=docker_client), NAME)


def test_build_passes_with_buildkit(subtest_runner, monkeypatch) -> None:
    # The 20.10 client has BuildKit built in; the 28 client needs the buildx plugin for it.
    monkeypatch.setenv('DOCKER_BUILDKIT', '1')
    assert_good(subtest_runner(NAME, docker_client='/usr/bin/docker'), NAME)


def test_a_failed_build_fails_and_leaves_nothing(subtest_runner) -> None:
    ini = bundled_ini('build', '5080/busybox', '5080/no-such-busybox')
    run = subtest_runner(NAME, custom={'build.ini': ini})
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert text.startswith('Exit status of'), text
    assert text.endswith('expected 0; got 1'), text
    # The steps before the failing ADD left intermediate images; cleanup removed them.
    assert run.garbage() == []


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # The build reports success but the image is gone right after.
        ({'match': ['build'], 'remove_image': True}, 'is not listed by docker images after a reported success'),
        # A good build reported as failed.
        ({'match': ['build'], 'exit_code': 1}, 'Exit status of'),
        # An error line in the build output.
        ({'match': ['build'], 'replace': ['Successfully built', 'Error: not built']}, 'Bad output of'),
    ],
    ids=['remove_image', 'exit_code', 'altered_output'],
)
def test_build_catches_faults(subtest_runner, fault, message) -> None:
    assert_caught(subtest_runner(NAME, fault=fault), NAME, message)


def test_build_hang_is_an_error(subtest_runner) -> None:
    ini = bundled_ini('build', 'build_timeout_seconds = 120', 'build_timeout_seconds = 10')
    run = subtest_runner(NAME, fault={'match': ['build'], 'hang': True}, custom={'build.ini': ini})
    assert_caught(run, NAME, 'did not complete within 10 seconds and was killed', status='ERROR')
