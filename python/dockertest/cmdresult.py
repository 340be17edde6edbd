"""How a finished command is told in messages: the one place that words it.

- :func:`describe`: one line, ``<command> exited <status>: <standard error>`` (white space collapsed;
  no colon part when standard error is empty). Verdicts and cleanup failures use it.
- :func:`inline`: command, exit status, standard output and standard error on one line, quoted, for
  the errors of ``mustpass`` and ``mustfail``.
- :func:`details`: the command, exit status, duration, standard output and standard error on lines of
  their own, for the errors of ``NoFailDockerCmd`` and ``MustFailDockerCmd``.

Both take anything with the attributes of a command result (``command``, ``exit_status``, ``stderr``;
``details`` also ``duration`` and ``stdout``): a finished command, or a background one.
"""

from __future__ import annotations

from typing import Any

__all__ = ['describe', 'details', 'inline']


def describe(result: Any) -> str:
    """One line: the command, its exit status and its standard error."""
    stderr = ' '.join(str(result.stderr).split())
    return f'{result.command} exited {result.exit_status}' + (f': {stderr}' if stderr else '')


def details(result: Any) -> str:
    """A multi-line account of a finished command, for error messages."""
    return (
        f'Command: {result.command}\nExit status: {result.exit_status}\nDuration: {result.duration:.3f} s\n'
        f'Standard output:\n{result.stdout}\nStandard error:\n{result.stderr}'
    )


def inline(result: Any) -> str:
    """The command, its exit status, standard output and standard error (quoted), on one line."""
    return (
        f'command: {result.command}; exit status: {result.exit_status}; '
        f'stdout: {result.stdout!r}; stderr: {result.stderr!r}'
    )
