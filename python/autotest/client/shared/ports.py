"""Free TCP ports: whether one is free, and one the kernel picks (the original import name is
:mod:`autotest.client.shared.utils`)."""

from __future__ import annotations

import socket  # noqa: TID251 - binding a local port is the check itself; the core has no such work

__all__ = ['free_port', 'is_port_free']


def is_port_free(port: int, address: str) -> bool:
    """Whether a TCP port can be bound (``localhost``) or is not listening (other addresses).

    Args:
        port: the port number.
        address: the host to check.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            if address == 'localhost':
                sock.bind(('localhost', port))
            else:
                sock.connect((address, port))
                return False
        except OSError:
            return address != 'localhost'
    return True


def free_port(address: str = '127.0.0.1') -> int:
    """A TCP port on ``address`` that nothing listens on just now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])
