"""Checks that a command's output looks healthy: the ``OutputGood`` family, :func:`mustpass` and
:func:`mustfail` (the original import name is :mod:`dockertest.output`). The checks themselves
(a Go panic, a usage text, an error line, a ``FATA`` line) are the core's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import _core, xceptions
from ._core import DockerOutputError
from .cmdresult import inline

__all__ = ['OutputGood', 'OutputGoodBase', 'OutputNotBad', 'mustfail', 'mustpass']


def _output_error_class() -> type[Exception]:
    """``xceptions.DockerOutputError`` (the Autotest-aware class callers catch) when it exists, else the core's."""
    try:
        from .xceptions import DockerOutputError as legacy
    except ImportError:
        return DockerOutputError
    return legacy


def _text(value: Any) -> str:
    if value is None:
        return ''
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return str(value)


class OutputGoodBase:
    """Runs every method whose name ends in ``_check`` on the stripped stdout and stderr.

    Args:
        cmdresult: Anything with ``stdout``, ``stderr``, ``exit_status`` and ``command``.
        ignore_error: Do not raise when a check fails.
        skip: Names of checks not to run (a string or an iterable of strings).

    Raises:
        DockerOutputError: A check failed and ``ignore_error`` is false.
    """

    def __init__(self, cmdresult: Any, ignore_error: bool = False, skip: str | Iterable[str] | None = None) -> None:
        self.cmdresult = cmdresult
        self.stdout_strip = _text(getattr(cmdresult, 'stdout', '')).strip()
        self.stderr_strip = _text(getattr(cmdresult, 'stderr', '')).strip()
        self.skip = (skip,) if isinstance(skip, str) else tuple(skip or ())
        self.callables = {
            name: getattr(self, name)
            for name in sorted(dir(type(self)))
            if name.endswith('_check') and name not in self.skip and callable(getattr(self, name))
        }
        self.results: dict[str, bool] = {}
        self.details: dict[str, str] = {}
        for name, check in self.callables.items():
            for stream, text in (('stdout', self.stdout_strip), ('stderr', self.stderr_strip)):
                key = f'{name}_{stream}'
                self.results[key] = bool(check(text))
                self.details[key] = self.detail_str(key)
        if not ignore_error and not self:
            err = _output_error_class()(str(self))
            err.command = _text(getattr(cmdresult, 'command', None)) or None
            raise err

    @property
    def output_good(self) -> dict[str, bool]:
        """Deprecated: each check's name mapped to whether both streams passed it."""
        return {name: self.results[f'{name}_stdout'] and self.results[f'{name}_stderr'] for name in self.callables}

    def detail_str(self, key: str) -> str:
        """One failed (or passed) result, with the command, exit status and both streams."""
        res = self.cmdresult
        return (
            f'({key}, Command {_text(getattr(res, "command", ""))!r} exit {getattr(res, "exit_status", None)} '
            f'stdout {self.stdout_strip!r} stderr {self.stderr_strip!r}.)'
        )

    def __bool__(self) -> bool:
        return all(self.results.values())

    def __str__(self) -> str:
        good = [k for k, v in self.results.items() if v]
        if len(good) == len(self.results):
            return f'All Good: {good}'
        bad = [k for k, v in self.results.items() if not v]
        details = ' '.join(self.details[k] for k in bad)
        return f'Good: {good}; Not Good: {bad}; Details: {details}'


class OutputGood(OutputGoodBase):
    """Fails on a Go panic, docker's usage text, or any line containing "error: " (any case)."""

    @staticmethod
    def crash_check(text: str) -> bool:
        """False if a line is a Go panic."""
        return _core.crash_check(text)

    @staticmethod
    def usage_check(text: str) -> bool:
        """False if a line is ``Usage: docker …``."""
        return _core.usage_check(text)

    @staticmethod
    def error_check(text: str) -> bool:
        """False if a lower-cased line contains "error: "."""
        return _core.error_check(text)


class OutputNotBad(OutputGood):
    """Only the Go panic and ``FATA[nnnn]`` checks: for commands that are expected to fail."""

    DEFAULT_SKIP = ('error_check', 'usage_check')

    def __init__(self, cmdresult: Any, ignore_error: bool = False, skip: str | Iterable[str] | None = None) -> None:
        extra = (skip,) if isinstance(skip, str) else tuple(skip or ())
        super().__init__(cmdresult, ignore_error, self.DEFAULT_SKIP + extra)

    @staticmethod
    def fata_check(text: str) -> bool:
        """False if a line carries a ``FATA[nnnn]`` marker."""
        return _core.fata_check(text)


def mustpass(cmdresult: Any, failmsg: str | None = None) -> Any:
    """Require a zero exit and output free of panics and ``FATA`` lines.

    Args:
        cmdresult: the result of a finished command.
        failmsg: text put first in the error message.

    Returns:
        ``cmdresult``.

    Raises:
        DockerOutputError: the output shows a Go panic or a ``FATA`` line.
        DockerExecError: the exit status is not zero.
    """
    OutputNotBad(cmdresult)
    if cmdresult.exit_status != 0:
        prefix = f'{failmsg}: ' if failmsg else ''
        raise xceptions.DockerExecError(f'{prefix}Unexpected non-zero exit code, details: {inline(cmdresult)}')
    return cmdresult


def mustfail(cmdresult: Any, expected_status: int | str | None = None, failmsg: str | None = None) -> Any:
    """Require the exit status ``expected_status`` (1 by default) and output free of panics.

    A non-numeric string given as ``expected_status`` is taken as ``failmsg``, as the original allowed.

    Returns:
        ``cmdresult``.

    Raises:
        DockerOutputError: the output shows a Go panic or a ``FATA`` line.
        DockerExecError: the exit status is another one.
    """
    if isinstance(expected_status, str) and not expected_status.strip().lstrip('-').isdigit():
        expected_status, failmsg = None, expected_status
    expected = 1 if expected_status is None else int(expected_status)
    OutputNotBad(cmdresult)
    if cmdresult.exit_status != expected:
        prefix = f'{failmsg}: ' if failmsg else ''
        raise xceptions.DockerExecError(
            f'{prefix}Unexpected exit code {cmdresult.exit_status}; expected {expected}, details: {inline(cmdresult)}'
        )
    return cmdresult
