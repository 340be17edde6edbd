"""The whole default selection in one job: every bundled subtest, a clean garbage check after each.

The job runs its subtests four at a time (``j=4``; those that run alone first, by themselves): each
subtest's own tests already run it serially, and this keeps the one long test short.
"""

from __future__ import annotations

import pytest
from conftest import REPO

from dockertest.selection import find_subtests

#: Subtests that cannot apply to today's engines, with the reason they must give.
NOT_APPLICABLE = {'docker_cli/insert': 'has no insert command'}


@pytest.mark.daemon
# The selection holds the subtests that run alone (docker_cli/psa, pull, info, images).
@pytest.mark.engine_alone
@pytest.mark.timeout(900)
def test_the_default_selection_passes_in_one_job(subtest_runner) -> None:
    run = subtest_runner('j=4')
    assert run.rc == 0, run.console[-3000:]
    expected = find_subtests(REPO / 'subtests')
    results = run.results()
    assert sorted(results) == expected, run.console[-3000:]
    for name, (status, message) in results.items():
        if name in NOT_APPLICABLE:
            assert status == 'TEST_NA' and NOT_APPLICABLE[name] in message, (name, status, message)
        else:
            assert status == 'GOOD', (name, status, message)
    assert run.garbage() == []
    assert '  total: ' in (run.resultdir / 'summary.txt').read_text()
