"""The podman step's original import name: see :mod:`dockertest.tools.host.podman`."""

from __future__ import annotations

from .tools.host import podman as _step
from .tools.host.podman import *  # the original import name re-exports the tool's names

__all__ = _step.__all__
