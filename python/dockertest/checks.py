"""The ``failif*`` verdict helpers every Subtest and SubSubtest has (:class:`Checks`)."""

from __future__ import annotations

from . import xceptions

__all__ = ['Checks']


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _failif(condition, reason, xcept) -> None:
    if condition:
        raise xcept(reason)


def _failif_ne(actual, expected, reason, xcept) -> None:
    if actual == expected:
        return
    if _is_number(actual) and _is_number(expected):
        detail = f'expected {expected}; got {actual}'
    else:
        detail = f"expected '{expected}'; got '{actual}'"
    raise xcept(f'{reason}: {detail}' if reason else detail)


def _failif_not_in(needle, haystack, description, xcept) -> None:
    needle, haystack = str(needle), str(haystack)
    if needle in haystack:
        return
    if '|' in needle and any(alt.strip() in haystack for alt in needle.split('|')):
        return
    what = description or 'text'
    raise xcept(f"Expected '{needle}' in {what}; not found in '{haystack}'")


class Checks:
    """The ``failif*`` helpers shared by Subtest and SubSubtest."""

    @staticmethod
    def failif(condition, reason=None, xcept=xceptions.DockerTestFail) -> None:
        """Raise ``xcept(reason)`` when ``condition`` is true."""
        _failif(condition, reason or 'Failed test condition', xcept)

    @staticmethod
    def failif_ne(actual, expected, reason=None, xcept=xceptions.DockerTestFail) -> None:
        """Raise ``xcept`` with "reason: expected 'E'; got 'A'" unless ``actual == expected``."""
        _failif_ne(actual, expected, reason, xcept)

    @staticmethod
    def failif_not_in(needle, haystack, description=None, xcept=xceptions.DockerTestFail) -> None:
        """Raise ``xcept`` unless ``needle`` (or one of its ``|``-separated alternatives) is in ``haystack``."""
        _failif_not_in(needle, haystack, description, xcept)
