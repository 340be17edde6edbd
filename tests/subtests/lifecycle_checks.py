"""Checks the container-lifecycle subtest tests share beyond ``dockercli_support``: faults and soaks."""

from __future__ import annotations


def assert_faulted(run, name: str, status: str, *texts: str, where: str = 'message') -> None:
    """The subtest ended ``status`` with each of ``texts`` in its message (or the console), the fault fired,
    and nothing was left behind."""
    found_status, message = run.result(name)
    assert found_status == status, run.console[-3000:]
    haystack = message if where == 'message' else run.console
    for text in texts:
        assert text in haystack, f'{text!r} not in the {where}: {haystack[-3000:]}'
    assert run.fault_log, 'the fault never fired'
    assert run.garbage() == []


def soak(subtest_runner, name: str, times: int = 20) -> None:
    """Run the subtest ``times`` times in a row; every run must be GOOD and clean."""
    for attempt in range(times):
        run = subtest_runner(name)
        assert run.result(name) == ('GOOD', 'completed successfully'), f'attempt {attempt}:\n{run.console[-3000:]}'
        assert run.garbage() == []
