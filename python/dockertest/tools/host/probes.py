"""Whether a piece of the host answers: the Engine API (through the core's client) and loopback HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request

from ... import _core

__all__ = ['daemon_answers', 'http_get']


def daemon_answers(socket_path: str, timeout: float = 3.0) -> bool:
    """True when a Docker Engine answers ``GET /_ping`` on the unix socket ``socket_path`` (the core's client)."""
    try:
        return _core.SocketClient(socket_path, timeout).get('/_ping').status == 200
    except OSError:  # the core's DockerSocketError: nothing answers, or not in time
        return False


def http_get(url: str, timeout: float = 3.0) -> tuple[int, bytes]:
    """GET a loopback URL; (0, b'') when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, b''
    except (OSError, ValueError):
        return 0, b''
