"""The host tool's original import name: see :mod:`dockertest.tools.host`.

``python -m dockertest.host up | status | down [--purge] | version`` still runs it (the importable
tool's ``main``, so a HostError is the tool's own class and prints one line).
"""

from __future__ import annotations

import sys

from .tools.host.auth_registry import AuthRegistry  # noqa: F401 - importable here before, never in __all__
from .tools.host.cli import main
from .tools.host.commands import run_tool
from .tools.host.dockerd import STOP_WAIT_SECONDS
from .tools.host.errors import HostError
from .tools.host.host import Host
from .tools.host.image import BASH, BUSYBOX
from .tools.host.packages import PACKAGES
from .tools.host.podman import PodmanHost  # noqa: F401 - importable here before, never in __all__
from .tools.host.probes import daemon_answers
from .tools.host.processes import WAIT_SECONDS
from .tools.host.settings import IMAGE_REPO, IMAGE_TAGS, Settings

# Each class is listed by one re-exporting module only (the API reference documents it once).
__all__ = [
    'BASH',
    'BUSYBOX',
    'IMAGE_REPO',
    'IMAGE_TAGS',
    'PACKAGES',
    'STOP_WAIT_SECONDS',
    'WAIT_SECONDS',
    'Host',
    'HostError',
    'Settings',
    'daemon_answers',
    'main',
    'run_tool',
]

if __name__ == '__main__':
    sys.exit(main())
