"""docker_cli/volume through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/volume'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'its data outlived them' in run.console
    assert 'docker rm --volumes removed the anonymous volume' in run.console


def test_a_volume_removed_while_in_use_fails_the_subtest(subtest_runner) -> None:
    # The refusal is turned into a success: the subtest must name it (the volume itself stays).
    run = subtest_runner(NAME, fault={'match': ['volume', 'rm'], 'exit_code': 0})
    assert_caught(run, NAME, 'while container', child='in_use')


def test_a_label_filter_that_lists_nothing_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['volume', 'ls', '--quiet'], 'drop_lines': '.'})
    assert_caught(run, NAME, 'docker volume ls --filter label=dockertest.volume.test=', child='lifecycle')
