"""Random strings and unique names (the original import name is :mod:`autotest.client.shared.utils`)."""

from __future__ import annotations

import random
import string
from typing import Callable

from dockertest import _core

__all__ = ['generate_random_string', 'get_unique_name']


def generate_random_string(length: int, ignore_str: str = string.punctuation, convert_str: str = '') -> str:
    """Return a random string of letters, digits and punctuation.

    Args:
        length: how many characters.
        ignore_str: characters never to use (punctuation by default).
        convert_str: characters that are used backslash-escaped.

    Returns:
        The string (longer than ``length`` when characters were escaped).
    """
    rng = random.SystemRandom()
    chars = ''.join(c for c in string.ascii_letters + string.digits + string.punctuation if c not in (ignore_str or ''))
    out = []
    for _ in range(length):
        char = rng.choice(chars)
        out.append('\\' + char if char in convert_str else char)
    return ''.join(out)


def get_unique_name(
    check: Callable[[str], bool], prefix: str = '', suffix: str = '', length: int | None = None, skip: int | None = None
) -> str:
    """Return the first generated name that ``check`` accepts.

    The names come from the one generator of the Rust core (``dockertest._core.unique_name``, which
    the docker listings use too): ``prefix``, the variable part and ``suffix`` joined by ``_``,
    without doubled separators.

    Args:
        check: returns True when a name is free.
        prefix: text before the variable part.
        suffix: text after the variable part.
        length: with a length, the variable part is that many random letters and digits; otherwise
            it is a counter.
        skip: the first counter value (0 by default).

    Returns:
        The name.

    Raises:
        AutotestError: no free name among 1,000 tries.
    """
    return _core.unique_name(prefix, suffix, length or None, is_free=check, lowercase=False, start=skip or 0)
