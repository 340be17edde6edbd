"""Whether the Engine API answers, through the core's client (loopback HTTP: :func:`dockertest.registry.get`)."""

from __future__ import annotations

from ... import _core

__all__ = ['daemon_answers']


def daemon_answers(socket_path: str, timeout: float = 3.0) -> bool:
    """True when a Docker Engine answers ``GET /_ping`` on the unix socket ``socket_path`` (the core's client)."""
    try:
        return _core.SocketClient(socket_path, timeout).get('/_ping').status == 200
    except OSError:  # the core's DockerSocketError: nothing answers, or not in time
        return False
