"""The console of ``dockertest run``: one line per finished subtest, and progress while one runs.

:class:`Watcher` follows a job's ``status`` log as the engine writes it. When a subtest ends it prints
``[12/28] docker_cli/kill GOOD 18.3s`` (with the reason when it is not GOOD); a garbage-check finding
gets a line of its own. While a subtest runs, a terminal shows a progress line that is redrawn every
second (``[13/28] docker_cli/run_simple running 42s``); anything else (a CI log) gets a line every
:data:`QUIET_INTERVAL` seconds instead, so a long subtest never looks hung.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

from autotest.client import report

from .jobreport import FAILING, subtest_name

__all__ = ['QUIET_INTERVAL', 'Watcher']

#: Seconds between "still running" lines when the console is not a terminal.
QUIET_INTERVAL = 60.0


class Watcher:
    """Prints a job's progress from its ``status`` log.

    Attributes:
        progress_after: seconds a subtest runs before a terminal shows its progress line.
        quiet_interval: seconds between "still running" lines elsewhere.

    Args:
        status_path: the job's ``status`` file (it may not exist yet).
        total: how many subtests the job runs.
        out: the console.
        tty: redraw a progress line (default: whether ``out`` is a terminal).
    """

    def __init__(self, status_path: str, total: int, out: TextIO, tty: bool | None = None) -> None:
        self.status_path = status_path
        self.total = total
        self.out = out
        self.tty = out.isatty() if tty is None else tty
        self.progress_after = 1.0
        self.quiet_interval = QUIET_INTERVAL
        self.done = 0
        self.counts: dict[str, int] = {}
        self._seen = 0
        self._running: tuple[str, float] | None = None
        self._last_note = 0.0
        self._progress_shown = False
        self._pending_message = ''

    def _records(self) -> list[dict] | None:
        """The records of the status log, or None while its last line is still being written."""
        try:
            with open(self.status_path, 'rb') as status:
                status.seek(-1, os.SEEK_END)
                if status.read(1) != b'\n':
                    return None
        except OSError:  # not there yet, or empty
            return None
        return report.parse_status(self.status_path)

    def _say(self, line: str) -> None:
        if self._progress_shown:
            self.out.write('\r\033[K')
            self._progress_shown = False
        self.out.write(line + '\n')
        self.out.flush()

    def _finished(self, name: str, status: str, message: str, started: float) -> None:
        self.done += 1
        self.counts[status] = self.counts.get(status, 0) + 1
        reason = '' if status == 'GOOD' else message.split('\n', 1)[0]
        line = f'[{self.done}/{self.total}] {name} {status} {time.monotonic() - started:.1f}s'
        self._say(f'{line}  {reason}'.rstrip()[:200])

    def poll(self) -> None:
        """Print what happened since the last call, then the progress of a running subtest."""
        records = self._records()
        if records is None:
            self._progress()
            return
        for record in records[self._seen :]:
            if record['indent'] == 2 and record['status_code'] not in ('INFO', 'RUNNING', 'START'):
                self._pending_message = record['message']
            if record['indent'] != 1:
                continue
            match = subtest_name(record['subdir'])
            code = record['status_code']
            if code == 'START' and match:
                self._pending_message = ''
                self._running = (match, time.monotonic())
                self._last_note = time.monotonic()
            elif code.startswith('END ') and match and self._running:
                self._finished(self._running[0], code[4:], self._pending_message, self._running[1])
                self._running = None
            elif record['operation'] == 'garbage_check' and code in FAILING:
                self._say(f'      garbage check {code}: {record["message"]}'[:300])
        self._seen = len(records)
        self._progress()

    def _progress(self) -> None:
        if self._running is None:
            return
        name, started = self._running
        elapsed = time.monotonic() - started
        text = f'[{self.done + 1}/{self.total}] {name} running {elapsed:.0f}s'
        if self.tty and elapsed >= self.progress_after:
            self.out.write('\r\033[K' + text)
            self.out.flush()
            self._progress_shown = True
        elif not self.tty and time.monotonic() - self._last_note >= self.quiet_interval:
            self._last_note = time.monotonic()
            self._say(f'      ... {text}')

    def finish(self) -> None:
        """Print what is left and clear the progress line."""
        self.poll()
        if self._progress_shown:
            self.out.write('\r\033[K')
            self.out.flush()
            self._progress_shown = False
