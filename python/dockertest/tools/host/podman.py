"""Step 7 of ``up``, the podman half of the test host: what ``python -m dockertest.host up`` adds for podman.

:class:`PodmanHost` is driven by :class:`~dockertest.tools.host.host.Host` (``up``, ``status``, ``down``)
and shares its state directory, its pid files and its record of what ``up`` made (``made.json``, key
``podman``). ``up`` is idempotent:

1. installs Debian's ``podman`` when it is missing (as root), and ``catatonit``, the init process
   podman runs for ``run --init`` (its ``init_path``, ``/usr/libexec/podman/catatonit``), which
   Debian's podman only recommends;
2. writes the drop-ins owned by dockertest, each only when its content differs:
   ``/etc/containers/containers.conf.d/50-dockertest.conf`` (runtime ``runc``, since ``crun``
   refuses the hybrid cgroup layout, and default ulimits no higher than this machine's hard limits,
   since podman's own defaults are refused with "error setting rlimit"),
   ``/etc/containers/registries.conf.d/50-dockertest-<port>.conf`` (the loopback registry without
   TLS; one file per registry port, so a second test host on another port has its own),
   and ``/etc/containers/storage.conf`` only when no such file exists (the storage driver,
   ``DOCKERTEST_PODMAN_STORAGE_DRIVER``, default ``overlay``);
3. pulls the test image and its second tag from the loopback registry into podman's storage;
4. starts ``podman system service`` on its own unix socket (``DOCKERTEST_PODMAN_SOCKET``, default
   ``/run/dockertest/podman.sock``; never docker's), tracked by ``<state>/podman.pid``.

``down`` stops that service; ``down --purge`` also removes exactly what ``up`` added: the images it
pulled (while their names still point at what it pulled) and the files it wrote (while they still
hold what it wrote). Nothing else of podman's, and nothing of dockerd's, is touched. The package
stays installed, as ``docker.io`` does.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ... import _core
from .commands import run_tool
from .errors import HostError
from .probes import daemon_answers

if TYPE_CHECKING:
    from .host import Host

__all__ = [
    'CONTAINERS_DROPIN',
    'HEADER',
    'PACKAGE',
    'PACKAGES',
    'REGISTRIES_DIR',
    'STORAGE_CONF',
    'PodmanHost',
    'containers_dropin',
    'registries_dropin',
    'storage_conf',
]

PACKAGE = 'podman'
#: podman and what it needs here beyond its dependencies: ``catatonit`` for ``run --init``.
PACKAGES = (PACKAGE, 'catatonit')
CONTAINERS_DROPIN = Path('/etc/containers/containers.conf.d/50-dockertest.conf')
REGISTRIES_DIR = Path('/etc/containers/registries.conf.d')
STORAGE_CONF = Path('/etc/containers/storage.conf')
HEADER = '# Written by dockertest (python -m dockertest.host up); "down --purge" removes it.\n'


def _limit(which: int, ceiling: int) -> int:
    """This machine's hard limit for ``which``, capped at ``ceiling``."""
    hard = resource.getrlimit(which)[1]
    return ceiling if hard == resource.RLIM_INFINITY else min(hard, ceiling)


def containers_dropin() -> str:
    """The containers.conf drop-in: runtime runc, and ulimits this machine allows."""
    nofile = _limit(resource.RLIMIT_NOFILE, 1048576)
    # podman lowers its own nproc limit to 32768 when it starts, and a container may not exceed it.
    nproc = _limit(resource.RLIMIT_NPROC, 32768)
    return (
        HEADER
        + '[containers]\n'
        + f'default_ulimits = ["nofile={nofile}:{nofile}", "nproc={nproc}:{nproc}"]\n'
        + '\n[engine]\nruntime = "runc"\n'
    )


def registries_dropin(registry: str) -> str:
    """The registries.conf drop-in: the loopback registry is used over plain HTTP."""
    return HEADER + f'[[registry]]\nlocation = "{registry}"\ninsecure = true\n'


def storage_conf(driver: str) -> str:
    """The storage.conf written when none exists: rootful storage with ``driver``."""
    return (
        HEADER
        + '[storage]\n'
        + f'driver = "{driver}"\n'
        + 'runroot = "/run/containers/storage"\n'
        + 'graphroot = "/var/lib/containers/storage"\n'
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class PodmanHost:
    """The podman pieces of ``host`` (a :class:`~dockertest.tools.host.host.Host`)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        env = os.environ
        self.podman = env.get('DOCKERTEST_PODMAN') or shutil.which('podman') or '/usr/bin/podman'
        self.socket_path = env.get('DOCKERTEST_PODMAN_SOCKET', '/run/dockertest/podman.sock')
        self.storage_driver = env.get('DOCKERTEST_PODMAN_STORAGE_DRIVER', 'overlay')
        self.registry = f'localhost:{host.settings.registry_port}'
        self.registries_dropin = REGISTRIES_DIR / f'50-dockertest-{host.settings.registry_port}.conf'

    # -- helpers ------------------------------------------------------------------------------
    def run(self, *args: str, check: bool = True, timeout: float = 300.0) -> _core.CmdResult:
        """Run podman (output as text); a failure raises HostError naming the command."""
        missing = f'podman: {self.podman!r} not found (set DOCKERTEST_PODMAN)'
        return run_tool([self.podman, *args], missing, check=check, timeout=timeout)

    def _record(self) -> dict:
        record = self.host._record()
        record.setdefault('podman', {'files': {}, 'images': {}})
        return record

    def image_id(self, name: str) -> str | None:
        """The id of ``name`` in podman's storage, or None."""
        proc = self.run('image', 'inspect', '--format', '{{.Id}}', name, check=False)
        return proc.stdout.strip() if proc.exit_status == 0 and proc.stdout.strip() else None

    def wanted_files(self) -> dict[Path, str]:
        """Each file ``up`` writes and its content (storage.conf only when it is ours or missing)."""
        files = {
            CONTAINERS_DROPIN: containers_dropin(),
            self.registries_dropin: registries_dropin(self.registry),
        }
        ours = str(STORAGE_CONF) in self._record()['podman']['files']
        if ours or not STORAGE_CONF.exists():
            files[STORAGE_CONF] = storage_conf(self.storage_driver)
        return files

    def service_answers(self) -> bool:
        """True when podman's Docker-compatible API answers on its socket."""
        return daemon_answers(self.socket_path, timeout=1.0)

    # -- up -----------------------------------------------------------------------------------
    def ensure_files(self) -> bool:
        """Write the drop-ins whose content differs from what they should hold; True if any did."""
        record = self._record()
        changed = []
        for path, text in self.wanted_files().items():
            with contextlib.suppress(OSError):
                if path.read_text() == text:
                    continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            except OSError as err:
                raise HostError(f'podman: cannot write {path}: {err.strerror} (run as root)') from err
            record['podman']['files'][str(path)] = _digest(text)
            changed.append(str(path))
        if changed:
            self.host._save_record(record)
            self.host.made('podconf', 'wrote ' + ', '.join(changed))
        else:
            self.host.say('podconf', f'ok: {CONTAINERS_DROPIN}, {self.registries_dropin}')
        return bool(changed)

    def ensure_images(self) -> None:
        """Pull the test image tags that podman's storage lacks, from the loopback registry."""
        record = self._record()
        names = self.host.settings.image_names
        missing = [name for name in names if not self.image_id(name)]
        for name in missing:
            self.run('pull', '--quiet', name)
            record['podman']['images'][name] = self.image_id(name)
        if missing:
            self.host._save_record(record)
            self.host.made('podimage', 'pulled ' + ', '.join(missing))
        else:
            self.host.say('podimage', 'ok: ' + ', '.join(names))

    def ensure_service(self) -> None:
        """Start ``podman system service`` on its socket unless it answers already."""
        if self.service_answers():
            pid = self.host.tracked_pid('podman', 'podman')
            self.host.say('podman', f'ok: API on {self.socket_path}' + (f' (started by up, pid {pid})' if pid else ''))
            return
        if self.socket_path == self.host.settings.socket_path:
            raise HostError(f"podman: DOCKERTEST_PODMAN_SOCKET must not be docker's socket {self.socket_path}")
        sock = Path(self.socket_path)
        sock.parent.mkdir(parents=True, exist_ok=True)
        if sock.is_socket():
            sock.unlink()  # a stale socket of a service that died
        argv = [self.podman, 'system', 'service', '--time=0', f'unix://{sock}']
        self.host.spawn('podman', argv, self.service_answers, f'podman API on {sock}')

    def up(self) -> None:
        """Every podman piece, each only when missing."""
        self.host.ensure_packages(PACKAGES, 'podpkg')
        if self.ensure_files():
            self.host.stop('podman', 'podman')  # the service reads the drop-ins when it starts
        self.ensure_images()
        self.ensure_service()

    # -- status -------------------------------------------------------------------------------
    def status(self) -> bool:
        """Report each podman piece; True when all are ready."""
        say = self.host.say
        installed = Path(self.podman).exists()
        missing = self.host.missing_packages(PACKAGES) if shutil.which('dpkg-query') else []
        say('podpkg', 'MISSING ' + ' '.join(missing) if missing else 'ok' if installed else f'MISSING {PACKAGE}')
        files = self.wanted_files() if installed else {}
        stale = [str(p) for p, text in files.items() if not (p.exists() and p.read_text() == text)]
        say('podconf', 'ok' if installed and not stale else 'MISSING ' + (', '.join(stale) or 'podman'))
        ok = installed and not stale and not missing
        for name in self.host.settings.image_names:
            iid = self.image_id(name) if installed else None
            say('podimage', f'ok: {name} {iid[:19]}' if iid else f'MISSING {name}')
            ok &= bool(iid)
        alive = self.service_answers()
        pid = self.host.tracked_pid('podman', 'podman')
        say('podman', ('ok' if alive else 'DOWN') + f' on {self.socket_path}' + (f' (pid {pid})' if pid else ''))
        return ok and alive

    # -- down ---------------------------------------------------------------------------------
    def down(self, purge: bool = False) -> None:
        """Stop the service; with ``purge`` also remove the images and files ``up`` added."""
        if self.host.tracked_pid('podman', 'podman'):
            self.host.stop('podman', 'podman')
            # The socket (and its directory, when empty) went with the service up started.
            with contextlib.suppress(OSError):
                Path(self.socket_path).unlink()
                Path(self.socket_path).parent.rmdir()
        if not purge:
            return
        record = self._record()
        made = record['podman']
        for name, made_id in sorted(made['images'].items()):
            if Path(self.podman).exists() and made_id and self.image_id(name) == made_id:
                self.run('rmi', name)
                self.host.say('podimage', f'removed {name}')
            else:
                self.host.say('podimage', f'left {name}: it no longer names the image up pulled')
        for path_text, digest in sorted(made['files'].items()):
            path = Path(path_text)
            with contextlib.suppress(OSError):
                if _digest(path.read_text()) != digest:
                    self.host.say('podconf', f'left {path}: changed since up wrote it')
                    continue
                path.unlink()
                self.host.say('podconf', f'removed {path}')
        record['podman'] = {'files': {}, 'images': {}}
        self.host._save_record(record)
