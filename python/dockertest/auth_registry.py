"""The authenticated registry step's original import name: see :mod:`dockertest.tools.host.auth_registry`."""

from __future__ import annotations

from .tools.host.auth_registry import (
    DEFAULT_PASSWORD,
    DEFAULT_PORT,
    DEFAULT_USER,
    NAME,
    PACKAGES,
    REGISTRIES_DIR,
    AuthRegistry,
)

__all__ = [
    'DEFAULT_PASSWORD',
    'DEFAULT_PORT',
    'DEFAULT_USER',
    'NAME',
    'PACKAGES',
    'REGISTRIES_DIR',
    'AuthRegistry',
]
