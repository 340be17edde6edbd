"""docker_cli/commit through the subtest runner: it passes on a healthy engine and catches broken commits."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/commit'
BUNDLED_INI = Path(__file__).resolve().parents[2] / 'config_defaults/subtests/docker_cli/commit.ini'


def test_commit_passes(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


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
    run = subtest_runner(NAME, fault=fault)
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert text.startswith('Sub-subtest failures: good ('), text
    assert message in text, text
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []


def test_commit_hang_is_reported_and_cleaned_up(subtest_runner) -> None:
    ini = BUNDLED_INI.read_text().replace('docker_commit_timeout = 120.0', 'docker_commit_timeout = 2')
    run = subtest_runner(NAME, fault={'match': ['commit'], 'hang': True}, custom={'commit.ini': ini})
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert 'did not complete within 2 seconds and was killed' in text
    assert run.fault_log
    assert run.garbage() == []
