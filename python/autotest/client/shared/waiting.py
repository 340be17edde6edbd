"""Polling a condition (the original import name is :mod:`autotest.client.shared.utils`)."""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from dockertest import polling, xceptions

__all__ = ['wait_for']

LOG = logging.getLogger('autotest.utils')


def wait_for(
    func: Callable[[], Any], timeout: float, first: float = 0.0, step: float = 1.0, text: str | None = None
) -> Any:
    """Call ``func`` until it returns a true value or ``timeout`` seconds pass (:func:`dockertest.polling.wait_until`).

    Args:
        func: the condition to poll.
        timeout: seconds to keep trying.
        first: seconds to sleep before the first call.
        step: seconds between calls.
        text: logged at debug level before each call.

    Returns:
        The first true value of ``func()``, or ``None`` on timeout.
    """
    deadline = time.monotonic() + timeout
    time.sleep(first)
    if time.monotonic() >= deadline:
        return None

    def attempt() -> Any:
        if text:
            LOG.debug('%s (%f secs)', text, deadline - time.monotonic())
        return func()

    try:
        return polling.wait_until(attempt, deadline - time.monotonic(), text or 'a condition', interval=step)
    except xceptions.DockerTestFail:
        return None
