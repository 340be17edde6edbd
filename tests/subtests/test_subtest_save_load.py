"""docker_cli/save_load through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/save_load'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'docker load of the truncated archive failed' in run.console
    assert 'docker load of the corrupted archive failed' in run.console


def test_a_corrupted_archive_that_loads_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['load'], 'exit_code': 0}, custom=only_child('save_load', 'corrupt'))
    assert_caught(run, NAME, 'docker load of the corrupted archive passed', child='corrupt')


def test_an_image_loaded_back_with_another_id_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['image', 'inspect'], 'replace': ['sha256:', 'sha256:0']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('save_load', 'one'))
    assert_caught(run, NAME, 'after docker load: expected', child='one')
