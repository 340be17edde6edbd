"""docker_cli/tag through the subtest runner: it passes on a healthy engine and catches broken tags."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, assert_good, bundled_ini

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/tag'


def test_tag_passes(subtest_runner, docker_client) -> None:
    assert_good(subtest_runner(NAME, docker_client=docker_client), NAME)


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # The engine reports success but the new name is gone.
        ({'match': ['tag'], 'remove_image': True}, 'is not listed by docker images after a reported success'),
        # A successful tag reported as a failure.
        ({'match': ['tag'], 'exit_code': 1}, 'Exit status of'),
        # Healthy-looking exit, but the (normally empty) output carries an error line.
        ({'match': ['tag'], 'replace': ['', 'Error: injected'], 'stream': 'stderr'}, 'Bad output of'),
    ],
    ids=['remove_image', 'exit_code', 'altered_output'],
)
def test_tag_catches_faults(subtest_runner, fault, message) -> None:
    assert_caught(subtest_runner(NAME, fault=fault), NAME, message, child='change_tag')


def test_tag_hang_is_reported_and_cleaned_up(subtest_runner) -> None:
    ini = bundled_ini('tag', 'docker_tag_timeout = 60.0', 'docker_tag_timeout = 2')
    run = subtest_runner(NAME, fault={'match': ['tag'], 'hang': True}, custom={'tag.ini': ini})
    # A child's command error counts as that child's failure (spec 7.5); the reason names the hang.
    assert_caught(run, NAME, 'did not complete within 2 seconds and was killed')
