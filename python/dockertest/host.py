"""Set up, inspect and tear down the Docker test host on a Debian machine.

Usage: ``python -m dockertest.host up | status | down [--purge] | version``
(also installed as the ``dockertest-host`` command).

``up`` makes everything the suite needs and is idempotent:

1. installs the Debian packages ``docker.io``, ``busybox-static``, ``bash-static`` and
   ``docker-registry`` when they are missing (as root), and ``rsync`` and ``openssh-server`` for the
   fleet tests (tmt syncs its guests with rsync; the tests start their own loopback ``sshd``);
2. starts ``dockerd`` when no daemon answers on the socket, logging to ``<state>/dockerd.log``;
3. builds the test image offline, with ``docker import`` of a tiny rootfs holding static busybox
   (every applet linked) and static bash at ``/bin/bash``;
4. starts a registry on 127.0.0.1:5000 (data under ``<state>/registry``) and pushes the image there
   as ``localhost:5000/dockertest/busybox:latest`` and ``:extra``;
5. serves a static busybox over loopback HTTP, at ``http://127.0.0.1:5080/busybox``;
6. starts a second registry that requires basic auth, on 127.0.0.1:5001 (see
   :mod:`dockertest.auth_registry`);
7. sets up podman beside dockerd (see :mod:`dockertest.podman_host`).

Whatever ``up`` starts is tracked by a pid file, and whatever it makes is recorded in
``<state>/made.json``. ``down`` stops only those processes; ``down --purge`` also removes the images
and the registry data that ``up`` made. Neither touches an image or a container it did not make.

Settings come from the environment: ``DOCKERTEST_STATE_DIR`` (default ``.state/host`` in a source
checkout, else ``/var/lib/dockertest``), ``DOCKERTEST_REGISTRY_PORT`` (5000),
``DOCKERTEST_HTTP_PORT`` (5080), ``DOCKERTEST_STORAGE_DRIVER`` (``vfs``, which works everywhere),
``DOCKERTEST_DOCKER`` (the client used for setup, default ``/usr/bin/docker``) and
``DOCKERTEST_SOCKET`` (``/var/run/docker.sock``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import _core
from .auth_registry import AuthRegistry
from .podman_host import PodmanHost

__all__ = ['Host', 'HostError', 'Settings', 'main']

# rsync and openssh-server serve the fleet tests (tmt's guest sync, a loopback sshd): docs/fleet.rst.
PACKAGES = ('docker.io', 'busybox-static', 'bash-static', 'docker-registry', 'rsync', 'openssh-server', 'iproute2')
IMAGE_REPO = 'dockertest/busybox'
IMAGE_TAGS = ('latest', 'extra')
BUSYBOX = Path('/bin/busybox')
BASH = Path('/bin/bash-static')
WAIT_SECONDS = 60.0
#: Seconds ``up`` waits for a dockerd it started earlier that is still stopping (or starting).
STOP_WAIT_SECONDS = 60


class HostError(Exception):
    """A host-setup step failed; the message names the step and what to look at."""


def _default_state_dir() -> Path:
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / 'Cargo.toml').is_file() and (checkout / 'python' / 'dockertest').is_dir():
        return checkout / '.state' / 'host'
    return Path('/var/lib/dockertest')


@dataclass(frozen=True)
class Settings:
    """Where the host keeps its state and which addresses it serves on."""

    state_dir: Path
    registry_port: int
    http_port: int
    storage_driver: str
    docker: str
    socket_path: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default ``os.environ``), with the documented defaults."""
        env = os.environ if env is None else env

        def port(name: str, default: int) -> int:
            text = env.get(name, str(default))
            if not text.isdigit() or not 0 < int(text) < 65536:
                raise HostError(f'{name}={text!r} is not a TCP port number (1-65535)')
            return int(text)

        return cls(
            state_dir=Path(env.get('DOCKERTEST_STATE_DIR') or _default_state_dir()),
            registry_port=port('DOCKERTEST_REGISTRY_PORT', 5000),
            http_port=port('DOCKERTEST_HTTP_PORT', 5080),
            storage_driver=env.get('DOCKERTEST_STORAGE_DRIVER', 'vfs'),
            docker=env.get('DOCKERTEST_DOCKER')
            or ('/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'),
            socket_path=env.get('DOCKERTEST_SOCKET', '/var/run/docker.sock'),
        )

    @property
    def image_names(self) -> list[str]:
        """The fully qualified names of the test image, one per tag."""
        return [f'localhost:{self.registry_port}/{IMAGE_REPO}:{tag}' for tag in IMAGE_TAGS]

    @property
    def busybox_url(self) -> str:
        """The loopback URL of the static busybox served for the build subtest."""
        return f'http://127.0.0.1:{self.http_port}/busybox'


def _http_get(url: str, timeout: float = 3.0) -> tuple[int, bytes]:
    """GET a loopback URL; (0, b'') when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, b''
    except (OSError, ValueError):
        return 0, b''


def run_tool(
    cmd: list[str], missing: str, *, input: bytes | None = None, check: bool = True, timeout: float = 120.0
) -> subprocess.CompletedProcess:
    """Run a setup command (output as bytes); HostError says ``missing`` when the program is not
    there, and names the command when it times out or (with ``check``) fails."""
    try:
        proc = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError as err:
        raise HostError(missing) from err
    except subprocess.TimeoutExpired as err:
        raise HostError(f'{" ".join(cmd)} did not finish within {timeout:.0f} s') from err
    if check and proc.returncode != 0:
        msg = proc.stderr.decode(errors='replace').strip()
        raise HostError(f'{" ".join(cmd)} failed (exit {proc.returncode}): {msg}')
    return proc


def daemon_answers(socket_path: str, timeout: float = 3.0) -> bool:
    """True when a Docker Engine answers ``GET /_ping`` on the unix socket ``socket_path`` (the core's client)."""
    try:
        return _core.SocketClient(socket_path, timeout).get('/_ping').status == 200
    except OSError:  # the core's DockerSocketError: nothing answers, or not in time
        return False


class Host:
    """The test host described by ``settings``; each method is one step of ``up``/``down``."""

    def __init__(self, settings: Settings, out=None) -> None:
        self.settings = settings
        self.state = settings.state_dir
        self.out = out or sys.stdout
        self.changed: list[str] = []

    # -- small helpers ----------------------------------------------------------------------
    def say(self, piece: str, text: str) -> None:
        """Print one status line for ``piece``."""
        print(f'{piece:<10} {text}', file=self.out, flush=True)

    def made(self, piece: str, text: str) -> None:
        """Print and remember that ``up`` changed something."""
        self.changed.append(piece)
        self.say(piece, text)

    def docker(self, *args: str, input: bytes | None = None, check: bool = True, timeout: float = 120.0):
        """Run the setup docker client; a failure raises HostError naming the command."""
        missing = f'docker client {self.settings.docker!r} not found (set DOCKERTEST_DOCKER)'
        return run_tool([self.settings.docker, *args], missing, input=input, check=check, timeout=timeout)

    def _pidfile(self, name: str) -> Path:
        return self.state / f'{name}.pid'

    def _record(self) -> dict:
        path = self.state / 'made.json'
        if not path.exists():
            return {'images': {}}
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError) as err:
            raise HostError(f'{path}: unreadable record of what up made ({err}); remove it by hand') from err

    def _save_record(self, record: dict) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        tmp = self.state / 'made.json.tmp'
        tmp.write_text(json.dumps(record, indent=2, sort_keys=True))
        tmp.replace(self.state / 'made.json')

    def tracked_pid(self, name: str, program: str) -> int | None:
        """The live pid recorded for ``name``, if its command line still names ``program``."""
        try:
            pid = int(self._pidfile(name).read_text().split()[0])
            cmdline = Path(f'/proc/{pid}/cmdline').read_bytes()
        except (OSError, ValueError, IndexError):
            return None
        return pid if program.encode() in cmdline else None

    def spawn(self, name: str, argv: list[str], ready, what: str) -> None:
        """Start ``argv`` in its own session, logging to ``<state>/<name>.log``, and wait for ``ready()``."""
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

    # -- up -----------------------------------------------------------------------------------
    def missing_packages(self, packages: tuple[str, ...] = PACKAGES) -> list[str]:
        """The ``packages`` (default PACKAGES) that dpkg does not list as installed."""
        missing = []
        for pkg in packages:
            proc = subprocess.run(
                ['dpkg-query', '-W', '-f=${Status}', pkg], capture_output=True, text=True, check=False
            )
            if proc.returncode != 0 or 'install ok installed' not in proc.stdout:
                missing.append(pkg)
        return missing

    def ensure_packages(self, packages: tuple[str, ...] = PACKAGES, piece: str = 'packages') -> None:
        """Install the missing Debian ``packages`` with apt-get, reporting as ``piece``."""
        if not shutil.which('dpkg-query'):
            raise HostError(f'{piece}: dpkg-query not found; host setup needs a Debian machine')
        missing = self.missing_packages(packages)
        if not missing:
            self.say(piece, 'ok: ' + ' '.join(packages))
            return
        if os.geteuid() != 0:
            raise HostError(f'{piece}: {" ".join(missing)} missing and not root; run as root or install them')
        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        for argv in (
            ['apt-get', 'update', '-qq'],
            ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', *missing],
        ):
            proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                raise HostError(f'{piece}: {" ".join(argv)} failed: {proc.stderr.strip()[-500:]}')
        self.made(piece, 'installed ' + ' '.join(missing))

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

    def image_id(self, name: str) -> str | None:
        """The id of the local image ``name``, or None."""
        proc = self.docker('image', 'inspect', '--format', '{{.Id}}', name, check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def build_rootfs(self, root: Path) -> None:
        """Lay out the tiny rootfs: static busybox with every applet linked, static bash at /bin/bash."""
        for tool in (BUSYBOX, BASH):
            if not tool.is_file():
                raise HostError(f'image: {tool} missing; install busybox-static and bash-static')
        for d in ('bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'tmp', 'var', 'root', 'proc', 'sys', 'dev'):
            (root / d).mkdir(parents=True, exist_ok=True)
        (root / 'tmp').chmod(0o1777)
        shutil.copy2(BUSYBOX, root / 'bin/busybox')
        shutil.copy2(BASH, root / 'bin/bash')
        applets = subprocess.run([str(BUSYBOX), '--list-full'], capture_output=True, text=True, check=True)
        for rel in applets.stdout.split():
            link = root / rel
            if rel.startswith('/') or link.exists() or link.is_symlink():
                continue
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(os.path.relpath(root / 'bin/busybox', link.parent))
        (root / 'etc/passwd').write_text('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n')
        (root / 'etc/group').write_text('root:x:0:\nnogroup:x:65534:\n')

    def ensure_image(self) -> None:
        """Import the test image offline unless every tag of it is present."""
        record = self._record()
        names = self.settings.image_names
        ids = {name: self.image_id(name) for name in names}
        if all(ids.values()):
            self.say('image', f'ok: {", ".join(names)}')
            return
        if not ids[names[0]]:
            with tempfile.TemporaryDirectory(prefix='dockertest-rootfs-') as tmp:
                root = Path(tmp)
                self.build_rootfs(root)
                tar = subprocess.run(
                    ['tar', '-C', str(root), '--numeric-owner', '-cf', '-', '.'], capture_output=True, check=True
                ).stdout
            self.docker(
                'import',
                '--change',
                'CMD ["/bin/sh"]',
                '--change',
                'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
                '-',
                names[0],
                input=tar,
            )
            ids[names[0]] = self.image_id(names[0])
            record['images'][names[0]] = ids[names[0]]
        for name in names[1:]:
            if not ids[name]:
                self.docker('tag', names[0], name)
                record['images'][name] = ids[names[0]]
        self._save_record(record)
        self.made('image', f'imported {", ".join(names)} ({ids[names[0]][:19]})')

    def registry_answers(self) -> bool:
        """True when a Docker registry answers on the loopback registry port."""
        status, _ = _http_get(f'http://127.0.0.1:{self.settings.registry_port}/v2/', timeout=1.0)
        return status == 200

    def registry_tags(self) -> set[str]:
        """The tags of the test image repository that the registry holds."""
        url = f'http://127.0.0.1:{self.settings.registry_port}/v2/{IMAGE_REPO}/tags/list'
        status, body = _http_get(url)
        if status != 200:
            return set()
        with contextlib.suppress(ValueError, AttributeError):
            return set(json.loads(body).get('tags') or [])
        return set()

    def ensure_registry(self) -> None:
        """Start the loopback registry unless one answers, then push the test image tags it lacks."""
        port = self.settings.registry_port
        if self.registry_answers():
            self.say('registry', f'ok: answers on 127.0.0.1:{port}')
        else:
            data = self.state / 'registry'
            data.mkdir(parents=True, exist_ok=True)
            cfg = self.state / 'registry.yml'
            cfg.write_text(
                'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n'
                f'    rootdirectory: {data}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n'
            )
            registry = shutil.which('docker-registry') or '/usr/bin/docker-registry'
            self.spawn(
                'registry', [registry, 'serve', str(cfg)], self.registry_answers, f'registry on 127.0.0.1:{port}'
            )
        missing = [name for name in self.settings.image_names if name.rsplit(':', 1)[1] not in self.registry_tags()]
        for name in missing:
            self.docker('push', name, timeout=300.0)
        if missing:
            self.made('push', f'pushed {", ".join(missing)}')
        else:
            self.say('push', f'ok: registry holds {IMAGE_REPO}:{",".join(IMAGE_TAGS)}')

    def http_answers(self) -> bool:
        """True when the loopback file server hands out the static busybox."""
        status, body = _http_get(self.settings.busybox_url, timeout=2.0)
        return status == 200 and len(body) == BUSYBOX.stat().st_size

    def ensure_http(self) -> None:
        """Serve ``<state>/www`` (holding a static busybox) on the loopback HTTP port."""
        www = self.state / 'www'
        www.mkdir(parents=True, exist_ok=True)
        if not (www / 'busybox').is_file():
            shutil.copy2(BUSYBOX, www / 'busybox')
        if self.http_answers():
            self.say('http', f'ok: {self.settings.busybox_url}')
            return
        status, _ = _http_get(self.settings.busybox_url, timeout=1.0)
        if status:
            raise HostError(
                f'http: 127.0.0.1:{self.settings.http_port} answers but does not serve busybox '
                f'(HTTP {status}); set DOCKERTEST_HTTP_PORT to a free port'
            )
        argv = [
            sys.executable,
            '-m',
            'http.server',
            str(self.settings.http_port),
            '--bind',
            '127.0.0.1',
            '--directory',
            str(www),
        ]
        self.spawn('http', argv, self.http_answers, f'file server at {self.settings.busybox_url}')

    def up(self) -> None:
        """Make every piece of the test host; a no-op when all are there already."""
        started = time.monotonic()
        self.ensure_packages()
        self.ensure_daemon()
        self.ensure_image()
        self.ensure_registry()
        self.ensure_http()
        AuthRegistry(self).up()  # before podman's API service, which reads its registries drop-in once
        PodmanHost(self).up()
        took = time.monotonic() - started
        if self.changed:
            self.say('up', f'changed: {", ".join(self.changed)} ({took:.1f} s)')
        else:
            self.say('up', f'nothing changed ({took:.1f} s)')

    # -- status ---------------------------------------------------------------------------------
    def status(self) -> bool:
        """Report each piece; True when all are ready."""
        ok = True
        missing = self.missing_packages() if shutil.which('dpkg-query') else list(PACKAGES)
        self.say('packages', 'ok' if not missing else f'MISSING {" ".join(missing)}')
        ok &= not missing
        alive = daemon_answers(self.settings.socket_path)
        pid = self.tracked_pid('dockerd', 'dockerd')
        self.say(
            'dockerd',
            ('ok' if alive else 'DOWN')
            + f' on {self.settings.socket_path}'
            + (f' (started by up, pid {pid})' if pid else ''),
        )
        ok &= alive
        for name in self.settings.image_names:
            if not alive:
                self.say('image', f'unknown: {name} (dockerd is down, so its images cannot be listed)')
                continue
            iid = self.image_id(name)
            self.say('image', f'ok: {name} {iid[:19]}' if iid else f'MISSING {name}')
            ok &= bool(iid)
        reg = self.registry_answers()
        tags = self.registry_tags() if reg else set()
        self.say(
            'registry',
            (
                f'ok: 127.0.0.1:{self.settings.registry_port} tags {",".join(sorted(tags))}'
                if reg
                else f'DOWN on 127.0.0.1:{self.settings.registry_port}'
            ),
        )
        ok &= reg and set(IMAGE_TAGS) <= tags
        web = self.http_answers() if BUSYBOX.exists() else False
        self.say('http', f'ok: {self.settings.busybox_url}' if web else f'DOWN {self.settings.busybox_url}')
        return PodmanHost(self).status() & AuthRegistry(self).status() and ok and web

    # -- down ---------------------------------------------------------------------------------
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

    def purge_images(self) -> None:
        """Remove the image names ``up`` made, only while they still name the image it made."""
        record = self._record()
        if record['images'] and not daemon_answers(self.settings.socket_path):
            raise HostError('purge: no daemon answers, so the images up made cannot be removed; run up first')
        for name, made_id in sorted(record['images'].items()):
            if self.image_id(name) == made_id:
                self.docker('rmi', name)
                self.say('image', f'removed {name}')
            else:
                self.say('image', f'left {name}: it no longer names the image up made')
        record['images'] = {}
        self._save_record(record)

    def down(self, purge: bool = False) -> None:
        """Stop what ``up`` started; with ``purge`` also remove what it made."""
        PodmanHost(self).down(purge)
        AuthRegistry(self).down(purge)
        if purge:
            self.purge_images()
        self.stop('http', 'http.server')
        self.stop('registry', 'docker-registry')
        self.stop('dockerd', 'dockerd')
        if purge:
            for sub in ('registry', 'www'):
                shutil.rmtree(self.state / sub, ignore_errors=True)
            for name in ('made.json', 'registry.yml'):
                (self.state / name).unlink(missing_ok=True)
            self.say('state', f'purged {self.state}')


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog='dockertest-host', description=__doc__.split('\n\n')[0])
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('up', help='make everything the suite needs (idempotent)')
    sub.add_parser('status', help='report each piece; exit 1 unless all are ready')
    down = sub.add_parser('down', help='stop what up started')
    down.add_argument('--purge', action='store_true', help='also remove the images and data up made')
    sub.add_parser('version', help='run "docker version" with the client the suite uses')
    args = parser.parse_args(argv)
    try:
        host = Host(Settings.from_env())
        if args.command == 'up':
            host.up()
        elif args.command == 'status':
            return 0 if host.status() else 1
        elif args.command == 'down':
            host.down(purge=args.purge)
        else:
            return subprocess.run([host.settings.docker, 'version'], check=False).returncode
    except HostError as err:
        print(f'dockertest-host: {err}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    # The importable module's main: the helper modules (auth_registry, podman_host) raise the HostError
    # of dockertest.host, which a main of this file run as __main__ would not catch (a twin class).
    from dockertest.host import main as importable_main

    sys.exit(importable_main())
