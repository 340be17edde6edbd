"""docker_cli/build through the subtest runner: it passes with both builders, catches broken builds and
cleans up after a failed one."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(180)]

NAME = 'docker_cli/build'
BUNDLED_INI = Path(__file__).resolve().parents[2] / 'config_defaults/subtests/docker_cli/build.ini'


def test_build_passes(subtest_runner, docker_client, monkeypatch) -> None:
    monkeypatch.delenv('DOCKER_BUILDKIT', raising=False)
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


def test_build_passes_with_buildkit(subtest_runner, monkeypatch) -> None:
    # The 20.10 client has BuildKit built in; the 28 client needs the buildx plugin for it.
    monkeypatch.setenv('DOCKER_BUILDKIT', '1')
    run = subtest_runner(NAME, docker_client='/usr/bin/docker')
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


def test_a_failed_build_fails_and_leaves_nothing(subtest_runner, monkeypatch) -> None:
    monkeypatch.delenv('DOCKER_BUILDKIT', raising=False)
    ini = BUNDLED_INI.read_text().replace('5080/busybox', '5080/no-such-busybox')
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
def test_build_catches_faults(subtest_runner, monkeypatch, fault, message) -> None:
    monkeypatch.delenv('DOCKER_BUILDKIT', raising=False)
    run = subtest_runner(NAME, fault=fault)
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert message in text, text
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []


def test_build_hang_is_an_error(subtest_runner) -> None:
    ini = BUNDLED_INI.read_text().replace('build_timeout_seconds = 120', 'build_timeout_seconds = 10')
    run = subtest_runner(NAME, fault={'match': ['build'], 'hang': True}, custom={'build.ini': ini})
    status, text = run.result(NAME)
    assert status == 'ERROR', run.console[-4000:]
    assert 'did not complete within 10 seconds and was killed' in text, text
    assert run.fault_log
    assert run.garbage() == []
