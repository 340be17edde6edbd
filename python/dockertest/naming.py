"""Unique names for the objects a subtest creates (containers, images, networks, volumes).

:func:`unique_name` gives ``<prefix>_<random>``: lower case, valid for every kind of engine object
(an image repository must be lower case; a container name must match ``[a-zA-Z0-9][a-zA-Z0-9_.-]*``),
and unlikely to meet a name another job uses at the same time. The names come from the core's one
generator (``dockertest._core.unique_name``); this module adds the checks of the prefix and length
and the bound on how many names ``is_free`` may refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from . import _core, xceptions

__all__ = ['unique_name']

_FIRST = frozenset('abcdefghijklmnopqrstuvwxyz0123456789')
_REST = _FIRST | frozenset('_.-')
#: How many names are drawn before giving up when ``is_free`` refuses them all.
ATTEMPTS = 20


def unique_name(prefix: str, length: int = 8, is_free: Callable[[str], bool] | None = None) -> str:
    """``<prefix>_<length random lower-case letters and digits>``.

    Args:
        prefix: the start of the name (lower-cased); it must start with a letter or digit and hold only
            letters, digits, ``_``, ``.`` and ``-``.
        length: how many random characters follow it (at least 4).
        is_free: returns whether a name may be used (for example that no container has it); by default
            every name is.

    Raises:
        DockerValueError: the prefix or length is unusable, or ``is_free`` refused every name drawn.
    """
    prefix = str(prefix).lower()
    if not prefix or prefix[0] not in _FIRST or not set(prefix) <= _REST:
        raise xceptions.DockerValueError(
            f'name prefix {prefix!r}: must start with a letter or digit and hold only letters, digits, _, . and -'
        )
    if length < 4:
        raise xceptions.DockerValueError(f'unique name length {length}: at least 4 random characters are needed')
    for _ in range(ATTEMPTS):
        name = _core.unique_name(prefix, '', length)
        if is_free is None or is_free(name):
            return name
    raise xceptions.DockerValueError(f'no free name with the prefix {prefix!r} after {ATTEMPTS} attempts')
