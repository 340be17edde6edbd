"""docker_cli/attach through the subtest runner: GOOD with each client, its negative controls, a soak."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, only_child, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/attach'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'docker attach detached on ctrl-x,x; the container runs on' in run.console


def test_output_not_reaching_the_client_fails_the_subtest(subtest_runner) -> None:
    custom = only_child('attach', 'output', ('attach_timeout = 15', 'attach_timeout = 2'))
    run = subtest_runner(NAME, fault={'match': ['attach'], 'drop_lines': 'tick'}, custom=custom)
    assert_caught(run, NAME, '3 ticks in the output of docker attach did not happen within 2 s', child='output')


def test_a_skipped_tick_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['attach'], 'drop_lines': r'^tick-\d*[13579]$'}, custom=only_child('attach', 'output')
    )
    assert_caught(run, NAME, 'tick numbers seen by docker attach', child='output')


def test_keys_that_do_not_detach_fail_the_subtest(subtest_runner) -> None:
    # Typing other keys than --detach-keys names: the client never detaches.
    custom = only_child(
        'attach',
        'detach_keys',
        ('attach_timeout = 15', 'attach_timeout = 3'),
        ('detach_bytes = \\x18x', 'detach_bytes = yy'),
    )
    run = subtest_runner(NAME, custom=custom)
    status, message = run.result(NAME)
    assert status == 'FAIL' and 'docker attach did not detach within 3 s of typing ctrl-x,x' in message, run.console[
        -3000:
    ]
    assert run.garbage() == []


def test_attach_to_a_stopped_container_that_passes_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(NAME, fault={'match': ['attach'], 'exit_code': 0}, custom=only_child('attach', 'stopped'))
    assert_caught(run, NAME, 'docker attach to the stopped test_attach_', child='stopped')


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)


def test_an_attach_that_shows_nothing_fails_at_attach_timeout(subtest_runner) -> None:
    custom = only_child('attach', 'output', ('attach_timeout = 15', 'attach_timeout = 3'))
    run = subtest_runner(NAME, fault={'match': ['attach'], 'hang': True}, custom=custom)
    assert_caught(run, NAME, 'ticks in the output of docker attach did not happen within 3 s', child='output')
