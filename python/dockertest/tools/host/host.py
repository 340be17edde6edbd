"""The whole test host: every step of ``up`` in order, ``status`` of each piece, and ``down``."""

from __future__ import annotations

import shutil
import time

from .auth_registry import AuthRegistry
from .dockerd import DockerdStep
from .fileserver import FileServerStep
from .image import BUSYBOX, ImageStep
from .packages import PACKAGES, PackagesStep
from .podman import PodmanHost
from .probes import daemon_answers
from .registry import RegistryStep
from .settings import IMAGE_TAGS

__all__ = ['Host']


class Host(PackagesStep, DockerdStep, ImageStep, RegistryStep, FileServerStep):
    """The test host described by ``settings``; each method is one step of ``up``/``down``."""

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
