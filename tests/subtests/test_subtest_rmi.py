"""docker_cli/rmi through the subtest runner: it passes on a healthy engine and catches broken removals."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, assert_good

pytestmark = pytest.mark.daemon

NAME = 'docker_cli/rmi'


def test_rmi_passes(subtest_runner, docker_client) -> None:
    assert_good(subtest_runner(NAME, docker_client=docker_client), NAME)


@pytest.mark.parametrize(
    ('fault', 'message'),
    [
        # A removal that worked is reported as failed.
        ({'match': ['rmi'], 'exit_code': 1}, 'only_tag (Exit status of'),
        # Removals the engine refused are reported as done.
        ({'match': ['rmi'], 'exit_code': 0}, 'succeeded; it was expected to fail'),
        # The "Untagged:" line is missing from a successful removal.
        ({'match': ['rmi'], 'drop_lines': '^Untagged'}, "only_tag (Expected 'Untagged: localhost:5000/"),
        # The committed image the blocking variants remove is gone right after a reported success.
        ({'match': ['commit'], 'remove_image': True}, 'with_blocking_container_by_tag (Committed image'),
    ],
    ids=['exit_code_1', 'exit_code_0', 'dropped_output', 'remove_image'],
)
def test_rmi_catches_faults(subtest_runner, fault, message) -> None:
    child = 'delete_wrong_name' if fault.get('exit_code') == 0 else None
    assert_caught(subtest_runner(NAME, fault=fault), NAME, message, child=child)
