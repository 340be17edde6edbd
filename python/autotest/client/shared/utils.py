"""Command running and small helpers shared by the Autotest client: the original import name.

Each concept lives in a module of its own, and this module re-exports them under the 2014 names:

- :mod:`~autotest.client.shared.commands`: :func:`run`, :func:`system`, :func:`system_output`,
  :class:`AsyncJob`, :class:`CmdResult` and :func:`sh_escape` (the Rust command runner);
- :mod:`~autotest.client.shared.process`: :func:`pid_is_alive`, :func:`process_stat`,
  :func:`safe_kill` and :func:`signal_pid`;
- :mod:`~autotest.client.shared.names`: :func:`generate_random_string` and :func:`get_unique_name`;
- :mod:`~autotest.client.shared.keyval`: :func:`read_keyval` and :func:`write_keyval`;
- :mod:`~autotest.client.shared.ports`: :func:`is_port_free`;
- :mod:`~autotest.client.shared.waiting`: :func:`wait_for`.
"""

from __future__ import annotations

from autotest.client.shared.commands import (
    AsyncJob,
    CmdResult,
    run,
    sh_escape,
    system,
    system_output,
)
from autotest.client.shared.keyval import read_keyval, write_keyval
from autotest.client.shared.names import generate_random_string, get_unique_name
from autotest.client.shared.ports import is_port_free
from autotest.client.shared.process import pid_is_alive, process_stat, safe_kill, signal_pid
from autotest.client.shared.waiting import wait_for

__all__ = [
    'AsyncJob',
    'CmdResult',
    'generate_random_string',
    'get_unique_name',
    'is_port_free',
    'pid_is_alive',
    'process_stat',
    'read_keyval',
    'run',
    'safe_kill',
    'sh_escape',
    'signal_pid',
    'system',
    'system_output',
    'wait_for',
    'write_keyval',
]
