"""Processes by pid: alive, their ``/proc`` stat, signalling (the original import name is
:mod:`autotest.client.shared.utils`)."""

from __future__ import annotations

import os
import time

__all__ = ['pid_is_alive', 'process_stat', 'safe_kill', 'signal_pid']


def pid_is_alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie.

    Args:
        pid: the process id.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    fields = process_stat(pid)
    return fields is None or fields[0] != 'Z'


def process_stat(pid: int | str) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (state, ppid, pgrp, session, ...).

    Args:
        pid: the process id.

    Returns:
        The fields, or None when the process is gone or the file is unreadable.
    """
    try:
        with open(f'/proc/{pid}/stat', encoding='utf-8', errors='replace') as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields or None


def safe_kill(pid: int, sig: int) -> bool:
    """Send a signal, ignoring a vanished process.

    Args:
        pid: the process id.
        sig: the signal number.

    Returns:
        True if the signal was sent.
    """
    try:
        os.kill(pid, sig)
    except OSError:
        return False
    return True


def signal_pid(pid: int, sig: int) -> bool:
    """Send a signal and wait up to five seconds for the process to die.

    Args:
        pid: the process id.
        sig: the signal number.

    Returns:
        True if the process is gone.
    """
    safe_kill(pid, sig)
    for _ in range(50):
        if not pid_is_alive(pid):
            return True
        time.sleep(0.1)
    return False
