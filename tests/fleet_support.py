"""A throw-away sshd on a loopback port, the way the fleet tests reach a "remote" guest or engine.

:func:`loopback_sshd` starts Debian's ``/usr/sbin/sshd`` in the foreground with its own config, host
key and authorised client key, all in a temporary directory, listening on 127.0.0.1 only, and stops
it on exit. Nothing under ``/etc/ssh`` or any ``~/.ssh`` is read or written: the client side uses
``-F`` with its own config (``IdentityFile``, ``UserKnownHostsFile``). The one thing made outside the
temporary directory is sshd's privilege-separation directory ``/run/sshd`` when it is missing (an
empty directory sshd insists on, which Debian's service would make too).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SSHD = Path('/usr/sbin/sshd')
SSH_KEYGEN = '/usr/bin/ssh-keygen'


@dataclass(frozen=True)
class Sshd:
    """A running loopback sshd and what a client needs to reach it."""

    port: int
    user: str
    key: Path
    client_config: Path
    bindir: Path

    @property
    def ssh(self) -> list[str]:
        """The ssh command line (without the destination) that reaches this sshd."""
        return ['ssh', '-F', str(self.client_config), '-p', str(self.port)]

    @property
    def docker_host(self) -> str:
        """``DOCKER_HOST`` for the engine behind this sshd (the docker client runs ``ssh`` from PATH)."""
        return f'ssh://{self.user}@127.0.0.1:{self.port}'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def _keygen(path: Path) -> None:
    subprocess.run([SSH_KEYGEN, '-q', '-t', 'ed25519', '-N', '', '-C', 'dockertest-fleet', '-f', str(path)], check=True)


@contextlib.contextmanager
def loopback_sshd(workdir: Path) -> Iterator[Sshd]:
    """Run sshd on 127.0.0.1:<free port> with keys and config under ``workdir``; stop it on exit."""
    if not SSHD.is_file():
        pytest.fail(f'{SSHD} is missing: Debian openssh-server is installed by `make host-up`', pytrace=False)
    workdir.mkdir(parents=True, exist_ok=True)
    host_key, client_key = workdir / 'host_key', workdir / 'client_key'
    _keygen(host_key)
    _keygen(client_key)
    (workdir / 'authorized_keys').write_text((workdir / 'client_key.pub').read_text())
    port, user = _free_port(), getpass.getuser()
    config = workdir / 'sshd_config'
    config.write_text(
        f'Port {port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {workdir / "sshd.pid"}\n'
        f'AuthorizedKeysFile {workdir / "authorized_keys"}\nAuthenticationMethods publickey\n'
        'PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n'
        # The temporary directory is under the world-writable /tmp, which StrictModes refuses.
        'StrictModes no\nUsePAM no\nX11Forwarding no\nAllowTcpForwarding yes\nAllowStreamLocalForwarding yes\n'
        'Subsystem sftp internal-sftp\nLogLevel VERBOSE\n'
    )
    client = workdir / 'ssh_config'
    client.write_text(
        f'Host 127.0.0.1\n  User {user}\n  IdentityFile {client_key}\n  IdentitiesOnly yes\n'
        f'  UserKnownHostsFile {workdir / "known_hosts"}\n  GlobalKnownHostsFile /dev/null\n'
        '  StrictHostKeyChecking accept-new\n  BatchMode yes\n  ConnectTimeout 10\n'
    )
    # The docker client runs `ssh` from PATH for ssh:// engines: a wrapper gives it this client config.
    bindir = workdir / 'bin'
    bindir.mkdir()
    (bindir / 'ssh').write_text(f'#!/bin/sh\nexec /usr/bin/ssh -F {client} "$@"\n')
    (bindir / 'ssh').chmod(0o755)
    Path('/run/sshd').mkdir(mode=0o755, exist_ok=True)
    server = Sshd(port, user, client_key, client, bindir)
    with open(workdir / 'sshd.log', 'wb') as log:
        proc = subprocess.Popen([str(SSHD), '-D', '-e', '-f', str(config)], stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for_login(server, proc, workdir / 'sshd.log')
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_for_login(server: Sshd, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        probe = subprocess.run([*server.ssh, '127.0.0.1', 'true'], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f'sshd on 127.0.0.1:{server.port} did not take a login: {probe.stderr.strip()}; '
                f'sshd log: {log.read_text()[-2000:]}',
                pytrace=False,
            )
        time.sleep(0.2)


def environment_with(**extra: str) -> dict[str, str]:
    """``os.environ`` plus ``extra``."""
    env = dict(os.environ)
    env.update(extra)
    return env
