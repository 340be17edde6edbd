"""docker_cli/cp through the subtest runner: GOOD on a healthy engine, FAIL when cp or its evidence breaks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.daemon
NAME = 'docker_cli/cp'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = subtest_runner(NAME, docker_client=docker_client)
    assert run.result(NAME) == ('GOOD', 'completed successfully'), run.console[-3000:]
    assert run.garbage() == []


def test_a_failing_cp_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['cp'], 'exit_code': 1})
    status, message = run.result(NAME)
    assert status == 'FAIL'
    assert message.startswith('Exit status of ') and 'docker cp cp_' in message and 'expected 0; got 1' in message
    assert [entry['argv'][0] for entry in run.fault_log] == ['cp']
    assert run.garbage() == []


def test_a_lost_md5_line_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['run'], 'drop_lines': '^[0-9a-f]{32} '})
    status, message = run.result(NAME)
    assert status == 'FAIL'
    assert 'No md5sum line for /tmp/cp_' in message
    assert run.fault_log
    assert run.garbage() == []
