"""Step 2 of ``up``: a Docker daemon answering on the socket, started when none does."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from .errors import HostError
from .probes import daemon_answers
from .processes import Processes

__all__ = ['STOP_WAIT_SECONDS', 'DockerdStep']

#: Seconds ``up`` waits for a dockerd it started earlier that is still stopping (or starting).
STOP_WAIT_SECONDS = 60


class DockerdStep(Processes):
    """The daemon the suite tests, started by ``up`` only when nothing answers on its socket."""

    def previous_daemon(self) -> int | None:
        """The dockerd ``up`` started earlier, if it still runs (for instance still stopping after SIGTERM)."""
        return self.tracked_pid('dockerd', 'dockerd') or self.tracked_pid('dockerd.engine', 'dockerd')

    def wait_for_stopping_daemon(self, sock: str) -> None:
        """Wait (up to STOP_WAIT_SECONDS) for a dockerd up started that does not answer: it is stopping
        (stopping its containers can take their stop timeout) or starting. Starting another one now
        would only fail on its pid file."""
        pid = self.previous_daemon()
        if pid is None:
            return
        self.say(
            'dockerd', f'waiting up to {STOP_WAIT_SECONDS} s for the previous dockerd (pid {pid}) to exit or answer'
        )
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        while Path(f'/proc/{pid}').exists() and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            if daemon_answers(sock, timeout=1.0):
                return
            time.sleep(0.2)
        if Path(f'/proc/{pid}').exists() and not daemon_answers(sock, timeout=1.0):
            raise HostError(
                f'dockerd: the previous daemon (pid {pid}) neither answers on {sock} nor exits after '
                f'{STOP_WAIT_SECONDS} s; see {self.state / "dockerd.log"}, stop it (kill {pid}) and run up again'
            )

    def ensure_daemon(self) -> None:
        """Start dockerd unless a daemon already answers on the socket (after waiting for one that is stopping)."""
        sock = self.settings.socket_path
        if not daemon_answers(sock):
            self.wait_for_stopping_daemon(sock)
        if daemon_answers(sock):
            pid = self.tracked_pid('dockerd', 'dockerd')
            self.say('dockerd', f'ok: answers on {sock}' + (f' (started by up, pid {pid})' if pid else ''))
            return
        dockerd = shutil.which('dockerd') or '/usr/sbin/dockerd'
        argv = [
            dockerd,
            f'--host=unix://{sock}',
            f'--storage-driver={self.settings.storage_driver}',
            f'--pidfile={self.state / "dockerd.engine.pid"}',
        ]
        self.spawn('dockerd', argv, lambda: daemon_answers(sock, timeout=1.0), f'dockerd on {sock}')
