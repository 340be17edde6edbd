"""docker_cli/prune through the subtest runner: GOOD with each client, never an unfiltered prune, and
its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(400)]
NAME = 'docker_cli/prune'
# A rule per prune command that changes nothing ("replace" of a text no output holds), so the fault
# client's log records every prune the subtest issues, with its arguments.
PRUNES = [['container', 'prune'], ['image', 'prune'], ['volume', 'prune'], ['network', 'prune'],
          ['builder', 'prune'], ['system', 'prune'], ['buildx', 'prune']]  # fmt: skip
RECORD = [{'match': words, 'replace': ['\x00never printed\x00', '']} for words in PRUNES]


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    for kind in ('container', 'image', 'volume', 'network'):
        assert f'{kind} prune --filter label=dockertest.prune.test=' in run.console


def test_every_prune_the_subtest_issues_is_filtered_by_its_label(subtest_runner) -> None:
    run = subtest_runner(NAME, fault=RECORD)
    assert run.result(NAME)[0] in ('GOOD', 'TEST_NA'), run.console[-3000:]
    assert run.garbage() == []
    kinds = {entry['match'][0] for entry in run.fault_log}
    assert {'container', 'image', 'volume', 'network'} <= kinds, run.fault_log
    for entry in run.fault_log:
        argv = entry['argv']
        filters = [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == '--filter']
        assert any(f.startswith('label=dockertest.prune.test=') for f in filters), f'unfiltered prune: {argv}'


def test_a_prune_that_takes_the_unlabelled_object_fails_the_subtest(subtest_runner) -> None:
    # Every volume inspect fails: to the subtest the bystander is gone with the target.
    run = subtest_runner(
        NAME, fault={'match': ['volume', 'inspect'], 'exit_code': 1}, custom=only_child('prune', 'volume')
    )
    assert_caught(run, NAME, 'which lacks that label', child='volume')


def test_a_prune_that_does_not_name_what_it_removed_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['network', 'prune'], 'drop_lines': 'test_prune'}, custom=only_child('prune', 'network')
    )
    assert_caught(run, NAME, 'does not name the labelled network', child='network')
