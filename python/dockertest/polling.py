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

:func:`wait_for_output` is the 2014 name (also importable from :mod:`dockertest.output`): it waits the
same way for a regular expression to show in some text, and answers True or False instead of failing.
"""

from __future__ import annotations

import re  # noqa: TID251 - wait_for_output's pattern is the caller's regular expression (the 2014 API)
import time
from collections.abc import Callable
from typing import Any, TypeVar

from . import xceptions
from .cmdresult import describe

__all__ = ['command_failed', 'wait_for_output', 'wait_until']

T = TypeVar('T')


def command_failed(command: Any) -> Callable[[], str | None]:
    """An ``abort`` for :func:`wait_until`: the reason once ``command`` (an AsyncDockerCmd) exited non-zero.

    Args:
        command: a started background command with ``exit_status``, ``stderr`` and ``command``.
    """

    def reason() -> str | None:
        status = command.exit_status
        return None if status is None or status == 0 else describe(command)

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


def wait_for_output(
    output_fn: Callable[[], str],
    pattern: str,
    timeout: float = 60,
    timestep: float = 0.2,
    give_up: Callable[[], bool] | None = None,
) -> bool:
    """Poll ``output_fn()`` until ``pattern`` is found in it: :func:`wait_until` answering True or False.

    Args:
        output_fn: Returns the text to search, e.g. a container's logs so far.
        pattern: A regular expression.
        timeout: Seconds to keep trying.
        timestep: Seconds between tries.
        give_up: Stop early (after one last look) once this returns True, e.g. when the command
            that should produce the output has already ended: no more output can come.

    Returns:
        True if the pattern appeared before the timeout, else False.
    """
    regex = re.compile(pattern)
    ended = []

    def found() -> bool:
        # give_up is asked before the look, so output written just before the end is still seen.
        over = give_up is not None and give_up()
        if regex.search(output_fn()):
            return True
        if over:
            ended.append(True)
        return False

    try:
        wait_until(
            found, timeout, f'output matching {pattern!r}', interval=timestep, abort=lambda: 'ended' if ended else None
        )
    except xceptions.DockerTestFail:
        return False
    return True
