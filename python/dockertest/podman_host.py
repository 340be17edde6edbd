"""The podman step's original import name: see :mod:`dockertest.tools.host.podman`."""

from __future__ import annotations

from .tools.host.podman import (
    CONTAINERS_DROPIN,
    HEADER,
    PACKAGE,
    PACKAGES,
    REGISTRIES_DIR,
    STORAGE_CONF,
    PodmanHost,
    containers_dropin,
    registries_dropin,
    storage_conf,
)

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
