"""Talking to the Docker daemon directly, through the Engine HTTP API on its unix socket.

:class:`SocketClient` is a thin face over the Rust client: one HTTP/1.1 request per connection,
unversioned paths, chunked or sized bodies, a timeout for the whole exchange, and errors that name
the socket (:class:`DockerSocketError` for a daemon that is down or silent, :class:`DockerAPIError`
for an HTTP error status, :class:`DockerOutputError` for a body that is not JSON).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from . import _core, xceptions
from ._core import ApiResponse, DockerAPIError, DockerSocketError

__all__ = [
    'DEFAULT_SOCKET',
    'ApiResponse',
    'ClientBase',
    'DockerAPIError',
    'DockerSocketError',
    'SocketClient',
    'socket_path',
    'subtest_client',
]

#: The daemon's default socket.
DEFAULT_SOCKET = '/var/run/docker.sock'


class ClientBase:
    """A daemon client: :meth:`get` fetches a resource and :meth:`value_to_json` decodes it.

    Args:
        uri: Where the daemon is.
    """

    #: The kind of connection, set by subclasses.
    interface: str | None = None

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def get(self, resource: str) -> Any:
        """Fetch ``resource``; subclasses implement it."""
        raise NotImplementedError(f'{type(self).__name__}.get is not implemented')

    @staticmethod
    def value_to_json(value: Any) -> Any:
        """Decode what :meth:`get` returned; subclasses implement it."""
        raise NotImplementedError('value_to_json is not implemented')

    def get_json(self, resource: str) -> Any:
        """``value_to_json(get(resource))``."""
        return self.value_to_json(self.get(resource))


class SocketClient(ClientBase):
    """The Engine API over a unix socket.

    Args:
        uri: The socket's path (a ``unix://`` prefix is accepted).
        timeout: Seconds allowed for connecting, sending and reading one whole answer.
    """

    interface = 'socket'

    def __init__(self, uri: str = DEFAULT_SOCKET, timeout: float = 60.0) -> None:
        super().__init__(uri)
        self.timeout = timeout
        self._client = _core.SocketClient(uri, timeout)

    def get(self, resource: str) -> ApiResponse:
        """``GET resource``, whatever the HTTP status.

        Raises:
            DockerSocketError: No daemon, a timeout, or a malformed answer; the message names the socket.
        """
        return self._client.get(resource)

    @staticmethod
    def value_to_json(value: ApiResponse) -> Any:
        """The JSON body of a 200 answer.

        Raises:
            DockerAPIError: Another status (a ValueError, as in the original), with the daemon's message.
            DockerOutputError: The body is not JSON.
        """
        return value.json()

    def version(self) -> dict[str, Any]:
        """``GET /version``."""
        return self.get_json('/version')


def socket_path(config: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> str | None:
    """The unix socket of the daemon the docker client under test talks to.

    As the docker client decides: a ``-H``/``--host`` in ``docker_options`` first, then the
    ``DOCKER_HOST`` environment variable, else :data:`DEFAULT_SOCKET`.

    Args:
        config: a subtest's configuration (``docker_options`` is read).
        environ: the environment (default ``os.environ``).

    Returns:
        The socket's path, or None when the client talks to a daemon that is not behind a unix socket
        (``tcp://``, ``ssh://``...).
    """
    words = _core.split_subargs(str(config.get('docker_options') or ''))
    host = None
    for index, word in enumerate(words):
        if word in ('-H', '--host') and index + 1 < len(words):
            host = words[index + 1]
        elif word.startswith(('-H=', '--host=')):
            host = word.split('=', 1)[1]
        elif word.startswith('-H') and len(word) > 2:
            host = word[2:]
    if host is None:
        host = (os.environ if environ is None else environ).get('DOCKER_HOST') or None
    if host is None:
        return DEFAULT_SOCKET
    return host[len('unix://') :] if host.startswith('unix://') else None


def subtest_client(config: Mapping[str, Any], timeout: float = 60.0) -> SocketClient:
    """A :class:`SocketClient` for the daemon the docker client under test talks to (see :func:`socket_path`).

    Raises:
        DockerTestNAError: that daemon is not behind a unix socket, so a subtest cannot cross-check it.
    """
    path = socket_path(config)
    if path is None:
        raise xceptions.DockerTestNAError(
            'The docker client does not reach its daemon through a unix socket (see docker_options and '
            'DOCKER_HOST): its answers cannot be cross-checked with the Engine API'
        )
    return SocketClient(path, timeout)
