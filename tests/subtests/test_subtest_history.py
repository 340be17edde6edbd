"""docker_cli/history through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/history'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'in the Dockerfile order' in run.console


def test_a_lost_history_row_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['history', '--no-trunc'], 'drop_lines': 'DOCKERTEST_HISTORY='})
    assert_caught(run, NAME, "lacks 'ENV DOCKERTEST_HISTORY=")
