"""Waiting, bounded, until a condition holds.

:func:`wait_until` calls ``condition`` every ``interval`` seconds until it returns something truthy,
and returns that. It gives up in two ways, each with a message naming what was awaited:

- the ``timeout`` (a tolerance read from the subtest's config) runs out:
  :class:`~dockertest.xceptions.DockerTestFail` "X did not happen within T s (last: ...)";
- ``abort`` returns a reason, typically because the command that should have made the thing ready has
  failed (see :func:`command_failed`): the wait stops at once with that reason, rather than sitting
  out the timeout.

The condition is always tried once more after the deadline, so a slow machine that gets there just in
time is not failed for the last interval.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from . import xceptions

__all__ = ['command_failed', 'wait_until']

T = TypeVar('T')


def command_failed(command: Any) -> Callable[[], str | None]:
    """An ``abort`` for :func:`wait_until`: the reason once ``command`` (an AsyncDockerCmd) exited non-zero.

    Args:
        command: a started background command with ``exit_status``, ``stderr`` and ``command``.
    """

    def reason() -> str | None:
        status = command.exit_status
        if status is None or status == 0:
            return None
        stderr = ' '.join(str(command.stderr).split())
        return f'{command.command} exited {status}' + (f': {stderr}' if stderr else '')

    return reason


def wait_until(
    condition: Callable[[], T],
    timeout: float,
    what: str,
    *,
    interval: float = 0.2,
    abort: Callable[[], str | None] | None = None,
    last: Callable[[], Any] | None = None,
) -> T:
    """Call ``condition`` until it returns something truthy; return that.

    Args:
        condition: the check; a falsy result means "not yet".
        timeout: seconds to wait at most (from the subtest's config).
        what: what is awaited, for the messages ("the container to be paused").
        interval: seconds between attempts.
        abort: returns a reason to stop waiting at once (a failed command), or None.
        last: describes the last state seen, for the timeout message (default: the last result).

    Raises:
        DockerTestFail: the timeout ran out, or ``abort`` gave a reason.
    """
    deadline = time.monotonic() + float(timeout)
    while True:
        result = condition()
        if result:
            return result
        reason = abort() if abort is not None else None
        if reason:
            raise xceptions.DockerTestFail(f'gave up waiting for {what}: {reason}')
        if time.monotonic() >= deadline:
            break
        time.sleep(max(0.0, min(interval, deadline - time.monotonic())))
    seen = last() if last is not None else result
    raise xceptions.DockerTestFail(f'{what} did not happen within {float(timeout):g} s (last seen: {seen!r})')
