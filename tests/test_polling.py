"""Bounded waits: the result, the timeout message, and stopping early when the command failed."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from dockertest import polling, xceptions


def test_returns_the_first_truthy_result() -> None:
    values = iter([0, None, '', 'ready'])
    assert polling.wait_until(lambda: next(values), 5, 'readiness', interval=0.01) == 'ready'


def test_times_out_naming_what_and_the_last_state() -> None:
    began = time.monotonic()
    with pytest.raises(
        xceptions.DockerTestFail, match=r"the counter to stop did not happen within 0.3 s \(last seen: 'x'\)"
    ):
        polling.wait_until(lambda: False, 0.3, 'the counter to stop', interval=0.05, last=lambda: 'x')
    assert 0.3 <= time.monotonic() - began < 2


def test_the_condition_is_tried_once_after_the_deadline() -> None:
    began = time.monotonic()
    assert polling.wait_until(lambda: time.monotonic() - began >= 0.2, 0.2, 'late', interval=5)


def test_a_failed_command_stops_the_wait_at_once() -> None:
    cmd = SimpleNamespace(exit_status=None, stderr='', command='docker run x')
    calls = []

    def condition() -> bool:
        calls.append(1)
        if len(calls) == 2:
            cmd.exit_status, cmd.stderr = 125, 'Error: no\nsuch image\n'
        return False

    began = time.monotonic()
    with pytest.raises(
        xceptions.DockerTestFail, match='gave up waiting for x: docker run x exited 125: Error: no such image'
    ):
        polling.wait_until(condition, 30, 'x', interval=0.01, abort=polling.command_failed(cmd))
    assert time.monotonic() - began < 1


def test_a_command_that_passed_or_runs_does_not_abort() -> None:
    assert polling.command_failed(SimpleNamespace(exit_status=None, stderr='', command='c'))() is None
    assert polling.command_failed(SimpleNamespace(exit_status=0, stderr='', command='c'))() is None
