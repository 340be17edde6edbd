"""``job.sysinfo`` of a client job: the commands and log files collected into the results."""

from __future__ import annotations

import os
import shutil

from autotest.client.shared import error, utils

__all__ = ['Sysinfo']


def _file_name(command: str) -> str:
    """``command`` as a file name: each run of characters other than letters, digits, ``_``, ``-`` and ``.``
    becomes one ``_``, and none leads or trails."""
    out: list[str] = []
    in_run = False
    for char in command:
        if char.isalnum() or char in '_-.':
            out.append(char)
            in_run = False
        elif not in_run:
            out.append('_')
            in_run = True
    return ''.join(out).strip('_')


class Sysinfo:
    """``job.sysinfo``: the commands and log files to collect.

    Collection is off unless enabled (``job.sysinfo.enabled = True`` in the control file, or
    ``autotest-local --sysinfo``). Then the job-level items are collected into ``resultdir/sysinfo``
    when the job completes, and the ``on_every_test`` items into ``<test outputdir>/sysinfo`` after
    each test.
    """

    def __init__(self, resultdir: str, enabled: bool = False) -> None:
        self.sysinfodir = os.path.join(resultdir, 'sysinfo')
        self.enabled = enabled
        self.commands: list[tuple[str, str | None, bool]] = []
        self.logfiles: list[tuple[str, bool]] = []

    def collect(self, destdir: str, every_test: bool) -> None:
        """Run the commands and copy the log files of one kind into ``destdir`` (when enabled)."""
        if not self.enabled:
            return
        os.makedirs(destdir, exist_ok=True)
        for command, logfile, on_every_test in self.commands:
            if on_every_test != every_test:
                continue
            name = logfile or _file_name(command)
            try:
                output = utils.run(command, timeout=60, ignore_status=True, verbose=False).stdout
            except error.CmdError as exc:
                output = f'{exc}\n'
            with open(os.path.join(destdir, name), 'w', encoding='utf-8') as out:
                out.write(output)
        for path, on_every_test in self.logfiles:
            if on_every_test == every_test and os.path.isfile(path):
                shutil.copy(path, os.path.join(destdir, os.path.basename(path)))
