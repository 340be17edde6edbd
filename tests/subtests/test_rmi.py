"""docker_cli/rmi through the subtest runner: it passes on a healthy engine and catches broken removals."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/rmi'


def test_rmi_passes(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-4000:]
    assert run.garbage() == []


@pytest.mark.parametrize(
    ('fault', 'child', 'message'),
    [
        # A removal that worked is reported as failed.
        ({'match': ['rmi'], 'exit_code': 1}, 'only_tag', 'Exit status of'),
        # Removals the engine refused are reported as done.
        ({'match': ['rmi'], 'exit_code': 0}, 'delete_wrong_name', 'succeeded; it was expected to fail'),
        # The "Untagged:" line is missing from a successful removal.
        ({'match': ['rmi'], 'drop_lines': '^Untagged'}, 'only_tag', "Expected 'Untagged: localhost:5000/"),
        # The committed image the blocking variants remove is gone right after a reported success.
        ({'match': ['commit'], 'remove_image': True}, 'with_blocking_container_by_tag', 'is not listed by docker'),
    ],
    ids=['exit_code_1', 'exit_code_0', 'dropped_output', 'remove_image'],
)
def test_rmi_catches_faults(subtest_runner, fault, child, message) -> None:
    run = subtest_runner(NAME, fault=fault)
    status, text = run.result(NAME)
    assert status == 'FAIL', run.console[-4000:]
    assert f'{child} (' in text, text
    assert message in text, text
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []
