"""docker_cli/import_export through the subtest runner: GOOD with each client, and its negative control."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/import_export'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'runs with its ENV, WORKDIR and CMD and holds the token' in run.console


def test_an_env_change_that_does_not_take_effect_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['run', '--rm'], 'drop_lines': '^imported-value$'})
    assert_caught(run, NAME, 'what a container of the imported localhost/test_import_export_')
