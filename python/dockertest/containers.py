"""Docker containers: the :class:`DockerContainer` model and listings.

Parsing is done by the Rust core: ``docker ps -a [--no-trunc] [--size]`` tables sliced by header
offsets, ``--format '{{json .}}'`` lines, podman's JSON array, the Engine API's
``/containers/json``, and ``docker inspect``. :class:`DockerContainersBase` holds the lookups over a
listing; a subclass supplies the listing by overriding
:meth:`DockerContainersBase.get_container_list`. :class:`DockerContainersList` wraps one that was
already parsed.

:class:`DockerContainers` works on a subtest's daemon: through the docker client of its config
(``interface_name='cli'``, :class:`DockerContainersCLI`) or the Engine API on the daemon's socket
(``'api'``, :class:`DockerContainersAPI`, which lists and inspects through the API and kills, waits
and removes through the client). ``clean_all`` never removes a name in ``preserve_cnames``. Killing,
waiting for and removing containers are in :mod:`dockertest.container_actions`, which every listing has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from autotest.client.shared import utils

from . import _core, _listing, ownership
from .container_actions import ContainerActions
from .images import _unpreserved

__all__ = [
    'DockerContainer',
    'DockerContainers',
    'DockerContainersAPI',
    'DockerContainersBase',
    'DockerContainersCLI',
    'DockerContainersList',
]

#: One container as a listing shows it: the Rust core's class (``dockertest._core.DockerContainer``).
DockerContainer = _core.DockerContainer


class DockerContainersBase(ContainerActions):
    """Lookups over a listing of containers.

    Subclasses override :meth:`get_container_list`, and :meth:`get_container_metadata` to inspect;
    the CLI and API interfaces run docker there.
    """

    #: Seconds a listing command may take.
    timeout = 60.0
    #: Log each listing command.
    verbose = False
    #: List the SIZE column too.
    get_size = True

    def get_container_list(self) -> list[DockerContainer]:
        """The current listing; subclasses provide it.

        Raises:
            NotImplementedError: Always, in the base class.
        """
        raise NotImplementedError(f'{type(self).__name__} does not say how to list containers')

    def get_container_metadata(self, long_id: str) -> list[dict[str, Any]] | None:
        """The ``docker inspect`` list of a container, or None when unknown (the base knows none)."""
        return None

    @staticmethod
    def containers_from_table(text: str, command: str | None = None) -> list[DockerContainer]:
        """Containers of a ``docker ps -a`` table.

        Raises:
            DockerOutputError: The table cannot be parsed; the message names ``command``, line and column.
        """
        return _core.containers_from_table(text, command)

    @staticmethod
    def containers_from_json(text: str, command: str | None = None) -> list[DockerContainer]:
        """Containers of ``--format '{{json .}}'`` lines, podman's JSON array, or ``/containers/json``.

        Raises:
            DockerOutputError: The JSON cannot be read; the message names ``command``, line and column.
        """
        return _core.containers_from_json(text, command)

    @staticmethod
    def parse_inspect(text: str, command: str | None = None) -> list[dict[str, Any]]:
        """``docker inspect`` output: a non-empty list of non-empty objects (one API object is wrapped).

        Raises:
            DockerOutputError: Invalid JSON, an empty list, or an empty item.
        """
        return _core.parse_inspect(text, command)

    @staticmethod
    def clean_all_names(names: Iterable[str], preserve_cnames: str | Iterable[str] = '') -> list[str]:
        """The names ``clean_all`` removes: every name except those in ``preserve_cnames`` (CSV or iterable).

        Raises:
            TypeError: ``names`` is not iterable.
            ValueError: ``names`` is a bare string.
        """
        return _unpreserved('names', names, preserve_cnames)

    def list_containers(self) -> list[DockerContainer]:
        """Every listed container."""
        return self.get_container_list()

    def list_containers_with_name(self, name: str) -> list[DockerContainer]:
        """Containers called ``name``."""
        return [c for c in self.get_container_list() if c.cmp_name(name)]

    def list_containers_with_cid(self, cid: str) -> list[DockerContainer]:
        """Containers with this id (12 characters compare with the start of the long id)."""
        return [c for c in self.get_container_list() if c.cmp_id(cid)]

    def list_container_ids(self) -> list[str]:
        """Every container's id, in listing order."""
        return [c.long_id for c in self.get_container_list() if c.long_id is not None]

    def list_container_names(self) -> list[str]:
        """Every container's own name, in listing order."""
        return [c.container_name for c in self.get_container_list() if c.container_name is not None]

    def json_by_long_id(self, long_id: str) -> list[dict[str, Any]]:
        """The inspect data of a container.

        Raises:
            ValueError: No data for ``long_id``.
        """
        data = self.get_container_metadata(long_id)
        if data is None:
            raise ValueError(f'no inspect data for container {long_id!r}')
        return data

    def json_by_name(self, name: str) -> list[dict[str, Any]]:
        """The inspect data of the one container called ``name``.

        Raises:
            ValueError: No container, or several, has that name.
        """
        found = self.list_containers_with_name(name)
        if len(found) != 1:
            raise ValueError(f'{len(found)} containers are called {name!r}; exactly one was expected')
        return self.json_by_long_id(found[0].long_id or '')

    def get_unique_name(self, prefix: str = '', suffix: str = '', length: int = 4) -> str:
        """A container name not yet listed: ``prefix_random_suffix`` (the non-empty parts joined by ``_``);
        inside a job, the prefix is followed by the job's name part.

        Raises:
            AutotestError: No free name was found in 1000 tries.
        """
        taken = set(self.list_container_names())
        return utils.get_unique_name(lambda name: name not in taken, ownership.job_prefix(prefix), suffix, length)

    def _one_by_name(self, name: str) -> DockerContainer:
        found = self.list_containers_with_name(name)
        if not found:
            raise KeyError(f'no container is called {name!r}')
        return found[0]


class DockerContainersList(DockerContainersBase):
    """Lookups over a listing that was already parsed, with optional inspect data.

    Args:
        containers: The listing.
        metadata: Inspect data (a parsed list) by long id.
    """

    def __init__(
        self, containers: Iterable[DockerContainer], metadata: Mapping[str, list[dict[str, Any]]] | None = None
    ) -> None:
        self.containers = list(containers)
        self.metadata = dict(metadata or {})

    @classmethod
    def from_table(cls, text: str, command: str | None = None) -> DockerContainersList:
        """Wrap the containers of a ``docker ps -a`` table."""
        return cls(cls.containers_from_table(text, command))

    @classmethod
    def from_json(cls, text: str, command: str | None = None) -> DockerContainersList:
        """Wrap the containers of JSON listing output."""
        return cls(cls.containers_from_json(text, command))

    def get_container_list(self) -> list[DockerContainer]:
        """A copy of the wrapped listing."""
        return list(self.containers)

    def get_container_metadata(self, long_id: str) -> list[dict[str, Any]] | None:
        """The inspect data given for ``long_id`` (a 12-character id matches by prefix)."""
        if long_id in self.metadata:
            return self.metadata[long_id]
        if len(long_id) == 12:
            hits = [v for k, v in self.metadata.items() if k.startswith(long_id)]
            if len(hits) == 1:
                return hits[0]
        return None


class DockerContainersCLI(_listing.Interface, DockerContainersBase):
    """Containers of the subtest's daemon, listed, inspected, killed, waited and removed by its docker client.

    Args:
        subtest: The Subtest or SubSubtest whose config gives ``docker_path``, ``docker_options``
            and ``docker_timeout``.
        timeout: Seconds allowed to each command; ``docker_timeout`` when None.
        verbose: Log every command.
    """

    #: Arguments of ``rm`` before the container.
    remove_args: tuple[str, ...] = ()

    def get_container_list(self) -> list[DockerContainer]:
        """``docker ps -a --no-trunc`` (``--size`` with ``get_size``), as JSON lines where the client takes them.

        Raises:
            DockerCommandError: The listing failed or timed out.
            DockerOutputError: Its output cannot be parsed (the message names command, line and column).
        """
        words = ['ps', '-a', '--no-trunc', *(['--size'] if self.get_size else [])]
        return self.cli_listing(words, self.containers_from_json, self.containers_from_table)

    def get_container_metadata(self, long_id: str) -> list[dict[str, Any]] | None:
        """``docker inspect --type=container <id>``, or None when it fails or gives no usable data.

        Raises:
            DockerCommandError: ``docker inspect`` was killed at its timeout.
        """
        result = self.run_words(['inspect', '--type=container', long_id], check=False)
        if result is None:
            return None
        if result.exit_status != 0:
            self.subtest.logdebug('%s failed: %s', result.command, result.stderr.strip())
            return None
        try:
            return self.parse_inspect(result.stdout, result.command)
        except _core.DockerOutputError as err:
            self.subtest.logdebug('%s', err)
            return None

    def remove_by_id(self, container_id: str) -> Any:
        """``docker rm <id>``; the result.

        Raises:
            DockerCommandError: It failed or timed out.
            DockerOutputError: With ``verify_output``, its output failed :class:`~dockertest.output.OutputGood`.
        """
        return self.removal(['rm', *self.remove_args, container_id])

    def remove_by_name(self, name: str) -> Any:
        """``docker rm <name>``; the result.

        Raises:
            DockerCommandError: It failed or timed out.
            DockerOutputError: With ``verify_output``, its output failed :class:`~dockertest.output.OutputGood`.
        """
        return self.removal(['rm', *self.remove_args, name])

    def clean_all(self, names: Iterable[str]) -> list[str]:
        """``docker rm --force --volumes`` each of ``names`` but those in the DEFAULTS ``preserve_cnames``.

        Failures are logged, not raised.

        Returns:
            The names whose removal succeeded.

        Raises:
            TypeError: ``names`` is not iterable.
            ValueError: ``names`` is a bare string.
            DockerCommandError: A removal was killed at its timeout.
        """
        preserve = self.subtest.config.get('preserve_cnames') or ''
        return self.remove_each(['rm', '--force', '--volumes'], self.clean_all_names(names, preserve))


class DockerContainersAPI(DockerContainersCLI):
    """Containers listed (``GET /containers/json``) and inspected (``GET /containers/<id>/json``) through
    the Engine API on the daemon's socket; kill, wait and removal still run the docker client.
    """

    def get_container_list(self) -> list[DockerContainer]:
        """``GET /containers/json?all=1`` (``&size=1`` with ``get_size``).

        Raises:
            DockerSocketError: No daemon answers on the socket, or not in time; the message names it.
            DockerAPIError: The daemon answered with an error status.
            DockerOutputError: The body cannot be parsed.
        """
        return self.containers_from_json(*self.api_get('/containers/json?all=1' + ('&size=1' if self.get_size else '')))

    def get_container_metadata(self, long_id: str) -> list[dict[str, Any]] | None:
        """``GET /containers/<id>/json``, or None when the daemon knows no such container.

        Raises:
            DockerSocketError: No daemon answers on the socket, or not in time; the message names it.
        """
        try:
            return self.parse_inspect(*self.api_get(f'/containers/{long_id}/json'))
        except (_core.DockerAPIError, _core.DockerOutputError) as err:
            self.subtest.logdebug('%s', err)
            return None


class DockerContainers(_listing.Facade):
    """The containers of a subtest's daemon through the interface named ``interface_name``.

    Args:
        subtest: The Subtest or SubSubtest the listing works for.
        interface_name: ``'cli'`` (:class:`DockerContainersCLI`) or ``'api'`` (:class:`DockerContainersAPI`).
        timeout: Seconds allowed to each command; ``docker_timeout`` when None.
        verbose: Log every command.

    Every attribute of the interface is available here (``list_containers``, ``json_by_name``,
    ``kill_container_by_name``, ``wait_by_name``, ``remove_by_name``, ``clean_all``...).

    Raises:
        TypeError: ``subtest`` is not a Subtest or a SubSubtest.
        KeyError: Unknown ``interface_name``.
    """

    interfaces: ClassVar[dict[str, type]] = {'cli': DockerContainersCLI, 'api': DockerContainersAPI}
