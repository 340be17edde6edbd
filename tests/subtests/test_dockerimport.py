"""docker_cli/dockerimport through the subtest runner: it passes on a healthy engine and catches broken
imports."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/dockerimport'
BUNDLED_INI = Path(__file__).resolve().parents[2] / 'config_defaults/subtests/docker_cli/dockerimport.ini'


def test_dockerimport_passes(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # The import reports success but the image is gone right after.
        ({'match': ['import'], 'remove_image': True}, 'empty (Imported image localhost:5000/dockertest-test/import_'),
        # A good import reported as failed.
        ({'match': ['import'], 'exit_code': 1}, 'empty (Exit status of'),
        # A truncated archive reported as imported.
        ({'match': ['import'], 'exit_code': 0}, 'truncated (/'),
        # The printed image id is not the imported image's.
        ({'match': ['import'], 'replace': ['sha256:', 'sha256:0']}, 'empty (Image id printed by docker import'),
    ],
    ids=['remove_image', 'exit_code_1', 'exit_code_0', 'altered_output'],
)
def test_dockerimport_catches_faults(subtest_runner, fault, message) -> None:
    run = subtest_runner(NAME, fault=fault)
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert message in text, text
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []


def test_dockerimport_hang_is_reported_and_cleaned_up(subtest_runner) -> None:
    ini = BUNDLED_INI.read_text().replace(
        'try_remove_after_test = yes', 'try_remove_after_test = yes\ndocker_timeout = 3'
    )
    run = subtest_runner(NAME, fault={'match': ['import'], 'hang': True}, custom={'dockerimport.ini': ini})
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert 'did not complete within 3 seconds and was killed' in text
    assert run.fault_log
    assert run.garbage() == []
