"""docker_cli/cp through the subtest runner: GOOD on a healthy engine, FAIL when cp or its evidence breaks."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]
NAME = 'docker_cli/cp'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    passing_run(subtest_runner, NAME, docker_client)


def test_a_failing_cp_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['cp'], 'exit_code': 1})
    assert_faulted(run, NAME, 'FAIL', 'Exit status of ', 'docker cp cp_', 'expected 0; got 1')
    assert [entry['argv'][0] for entry in run.fault_log] == ['cp']


def test_a_lost_md5_line_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['run'], 'drop_lines': '^[0-9a-f]{32} '})
    assert_faulted(run, NAME, 'FAIL', 'No md5sum line for /tmp/cp_')
