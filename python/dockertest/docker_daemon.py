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

_UNIX = 'unix://'


def _host_option(words: list[str]) -> str | None:
    """The value of the first ``-H``/``--host`` option among the client's global options."""
    for index, word in enumerate(words):
        for flag in ('-H', '--host'):
            if word == flag:
                return words[index + 1] if index + 1 < len(words) else ''
            if word.startswith(flag + '='):
                return word[len(flag) + 1 :]
        if word.startswith('-H') and not word.startswith('--'):
            return word[2:]
    return None


def socket_path(config: Mapping[str, Any]) -> str:
    """The unix socket of the daemon that the docker client of ``config`` talks to.

    ``docker_api_socket`` when set (an engine profile whose client reaches no socket names its
    engine's API there); else the same daemon as the CLI's, in the CLI's own precedence: a
    ``-H``/``--host`` in ``docker_options``, else the ``DOCKER_HOST`` environment variable, else
    :data:`DEFAULT_SOCKET`.

    Args:
        config: A subtest's config (``docker_api_socket`` and ``docker_options`` are read).

    Raises:
        DockerValueError: The daemon is given by something other than a ``unix://`` socket (the Engine
            API is reached only through one); the message names the option or variable.
    """
    explicit = str(config.get('docker_api_socket') or '').strip()
    if explicit:  # the engine profile names the API socket (podman's CLI talks to no socket)
        return explicit.removeprefix(_UNIX)
    host = _host_option(_core.split_subargs(str(config.get('docker_options') or '')))
    source = f'docker_options {config.get("docker_options")!r}'
    if host is None:
        host = os.environ.get('DOCKER_HOST') or None
        source = 'DOCKER_HOST'
    if host is None:
        return DEFAULT_SOCKET
    if not host.startswith(_UNIX) or len(host) == len(_UNIX):
        raise xceptions.DockerValueError(
            f'{source} names the daemon {host!r}: the Engine API interface needs a unix:///path socket'
        )
    return host[len(_UNIX) :]


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

    @classmethod
    def from_config(cls, config: Mapping[str, Any], timeout: float | None = None) -> SocketClient:
        """A client on the daemon that the docker client of ``config`` talks to (:func:`socket_path`).

        Args:
            config: A subtest's config (``docker_options``, ``docker_timeout``).
            timeout: Seconds for one whole answer; ``docker_timeout`` when None.

        Raises:
            DockerValueError: The daemon is not given by a ``unix://`` socket.
        """
        return cls(socket_path(config), float(config['docker_timeout'] if timeout is None else timeout))

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


def subtest_client(config: Mapping[str, Any], timeout: float | None = None) -> SocketClient:
    """:meth:`SocketClient.from_config` for a subtest that cross-checks the CLI with the Engine API.

    Raises:
        DockerTestNAError: the daemon is not behind a unix socket, so its answers cannot be cross-checked;
            the message names the option or variable that says where the daemon is.
    """
    try:
        return SocketClient.from_config(config, timeout)
    except xceptions.DockerValueError as err:
        raise xceptions.DockerTestNAError(f'The Engine API cannot cross-check the CLI: {err}') from err
