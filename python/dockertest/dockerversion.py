"""``docker version`` output, and the minimum versions a test needs (the original import name is
:mod:`dockertest.output`)."""

from __future__ import annotations

from . import _core, xceptions

__all__ = ['DockerVersion']


class DockerVersion(_core.DockerVersion):
    """``docker version`` output, in any of its layouts (see the core's ``DockerVersion``).

    Args:
        version_string: the output; when None, ``<docker_path> version`` is run to get it (0.8.x).
        docker_path: the client to run when no output is given (default ``docker``).
    """

    def __new__(cls, version_string: str | None = None, docker_path: str | None = None):
        if version_string is None:
            version_string = _core.run([docker_path or 'docker', 'version'], timeout=60).stdout
        return super().__new__(cls, version_string)

    @staticmethod
    def _require(what: str, installed: str, minimum: str) -> None:
        if _core.compare_loose(installed, str(minimum)) < 0:
            raise xceptions.DockerTestNAError(f'Docker {what} version {installed} is older than {minimum}')

    def require_client(self, minimum: str) -> None:
        """Skip the test (DockerTestNAError) when the client is older than ``minimum`` (0.8.x)."""
        self._require('client', self.client, minimum)

    def require_server(self, minimum: str) -> None:
        """Skip the test (DockerTestNAError) when the server is older than ``minimum`` (0.8.x)."""
        self._require('server', self.server, minimum)
