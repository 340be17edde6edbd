"""docker_cli/rename through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/rename'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'renaming onto the used name test_rename_new_' in run.console


def test_an_old_name_that_still_resolves_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['inspect', '--type'], 'exit_code': 0})
    assert_caught(run, NAME, 'still resolves after docker rename')


def test_a_rename_onto_a_used_name_that_passes_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['rename'], 'exit_code': 0})
    assert_caught(run, NAME, 'onto a used name passed')


def test_ps_not_listing_the_new_name_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['ps'], 'drop_lines': '.'})
    assert_caught(run, NAME, 'docker ps --filter name=^test_rename_new_')


def test_a_hanging_rename_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['rename'])
