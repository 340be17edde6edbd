"""Step 6 of ``up``: the authenticated loopback registry of the test host, for the ``docker_cli/login`` subtest.

:class:`AuthRegistry` is driven by :class:`~dockertest.tools.host.host.Host` (``up``, ``status``, ``down``) as a
second registry beside the first: Debian's ``docker-registry`` with its own configuration
(``<state>/auth-registry.yml``), storage (``<state>/auth-registry/``), htpasswd file
(``<state>/auth-registry.htpasswd``, bcrypt, made with ``htpasswd`` from ``apache2-utils``), log and
pid file (``auth-registry``), listening on 127.0.0.1 only. ``up`` is idempotent:

1. installs ``apache2-utils`` when it is missing (as root);
2. writes the htpasswd file unless it already accepts the configured password;
3. starts the registry unless one answers on the port that wants basic auth and accepts the
   configured user (a registry ``up`` started with other credentials is restarted);
4. writes ``/etc/containers/registries.conf.d/50-dockertest-auth-<port>.conf`` so podman talks to
   it over plain HTTP, as to the first registry (before podman's API service starts, which reads
   the registries configuration once), and notes in ``<state>/auth-registry.dropin`` that this
   state directory wrote it.

``down`` stops it; ``down --purge`` also removes its storage, configuration and htpasswd file, and
the drop-in when this state directory wrote it and it still holds what ``up`` wrote.

Settings come from the environment, matching the defaults of the ``[docker_cli/login]`` section of
the suite's configuration: ``DOCKERTEST_AUTH_REGISTRY_PORT`` (5001), ``DOCKERTEST_AUTH_USER``
(``dockertest``) and ``DOCKERTEST_AUTH_PASSWORD`` (``dockertest-password``). These are throw-away
credentials of a registry that only listens on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ... import _core
from ...registry import api_status
from .commands import run_tool
from .errors import HostError
from .podman import registries_dropin

if TYPE_CHECKING:
    from .host import Host

__all__ = ['DEFAULT_PASSWORD', 'DEFAULT_PORT', 'DEFAULT_USER', 'NAME', 'PACKAGES', 'REGISTRIES_DIR', 'AuthRegistry']

PACKAGES = ('apache2-utils',)
NAME = 'auth-registry'
DEFAULT_PORT = 5001
DEFAULT_USER = 'dockertest'
DEFAULT_PASSWORD = 'dockertest-password'
REGISTRIES_DIR = Path('/etc/containers/registries.conf.d')


class AuthRegistry:
    """The authenticated registry piece of ``host`` (a :class:`~dockertest.tools.host.host.Host`)."""

    def __init__(self, host: Host, env: dict[str, str] | None = None, registries_dir: Path = REGISTRIES_DIR) -> None:
        env = os.environ if env is None else env
        text = env.get('DOCKERTEST_AUTH_REGISTRY_PORT', str(DEFAULT_PORT))
        if not text.isdigit() or not 0 < int(text) < 65536:
            raise HostError(f'DOCKERTEST_AUTH_REGISTRY_PORT={text!r} is not a TCP port number (1-65535)')
        self.host = host
        self.port = int(text)
        self.user = env.get('DOCKERTEST_AUTH_USER', DEFAULT_USER)
        self.password = env.get('DOCKERTEST_AUTH_PASSWORD', DEFAULT_PASSWORD)
        if not self.user or ':' in self.user or not self.password:
            raise HostError('DOCKERTEST_AUTH_USER must be non-empty without ":" and DOCKERTEST_AUTH_PASSWORD non-empty')
        state = host.state
        self.data = state / NAME
        self.config = state / f'{NAME}.yml'
        self.htpasswd = state / f'{NAME}.htpasswd'
        self.registries_dir = registries_dir
        self.dropin = registries_dir / f'50-dockertest-auth-{self.port}.conf'
        self.dropin_marker = state / f'{NAME}.dropin'
        self.address = f'127.0.0.1:{self.port}'

    # -- checks -------------------------------------------------------------------------------
    def wants_auth(self) -> bool:
        """True when a registry answers on the port and refuses a request without credentials."""
        return api_status(self.address, timeout=1.0) == 401

    def accepts_user(self) -> bool:
        """True when the registry on the port accepts the configured user and password."""
        return api_status(self.address, (self.user, self.password), timeout=1.0) == 200

    def htpasswd_current(self) -> bool:
        """True when the htpasswd file accepts the configured password (``htpasswd -vb``)."""
        if not self.htpasswd.is_file():
            return False
        proc = self._htpasswd('-vb', str(self.htpasswd), self.user, self.password, check=False)
        return proc.exit_status == 0

    def _htpasswd(self, *args: str, check: bool = True) -> _core.CmdResult:
        missing = f'{NAME}: htpasswd not found (Debian package apache2-utils)'
        return run_tool([shutil.which('htpasswd') or '/usr/bin/htpasswd', *args], missing, check=check)

    def dropin_text(self) -> str:
        """The registries.conf drop-in: podman uses the registry over plain HTTP."""
        return registries_dropin(f'localhost:{self.port}')

    # -- up -----------------------------------------------------------------------------------
    def write_files(self) -> bool:
        """Write the htpasswd file (bcrypt) and the registry's configuration; True when either changed."""
        changed = False
        self.data.mkdir(parents=True, exist_ok=True)
        if not self.htpasswd_current():
            line = self._htpasswd('-nbB', self.user, self.password).stdout.strip()
            self.htpasswd.write_text(line + '\n')
            self.htpasswd.chmod(0o600)
            changed = True
        config = (
            'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n'
            f'    rootdirectory: {self.data}\n  delete:\n    enabled: true\n'
            f'auth:\n  htpasswd:\n    realm: dockertest\n    path: {self.htpasswd}\n'
            f'http:\n  addr: 127.0.0.1:{self.port}\n'
        )
        if not self.config.is_file() or self.config.read_text() != config:
            self.config.write_text(config)
            changed = True
        return changed

    def up(self) -> None:
        """Make the authenticated registry answer with the configured credentials (idempotent)."""
        self.host.ensure_packages(PACKAGES, piece=NAME)
        changed = self.write_files()
        where = f'127.0.0.1:{self.port} (user {self.user})'
        if self.wants_auth() and self.accepts_user() and not changed:
            self.host.say(NAME, f'ok: answers on {where}')
        else:
            if api_status(self.address, timeout=1.0):
                if self.host.tracked_pid(NAME, 'docker-registry') is None:
                    raise HostError(
                        f'{NAME}: something else answers on 127.0.0.1:{self.port}; '
                        'set DOCKERTEST_AUTH_REGISTRY_PORT to a free port'
                    )
                self.host.stop(NAME, 'docker-registry')
            registry = shutil.which('docker-registry') or '/usr/bin/docker-registry'
            self.host.spawn(NAME, [registry, 'serve', str(self.config)], self.accepts_user, f'registry on {where}')
        text = self.dropin_text()
        if not self.dropin.is_file() or self.dropin.read_text() != text:
            self.registries_dir.mkdir(parents=True, exist_ok=True)
            self.dropin.write_text(text)
            self.host.made('authconf', f'wrote {self.dropin}')
            # podman's API service reads the registries configuration when it starts; PodmanHost.up,
            # which runs next, starts it again.
            self.host.stop('podman', 'podman')
        if not self.dropin_marker.is_file():
            self.dropin_marker.write_text(f'{self.dropin}\n')

    def status(self) -> bool:
        """Report the registry; True when it wants auth and accepts the configured user."""
        ok = self.wants_auth() and self.accepts_user()
        self.host.say(
            NAME,
            f'ok: 127.0.0.1:{self.port} wants and accepts {self.user}'
            if ok
            else f'DOWN on 127.0.0.1:{self.port} (or it does not accept {self.user})',
        )
        return ok

    def down(self, purge: bool = False) -> None:
        """Stop the registry; with ``purge`` also remove its storage, files and the podman drop-in."""
        self.host.stop(NAME, 'docker-registry')
        if not purge:
            return
        shutil.rmtree(self.data, ignore_errors=True)
        for path in (self.config, self.htpasswd):
            path.unlink(missing_ok=True)
        ours = self.dropin_marker.is_file() and self.dropin_marker.read_text().strip() == str(self.dropin)
        if ours and self.dropin.is_file() and self.dropin.read_text() == self.dropin_text():
            self.dropin.unlink()
            self.host.say('authconf', f'removed {self.dropin}')
        self.dropin_marker.unlink(missing_ok=True)
