"""Pieces of an Autotest job shared by every kind of job: status records, their rendering, and the
persistent job state.

A status line is ``<tabs><CODE>\\t<subdir or ---->\\t<operation or ---->\\t<key=value>...\\t<message>``
with the fields in upstream's order (``timestamp``, the others sorted, ``localtime``), followed by the
message's extra lines (tracebacks), each prefixed with the same tabs and two spaces.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import tempfile
import time
from collections.abc import Iterator
from typing import Any, Callable

__all__ = [
    'JOB_STATUSES',
    'is_valid_status',
    'job_state',
    'status_indenter',
    'status_log_entry',
    'status_logger',
]

#: Every record status, worst first: the order used to roll up a status.
JOB_STATUSES = ['TEST_NA', 'ABORT', 'ERROR', 'FAIL', 'WARN', 'GOOD', 'BUG', 'ALERT', 'RUNNING', 'NOSTATUS']

#: Characters a status record's subdir, operation and fields must not hold (the message may hold \t and \n).
_BAD_CHARS = frozenset('\t\n\r\v\f')
_NO_DEFAULT = object()


def is_valid_status(code: str) -> bool:
    """Whether ``code`` is a record code: ``START``, ``INFO``, a status, or ``END <status>``.

    Args:
        code: the status code.
    """
    if code in ('START', 'INFO') or code in JOB_STATUSES:
        return True
    return code.startswith('END ') and code[4:] in JOB_STATUSES


class status_log_entry:
    """One record of the status log.

    Args:
        status_code: ``START``, ``INFO``, ``END <status>`` or a status such as ``GOOD``.
        subdir: the test's results subdirectory, or None (rendered ``----``).
        operation: the operation (usually the test name), or None (rendered ``----``).
        message: the text; its first line ends the status line, further lines follow indented.
        fields: extra ``key=value`` fields (such as ``timeout``).
        timestamp: seconds since the epoch; now when None.

    Raises:
        ValueError: an invalid status code, a subdir, operation or field with a tab or line break,
            or a message with a carriage return, vertical tab or form feed.
    """

    def __init__(
        self,
        status_code: str,
        subdir: str | None,
        operation: str | None,
        message: str,
        fields: dict[str, Any] | None,
        timestamp: float | None = None,
    ) -> None:
        if not is_valid_status(status_code):
            raise ValueError(f'Invalid status code {status_code!r} in a status record')
        for what, value in (('subdir', subdir), ('operation', operation)):
            if value is not None and not _BAD_CHARS.isdisjoint(value):
                raise ValueError(f'Invalid character in the {what} of a status record: {value!r}')
        fields = dict(fields or {})
        for key, value in fields.items():
            if not _BAD_CHARS.isdisjoint(f'{key}{value}') or '=' in str(key):
                raise ValueError(f'Invalid field in a status record: {key!r}={value!r}')
        message = str(message).replace('\t', ' ' * 8)
        if not _BAD_CHARS.isdisjoint(message.replace('\n', '')):
            raise ValueError(f'Invalid character in the message of a status record: {message!r}')
        lines = message.split('\n')
        self.status_code = status_code
        self.subdir = subdir
        self.operation = operation
        self.message = lines[0]
        self.extra_message_lines = lines[1:]
        self.timestamp = int(timestamp if timestamp is not None else fields.pop('timestamp', time.time()))
        fields.pop('timestamp', None)
        fields.pop('localtime', None)
        self.fields = fields

    def is_start(self) -> bool:
        """Whether this is a ``START`` record."""
        return self.status_code == 'START'

    def is_end(self) -> bool:
        """Whether this is an ``END <status>`` record."""
        return self.status_code.startswith('END ')

    @property
    def localtime(self) -> str:
        """The timestamp as ``%b %d %H:%M:%S`` in local time."""
        return time.strftime('%b %d %H:%M:%S', time.localtime(self.timestamp))

    def ordered_fields(self) -> list[tuple[str, str]]:
        """The fields in upstream's order: ``timestamp``, the others sorted, ``localtime``."""
        middle = [(key, str(self.fields[key])) for key in sorted(self.fields)]
        return [('timestamp', str(self.timestamp)), *middle, ('localtime', self.localtime)]

    def render(self) -> str:
        """The record as status-log text, without indentation."""
        parts = [self.status_code, self.subdir or '----', self.operation or '----']
        parts += [f'{key}={value}' for key, value in self.ordered_fields()]
        parts.append(self.message)
        return '\n'.join(['\t'.join(parts), *(f'  {line}' for line in self.extra_message_lines)])

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dictionary."""
        return {
            'status_code': self.status_code,
            'subdir': self.subdir,
            'operation': self.operation,
            'message': '\n'.join([self.message, *self.extra_message_lines]),
            'fields': dict(self.fields),
            'timestamp': self.timestamp,
        }


class status_indenter:
    """The current indentation of the status log (one tab per open ``START``)."""

    def __init__(self) -> None:
        self._indent = 0

    @property
    def indent(self) -> int:
        """The number of tabs."""
        return self._indent

    def increment(self) -> None:
        """One level deeper."""
        self._indent += 1

    def decrement(self) -> None:
        """One level shallower."""
        self._indent = max(0, self._indent - 1)


class status_logger:
    """Renders status records with indentation and appends them to the status files.

    Args:
        job: the job (its ``resultdir`` holds the status files).
        indenter: the indentation tracker.
        global_filename: the job-wide status file in ``job.resultdir``.
        subdir_filename: the per-test status file in ``job.resultdir/<subdir>``.
        record_hook: called with each entry after it is written.
    """

    def __init__(
        self,
        job: Any,
        indenter: status_indenter,
        global_filename: str = 'status',
        subdir_filename: str = 'status',
        record_hook: Callable[[status_log_entry], Any] | None = None,
    ) -> None:
        self._job = job
        self._indenter = indenter
        self.global_filename = global_filename
        self.subdir_filename = subdir_filename
        self._record_hook = record_hook

    def render_entry(self, log_entry: status_log_entry) -> str:
        """The entry rendered with the current indentation on every line.

        Args:
            log_entry: the record.
        """
        indent = '\t' * self._indenter.indent
        return indent + log_entry.render().replace('\n', '\n' + indent)

    def record_entry(self, log_entry: status_log_entry, log_in_subdir: bool = True) -> None:
        """Write a record: ``END`` dedents first, ``START`` indents after.

        Args:
            log_entry: the record.
            log_in_subdir: also append it to the test's own status file.
        """
        if log_entry.is_end():
            self._indenter.decrement()
        text = self.render_entry(log_entry) + '\n'
        resultdir = self._job.resultdir
        paths = [os.path.join(resultdir, self.global_filename)]
        if log_in_subdir and log_entry.subdir:
            paths.append(os.path.join(resultdir, log_entry.subdir, self.subdir_filename))
        for path in paths:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'a', encoding='utf-8') as status:
                status.write(text)
        if log_entry.is_start():
            self._indenter.increment()
        if self._record_hook is not None:
            self._record_hook(log_entry)


class job_state:
    """Namespaced persistent state, written to its backing file after every change.

    The file is a pickle of ``{namespace: {name: value}}``; each write replaces it atomically under
    an exclusive lock on ``<file>.lock``, so an interrupted job always leaves a complete state.
    """

    def __init__(self) -> None:
        self._state: dict[str, dict[str, Any]] = {}
        self._backing_file: str | None = None

    @property
    def backing_file(self) -> str | None:
        """The path of the state file, if any."""
        return self._backing_file

    def set_backing_file(self, path: str | None, load: bool = True) -> None:
        """Attach the state to a file.

        Args:
            path: the state file; None detaches.
            load: merge an existing file's content into the state first (it wins).

        Raises:
            ValueError: the file exists but is not a state file.
        """
        self._backing_file = path
        if path and load and os.path.exists(path):
            with self._locked():
                try:
                    with open(path, 'rb') as state_file:
                        loaded = pickle.load(state_file)
                except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
                    raise ValueError(f'State file {path} is not a valid job state: {exc}') from exc
            if not isinstance(loaded, dict):
                raise ValueError(f'State file {path} is not a valid job state: {type(loaded).__name__}')
            for namespace, values in loaded.items():
                self._state.setdefault(namespace, {}).update(values)
        self.write_to_file()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        assert self._backing_file is not None
        with open(self._backing_file + '.lock', 'a') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def write_to_file(self) -> None:
        """Write the whole state to the backing file (a no-op without one)."""
        if not self._backing_file:
            return
        directory = os.path.dirname(self._backing_file) or '.'
        os.makedirs(directory, exist_ok=True)
        with self._locked():
            fd, tmp = tempfile.mkstemp(dir=directory, prefix='.state-')
            try:
                with os.fdopen(fd, 'wb') as out:
                    pickle.dump(self._state, out, protocol=4)
                os.replace(tmp, self._backing_file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise

    def get(self, namespace: str, name: str, default: Any = _NO_DEFAULT) -> Any:
        """Return a value.

        Raises:
            KeyError: it is missing and no default was given.
        """
        try:
            return self._state[namespace][name]
        except KeyError:
            if default is _NO_DEFAULT:
                raise KeyError(f'No job state {namespace}.{name}') from None
            return default

    def set(self, namespace: str, name: str, value: Any) -> None:
        """Set a value and write the state to disk."""
        self._state.setdefault(namespace, {})[name] = value
        self.write_to_file()

    def has(self, namespace: str, name: str) -> bool:
        """Whether a value is set."""
        return name in self._state.get(namespace, {})

    def discard(self, namespace: str, name: str) -> None:
        """Remove a value if it is set, and write the state to disk."""
        if self.has(namespace, name):
            del self._state[namespace][name]
            self.write_to_file()
