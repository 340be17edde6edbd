"""Helpers for the parser tests: the CLI captures and a tabwriter-style table builder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

CLI = Path(__file__).resolve().parent.parent / 'fixtures' / 'cli'


def capture(relpath: str) -> str:
    """The text of one capture under tests/fixtures/cli/."""
    return (CLI / relpath).read_text(encoding='utf-8')


def tabwrite(rows: Sequence[Sequence[str]], minwidth: int = 20, padding: int = 3) -> str:
    """Align rows as Go's text/tabwriter does: each column as wide as its widest cell plus padding."""
    widths = [max(minwidth, max(len(r[i]) for r in rows) + padding) for i in range(len(rows[0]))]
    lines = [''.join(cell.ljust(w) for cell, w in zip(r[:-1], widths)) + r[-1] for r in rows]
    return '\n'.join(line.rstrip() for line in lines) + '\n'


def result(stdout: str = '', stderr: str = '', exit_status: int = 0, command: str = '/foo/bar cmd') -> SimpleNamespace:
    """A CmdResult-like object."""
    return SimpleNamespace(stdout=stdout, stderr=stderr, exit_status=exit_status, command=command)


@pytest.fixture
def cli_capture():
    """Read a capture by its path under tests/fixtures/cli/."""
    return capture
