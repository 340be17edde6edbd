"""docker_cli/tag through the subtest runner: it passes on a healthy engine and catches broken tags."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/tag'
BUNDLED_INI = Path(__file__).resolve().parents[2] / 'config_defaults/subtests/docker_cli/tag.ini'


def test_tag_passes(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # The engine reports success but the new name is gone.
        ({'match': ['tag'], 'remove_image': True}, 'is not listed by docker images after a reported success'),
        # A successful tag reported as a failure, and a failed one as a success.
        ({'match': ['tag'], 'exit_code': 1}, 'Exit status of'),
        # Healthy-looking exit, but the (normally empty) output carries an error line.
        ({'match': ['tag'], 'replace': ['', 'Error: injected'], 'stream': 'stderr'}, 'Bad output of'),
    ],
    ids=['remove_image', 'exit_code', 'altered_output'],
)
def test_tag_catches_faults(subtest_runner, fault, message) -> None:
    run = subtest_runner(NAME, fault=fault)
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert text.startswith('Sub-subtest failures: change_tag ('), text
    assert message in text
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []


def test_tag_hang_is_reported_and_cleaned_up(subtest_runner) -> None:
    ini = BUNDLED_INI.read_text().replace('docker_tag_timeout = 60.0', 'docker_tag_timeout = 2')
    run = subtest_runner(NAME, fault={'match': ['tag'], 'hang': True}, custom={'tag.ini': ini})
    status, text = run.result(NAME)
    # A child's command error counts as that child's failure (spec 7.5); the reason names the hang.
    assert status == 'FAIL', run.console[-4000:]
    assert 'did not complete within 2 seconds and was killed' in text
    assert run.fault_log
    assert run.garbage() == []
