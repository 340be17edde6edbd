"""The long-running processes ``up`` starts (dockerd, the registries, the file server, podman's
service): each in its own session, logging to ``<state>/<name>.log`` and tracked by
``<state>/<name>.pid``, so ``down`` stops only what ``up`` started."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from .base import HostBase
from .errors import HostError

__all__ = ['WAIT_SECONDS', 'Processes']

#: Seconds ``up`` waits for a process it started to answer.
WAIT_SECONDS = 60.0


class Processes(HostBase):
    """Start, find and stop the processes of the host by their pid files."""

    def _pidfile(self, name: str) -> Path:
        return self.state / f'{name}.pid'

    def tracked_pid(self, name: str, program: str) -> int | None:
        """The live pid recorded for ``name``, if its command line still names ``program``."""
        try:
            pid = int(self._pidfile(name).read_text().split()[0])
            cmdline = Path(f'/proc/{pid}/cmdline').read_bytes()
        except (OSError, ValueError, IndexError):
            return None
        return pid if program.encode() in cmdline else None

    def spawn(self, name: str, argv: list[str], ready, what: str) -> None:
        """Start ``argv`` in its own session, logging to ``<state>/<name>.log``, and wait for ``ready()``.

        A daemon outlives this tool, so it is started here rather than by the core's runner, which
        captures the output of a command it waits for. It runs in the state directory, so what it
        writes to its working directory (conmon leaves a file ``oom`` there when a container of the
        podman service was OOM-killed) never lands in the caller's."""
        self.state.mkdir(parents=True, exist_ok=True)
        log_path = self.state / f'{name}.log'
        with open(log_path, 'ab') as log:
            proc = subprocess.Popen(
                argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
                cwd=self.state,
            )
        self._pidfile(name).write_text(f'{proc.pid}\n')
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if ready():
                self.made(name, f'started {what} (pid {proc.pid}, log {log_path})')
                return
            if proc.poll() is not None:
                break
            time.sleep(0.2)
        tail = log_path.read_text(errors='replace').splitlines()[-5:]
        raise HostError(f'{name}: {what} did not come up; see {log_path}:\n  ' + '\n  '.join(tail))

    def stop(self, name: str, program: str) -> None:
        """Stop the process ``up`` started for ``name``, if it still runs."""
        pid = self.tracked_pid(name, program)
        self._pidfile(name).unlink(missing_ok=True)
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and Path(f'/proc/{pid}').exists():
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.2)
        if Path(f'/proc/{pid}').exists():
            os.kill(pid, signal.SIGKILL)
        self.say(name, f'stopped (pid {pid})')
