"""docker_cli/build through the subtest runner: it passes with both builders, catches broken builds and
cleans up after a failed one."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, assert_faulted, assert_good, only_child

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(400)]

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
    run = subtest_runner(NAME, custom=only_child('build', 'basic', ('5080/busybox', '5080/no-such-busybox')))
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert text.startswith('Sub-subtest failures: basic (Exit status of'), text
    assert 'expected 0; got 1' in text, text
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
    assert_caught(subtest_runner(NAME, fault=fault, custom=only_child('build', 'basic')), NAME, message)


def test_build_hang_is_an_error(subtest_runner) -> None:
    custom = only_child('build', 'basic', ('build_timeout_seconds = 120', 'build_timeout_seconds = 10'))
    run = subtest_runner(NAME, fault={'match': ['build'], 'hang': True}, custom=custom)
    # The sub-subtest caller reports a child's command error as that child's failure.
    assert_faulted(run, NAME, 'FAIL', 'did not complete within 10 seconds and was killed', where='console')
    assert run.result(NAME)[1].startswith('Sub-subtest failures: basic (Command <')


def test_a_file_named_in_dockerignore_reaching_the_build_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['run', 'cat', '/listing'], 'replace': ['kept.txt', 'kept.txt ignored.txt']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('build', 'features_legacy'))
    assert_caught(run, NAME, 'ignored.txt, named in .dockerignore, was sent', child='features_legacy')


def test_a_no_cache_build_served_from_the_cache_fails_the_subtest(subtest_runner) -> None:
    # Every image's RUN output reads the same (empty): the --no-cache build seems to come from the cache.
    fault = {'match': ['run', 'cat', '/nonce'], 'drop_lines': '.'}
    run = subtest_runner(NAME, fault=fault, custom=only_child('build', 'features_legacy'))
    assert_caught(run, NAME, 'came from the cache', child='features_legacy')
