"""The example subtests through the subtest runner, and a negative control of the runner itself."""

from __future__ import annotations

import pytest

# A job checks that the engine answers before its first subtest (and takes the garbage check's
# baseline), so even subtests that never call docker need the daemon.
pytestmark = pytest.mark.daemon


def test_examples_pass(subtest_runner) -> None:
    run = subtest_runner('example,subexample')
    assert run.rc == 0, run.console
    assert run.result('example') == ('GOOD', 'completed successfully')
    assert run.result('subexample') == ('GOOD', 'completed successfully')
    assert run.garbage() == []


def test_a_custom_section_replaces_the_bundled_one(subtest_runner) -> None:
    # Without `example_value` the example's initialize() fails with a KeyError: the section was replaced.
    run = subtest_runner('example', custom={'example.ini': '[example]\niterations = 1\n'})
    status, message = run.result('example')
    assert (status, message) == ('ERROR', "Unhandled KeyError: 'example_value'")
