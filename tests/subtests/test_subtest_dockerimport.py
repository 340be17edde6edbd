"""docker_cli/dockerimport through the subtest runner: it passes on a healthy engine and catches broken
imports."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, assert_good, bundled_ini

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/dockerimport'


def test_dockerimport_passes(subtest_runner, docker_client) -> None:
    assert_good(subtest_runner(NAME, docker_client=docker_client), NAME)


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # The import reports success but the image is gone right after.
        ({'match': ['import'], 'remove_image': True}, 'empty (Imported image localhost:5000/dockertest-test/import_'),
        # A good import reported as failed.
        ({'match': ['import'], 'exit_code': 1}, 'empty (Exit status of'),
        # A truncated archive reported as imported.
        ({'match': ['import'], 'exit_code': 0}, 'of a truncated archive succeeded'),
        # The printed image id is not the imported image's.
        ({'match': ['import'], 'replace': ['sha256:', 'sha256:0']}, 'empty (Image id printed by docker import'),
    ],
    ids=['remove_image', 'exit_code_1', 'exit_code_0', 'altered_output'],
)
def test_dockerimport_catches_faults(subtest_runner, fault, message) -> None:
    assert_caught(subtest_runner(NAME, fault=fault), NAME, message)


def test_dockerimport_hang_is_reported_and_cleaned_up(subtest_runner) -> None:
    ini = bundled_ini('dockerimport', 'try_remove_after_test = yes', 'try_remove_after_test = yes\ndocker_timeout = 3')
    run = subtest_runner(NAME, fault={'match': ['import'], 'hang': True}, custom={'dockerimport.ini': ini})
    assert_caught(run, NAME, 'did not complete within 3 seconds and was killed')
