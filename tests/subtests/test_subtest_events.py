"""docker_cli/events through the subtest runner: GOOD on a healthy engine, FAIL when an event is lost."""

from __future__ import annotations

import pytest
from dockercli_support import assert_faulted, passing_run, soak

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(120)]
NAME = 'docker_cli/events'
SHORT_WAIT_INI = """[docker_cli/events]
docker_timeout = 120
run_args = --detach,--name=${{NAME}},${{IMAGE}},/bin/true
wait_stop = 3
rm_after_run = True
expect_events = create,start,die,destroy
name_prefix = events
unparseable_allowance = {allowance}
remove_after_test = True
"""


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    passing_run(subtest_runner, NAME, docker_client)


def test_a_lost_destroy_event_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME,
        fault={'match': ['events'], 'drop_lines': ' container destroy '},
        custom={'events.ini': SHORT_WAIT_INI.format(allowance=5)},
    )
    assert_faulted(run, NAME, 'FAIL', 'Missing events for container events_', ': destroy; seen: create, start, die')
    assert [entry['argv'][0] for entry in run.fault_log] == ['events']


def test_garbage_lines_beyond_the_allowance_fail_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME,
        fault={'match': ['events'], 'replace': [' container ', ' container\t']},
        custom={'events.ini': SHORT_WAIT_INI.format(allowance=2)},
    )
    assert_faulted(run, NAME, 'FAIL', 'unparseable lines of docker events output (unparseable_allowance is 2)')


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_twenty_in_a_row(subtest_runner) -> None:
    soak(subtest_runner, NAME)
