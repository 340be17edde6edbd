"""Tables of docker output (``docker ps``, ``docker top``, ...) as rows keyed by column name.

The table is cut by the core's parser (``dockertest._core.parse_table``), by header offsets counted in
characters, so empty cells and values holding two spaces parse correctly. The original import name is
:mod:`dockertest.output`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableSet, Sequence
from typing import Any, Optional

from . import _core
from ._core import ColumnRanges

__all__ = ['Row', 'TextTable']

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
