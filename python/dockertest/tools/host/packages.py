"""Step 1 of ``up``: the Debian packages the host needs, installed with apt-get when missing."""

from __future__ import annotations

import os
import shutil

from .base import HostBase
from .commands import run_tool
from .errors import HostError

__all__ = ['PACKAGES', 'PackagesStep']

# rsync and openssh-server serve the fleet tests (tmt's guest sync, a loopback sshd): docs/fleet.rst.
PACKAGES = ('docker.io', 'busybox-static', 'bash-static', 'docker-registry', 'rsync', 'openssh-server', 'iproute2')
#: Seconds apt-get may take for one update or install.
APT_SECONDS = 1800.0


class PackagesStep(HostBase):
    """Which packages are missing, and installing them."""

    def missing_packages(self, packages: tuple[str, ...] = PACKAGES) -> list[str]:
        """The ``packages`` (default PACKAGES) that dpkg does not list as installed."""
        missing = []
        for pkg in packages:
            proc = run_tool(['dpkg-query', '-W', '-f=${Status}', pkg], 'dpkg-query not found', check=False)
            if proc.exit_status != 0 or 'install ok installed' not in proc.stdout:
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
        env = {'DEBIAN_FRONTEND': 'noninteractive'}
        for argv in (
            ['apt-get', 'update', '-qq'],
            ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', *missing],
        ):
            proc = run_tool(argv, f'{piece}: apt-get not found', check=False, timeout=APT_SECONDS, env=env)
            if proc.exit_status != 0:
                raise HostError(f'{piece}: {" ".join(argv)} failed: {proc.stderr.strip()[-500:]}')
        self.made(piece, 'installed ' + ' '.join(missing))
