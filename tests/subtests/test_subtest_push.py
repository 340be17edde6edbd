"""docker_cli/push through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import json
import urllib.request

import pytest
from dockercli_support import assert_caught, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/push'


def pushed_tags(run) -> dict[str, list[str]]:
    """The test_push repositories the run named, with the tags the registry still holds for each."""
    repos = {
        word.split('/')[1].split(':')[0].split('@')[0]
        for word in run.console.split()
        if 'localhost:5000/test_push_' in word
    }
    found = {}
    for repo in repos:
        with urllib.request.urlopen(f'http://127.0.0.1:5000/v2/{repo}/tags/list', timeout=5) as reply:
            found[repo] = json.loads(reply.read()).get('tags') or []
    return found


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'and pulled it back by digest' in run.console
    assert 'connection refused' in run.console
    tags = pushed_tags(run)
    assert tags and all(not held for held in tags.values()), tags  # cleanup deleted the pushed manifest


def test_a_digest_the_registry_did_not_store_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['push'], 'replace': ['digest: sha256:', 'digest: sha256:0']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('push', 'push_pull'))
    assert_caught(run, NAME, 'docker push printed the digest sha256:0', child='push_pull')


def test_a_push_to_a_silent_registry_that_passes_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['push'], 'exit_code': 0}, custom=only_child('push', 'unreachable'))
    assert_caught(run, NAME, ', where nothing listens passed', child='unreachable')


def test_a_hanging_pull_is_cut_and_everything_removed(subtest_runner) -> None:
    custom = only_child('push', 'push_pull', ('docker_timeout = 120', 'docker_timeout = 6'))
    run = subtest_runner(NAME, fault={'match': ['pull'], 'hang': True}, custom=custom)
    assert_caught(run, NAME, 'did not complete within 6 seconds and was killed', child='push_pull')
    assert all(not held for held in pushed_tags(run).values())
