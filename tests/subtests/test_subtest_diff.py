"""docker_cli/diff: passes on a healthy engine, fails when docker diff loses a change, cleans up on a hang."""

from __future__ import annotations

import pytest
from dockercli_support import CLIENTS, assert_fault_fired, hang_run, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]


@pytest.mark.parametrize('client', CLIENTS)
def test_diff_passes_with_each_client(subtest_runner, client) -> None:
    run = passing_run(subtest_runner, 'docker_cli/diff', client)
    assert 'SubSubtest diff_delete docker diff lists C /bin, D /bin/true' in run.console


def test_diff_fails_when_a_deletion_is_not_listed(subtest_runner) -> None:
    run = subtest_runner('docker_cli/diff', fault={'match': ['diff'], 'drop_lines': '^D /bin/true'})
    assert run.result('docker_cli/diff') == ('FAIL', 'Sub-subtest failures: diff_delete'), run.console[-3000:]
    assert "docker diff after ['rm', '/bin/true'] lacks D /bin/true" in run.console
    assert_fault_fired(run, 'diff')
    assert run.garbage() == []


def test_diff_fails_on_a_malformed_line(subtest_runner) -> None:
    run = subtest_runner('docker_cli/diff', fault={'match': ['diff'], 'replace': ['A /', 'Added /']})
    assert run.result('docker_cli/diff') == ('FAIL', 'Sub-subtest failures: diff_add'), run.console[-3000:]
    assert 'docker diff printed lines that are not "A|C|D /path": [\'Added /dockertest_diff_added\']' in run.console
    assert run.garbage() == []


def test_diff_cleans_up_when_docker_diff_hangs(subtest_runner) -> None:
    # Each sub-subtest's container exists when docker diff hangs: hang_run checks cleanup removed them all.
    run = hang_run(subtest_runner, 'docker_cli/diff', ['diff'], subtest_error=False)
    status, message = run.result('docker_cli/diff')
    assert (status, message) == ('FAIL', 'Sub-subtest failures: diff_add, diff_change, diff_delete')
