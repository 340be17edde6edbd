"""Parsing docker output, and checks that a command's output looks healthy.

The parsers live in the Rust core; this module keeps the original names: :class:`ColumnRanges`,
:class:`TextTable`, :class:`DockerVersion`, :class:`DockerInfo`, :class:`DockerTime`, the
``OutputGood`` family and :func:`wait_for_output`. Tables are sliced by header offsets counted in
characters, so empty cells and values holding two spaces parse correctly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableSet, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Optional

from . import _core, xceptions
from ._core import ColumnRanges, DockerInfo, DockerOutputError
from .polling import wait_for_output

__all__ = [
    'ColumnRanges',
    'DockerInfo',
    'DockerTime',
    'DockerVersion',
    'OutputGood',
    'OutputGoodBase',
    'OutputNotBad',
    'TextTable',
    'mustfail',
    'mustpass',
    'wait_for_output',
]

Row = dict[str, Optional[str]]

Mapping.register(ColumnRanges)


class TextTable(MutableSet, Sequence):
    """A table of docker output as a sequence of row dicts keyed by column name.

    Empty cells and ``<none>`` are None. A column name printed twice gets a ``_2`` suffix in the
    row keys (``docker top -o pid,comm,args``).

    Args:
        table: The whole table, header first. Leading and trailing whitespace of the text is
            ignored; rows lose only their trailing whitespace.
        columnranges: With ``tabledata`` and no ``table``: the header to cut the rows by.
        header: With ``tabledata`` and no ``table``: the header line.
        tabledata: The row lines (a string or an iterable of lines), when ``table`` is None.
        allow_duplicate: Accept identical rows.
        command: The command that printed the table, named in parse errors.

    Raises:
        TypeError: The table is empty.
        DockerOutputError: A row is not aligned with the header, or duplicates another.
    """

    allow_duplicate = False

    def __init__(
        self,
        table: str | None = None,
        columnranges: ColumnRanges | None = None,
        header: str | None = None,
        tabledata: str | Iterable[str] | None = None,
        allow_duplicate: bool | None = None,
        command: str | None = None,
    ) -> None:
        if allow_duplicate is not None:
            self.allow_duplicate = allow_duplicate
        if table is None and columnranges is not None:
            rows = '\n'.join(self.parserows(tabledata or ''))
            self.columnranges, self._rows = _core.parse_table(rows, self.allow_duplicate, command, columnranges)
        else:
            if table is None and header is not None:
                table = '\n'.join([header, *self.parserows(tabledata or '')])
            if not isinstance(table, str) or not table or table.isspace():
                raise TypeError(f'TextTable needs a non-empty table as a str, not {table!r}')
            self.columnranges, self._rows = _core.parse_table(table, self.allow_duplicate, command)
        self._keys = self.columnranges.row_keys

    @staticmethod
    def parseheader(table: str) -> str:
        """The header line of a table: the first line of the stripped text."""
        return table.strip().splitlines()[0] if table.strip() else ''

    @staticmethod
    def parserows(tabledata: str | Iterable[str]) -> list[str]:
        """The row lines of table data given as one string or as lines."""
        if isinstance(tabledata, str):
            return tabledata.splitlines()
        return [str(line) for line in tabledata]

    @property
    def columns(self) -> tuple[str, ...]:
        """The row keys, left to right."""
        return self._keys

    def conforms(self, row: Any) -> bool:
        """True if ``row`` is a dict whose keys are exactly the column names."""
        return isinstance(row, dict) and set(row) == set(self._keys)

    def conform_or_raise(self, row: Any) -> None:
        """Raise ValueError unless :meth:`conforms`."""
        if not self.conforms(row):
            got = sorted(row) if isinstance(row, dict) else type(row).__name__
            raise ValueError(f'a row must be a dict with exactly the keys {list(self._keys)}, got {got}')

    def _check_new(self, row: Row) -> None:
        self.conform_or_raise(row)
        if not self.allow_duplicate and row in self._rows:
            raise ValueError(f'the row {row} is already in the table')

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        return iter(self._rows)

    def __contains__(self, row: object) -> bool:
        return row in self._rows

    def __getitem__(self, index):
        return self._rows[index]

    def __setitem__(self, index: int, row: Row) -> None:
        self._check_new(row)
        self._rows[index] = row

    def __delitem__(self, index: int) -> None:
        del self._rows[index]

    def __eq__(self, other: object) -> bool:
        try:
            return self._rows == list(other)  # type: ignore[call-overload]
        except TypeError:
            return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def add(self, row: Row) -> None:
        """Append a row (ValueError for a duplicate unless ``allow_duplicate``)."""
        self.append(row)

    def append(self, row: Row) -> None:
        """Append a row."""
        self._check_new(row)
        self._rows.append(row)

    def insert(self, index: int, row: Row) -> None:
        """Insert a row before ``index``."""
        self._check_new(row)
        self._rows.insert(index, row)

    def discard(self, index: int) -> None:
        """Delete the row at ``index``."""
        del self._rows[index]

    def remove(self, row: Row) -> None:
        """Delete the first row equal to ``row``."""
        self._rows.remove(row)

    def pop(self, index: int = -1) -> Row:
        """Remove and return a row."""
        return self._rows.pop(index)

    def clear(self) -> None:
        """Delete every row."""
        self._rows.clear()

    def search(self, col: str, value: Any, match_func: Callable[[str, Any, Any], bool] | None = None) -> list[Row]:
        """Copies of the rows whose ``col`` matches ``value`` (equality, or ``match_func(col, value, cell)``)."""
        if col not in self._keys:
            raise KeyError(f'the table has no column {col!r}; its columns are {list(self._keys)}')
        match = match_func or (lambda _col, want, have: want == have)
        return [dict(row) for row in self._rows if match(col, value, row[col])]

    def find(self, col: str, value: Any, match_func: Callable[[str, Any, Any], bool] | None = None) -> Row:
        """The one row whose ``col`` matches ``value``; IndexError for none or several."""
        found = self.search(col, value, match_func)
        if len(found) != 1:
            raise IndexError(f'{len(found)} rows have {col} == {value!r}; exactly one was expected')
        return found[0]

    def __str__(self) -> str:
        return '\n'.join(str(row) for row in self._rows)

    def __repr__(self) -> str:
        return f'TextTable({len(self)} rows, columns={list(self._keys)})'


class DockerVersion(_core.DockerVersion):
    """``docker version`` output, in any of its layouts (see the core's ``DockerVersion``).

    Args:
        version_string: the output; when None, ``<docker_path> version`` is run to get it (0.8.x).
        docker_path: the client to run when no output is given (default ``docker``).
    """

    def __new__(cls, version_string: str | None = None, docker_path: str | None = None):
        if version_string is None:
            version_string = _core.run([docker_path or 'docker', 'version'], timeout=60).stdout
        return super().__new__(cls, version_string)

    @staticmethod
    def _require(what: str, installed: str, minimum: str) -> None:
        if _core.compare_loose(installed, str(minimum)) < 0:
            raise xceptions.DockerTestNAError(f'Docker {what} version {installed} is older than {minimum}')

    def require_client(self, minimum: str) -> None:
        """Skip the test (DockerTestNAError) when the client is older than ``minimum`` (0.8.x)."""
        self._require('client', self.client, minimum)

    def require_server(self, minimum: str) -> None:
        """Skip the test (DockerTestNAError) when the server is older than ``minimum`` (0.8.x)."""
        self._require('server', self.server, minimum)


class DockerTime(datetime):
    """A :class:`datetime` read from the first ISO timestamp in a string.

    Accepts ``…T…Z``/``z``, ``±HH:MM`` offsets and Go's ``2026-11-24 23:41:38.918 +0000 UTC``;
    fractions are truncated to microseconds.

    Raises:
        ValueError: No valid timestamp in the string.
    """

    class UTC(tzinfo):
        """The UTC time zone."""

        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return 'UTC'

    class UTCOffset(tzinfo):
        """A fixed offset from UTC written ``+HH:MM``, ``-HHMM`` or ``Z``."""

        def __init__(self, offset: str) -> None:
            self.offset_string = offset
            self._offset = timedelta(seconds=_core.parse_utc_offset(offset))

        def utcoffset(self, dt: datetime | None) -> timedelta:
            return self._offset

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return self.offset_string

    def __new__(cls, isostr: str, *fields: Any, **kwargs: Any):
        if fields or kwargs or not isinstance(isostr, str):
            # datetime's own methods (replace, astimezone...) build instances from fields; Python 3.12+
            # calls the subclass for that.
            return super().__new__(cls, isostr, *fields, **kwargs)
        year, month, day, hour, minute, second, micro, offset = _core.parse_docker_time(isostr)
        tz: tzinfo = cls.UTC() if offset == 0 else timezone(timedelta(seconds=offset))
        return super().__new__(cls, year, month, day, hour, minute, second, micro, tz)

    def is_undefined(self) -> bool:
        """True for docker's zero time, ``0001-01-01T00:00:00Z``."""
        return self.replace(tzinfo=None) == datetime(1, 1, 1)


#: Docker's zero time, ``0001-01-01T00:00:00Z``, as the original's ``DockerTime.UTC.EPOCH``.
DockerTime.UTC.EPOCH = datetime(1, 1, 1, tzinfo=DockerTime.UTC())  # type: ignore[attr-defined]
DockerTime.UTC.ZERO = timedelta(0)  # type: ignore[attr-defined]


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


def _details(cmdresult: Any) -> str:
    return (
        f'command: {cmdresult.command}; exit status: {cmdresult.exit_status}; '
        f'stdout: {cmdresult.stdout!r}; stderr: {cmdresult.stderr!r}'
    )


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
        raise xceptions.DockerExecError(f'{prefix}Unexpected non-zero exit code, details: {_details(cmdresult)}')
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
            f'{prefix}Unexpected exit code {cmdresult.exit_status}; expected {expected}, details: {_details(cmdresult)}'
        )
    return cmdresult
