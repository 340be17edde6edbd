"""docker_cli/commit through the subtest runner: it passes on a healthy engine and catches broken commits."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, assert_good, bundled_ini

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/commit'


def test_commit_passes(subtest_runner, docker_client) -> None:
    assert_good(subtest_runner(NAME, docker_client=docker_client), NAME)


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # The commit reports success but the image is gone right after.
        ({'match': ['commit'], 'remove_image': True}, 'is not listed by docker images after a reported success'),
        # A commit that worked reported as failed.
        ({'match': ['commit'], 'exit_code': 1}, 'Exit status of'),
        # The image id printed by the commit is not the committed image's.
        ({'match': ['commit'], 'replace': ['sha256:', 'sha256:0']}, 'Image id printed by docker commit'),
    ],
    ids=['remove_image', 'exit_code', 'altered_output'],
)
def test_commit_catches_faults(subtest_runner, fault, message) -> None:
    assert_caught(subtest_runner(NAME, fault=fault), NAME, message, child='good')


def test_commit_hang_is_reported_and_cleaned_up(subtest_runner) -> None:
    ini = bundled_ini('commit', 'docker_commit_timeout = 120.0', 'docker_commit_timeout = 2')
    run = subtest_runner(NAME, fault={'match': ['commit'], 'hang': True}, custom={'commit.ini': ini})
    assert_caught(run, NAME, 'did not complete within 2 seconds and was killed')
