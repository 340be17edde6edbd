"""The authenticated registry step's original import name: see :mod:`dockertest.tools.host.auth_registry`."""

from __future__ import annotations

from .tools.host import auth_registry as _step
from .tools.host.auth_registry import *  # the original import name re-exports the tool's names

__all__ = _step.__all__
