"""Docker containers: the :class:`DockerContainer` model and listings.

Parsing is done by the Rust core: ``docker ps -a [--no-trunc] [--size]`` tables sliced by header
offsets, ``--format '{{json .}}'`` lines, podman's JSON array, the Engine API's
``/containers/json``, and ``docker inspect``. :class:`DockerContainersBase` holds the lookups over a
listing; a subclass supplies the listing by overriding
:meth:`DockerContainersBase.get_container_list`. :class:`DockerContainersList` wraps one that was
already parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import _core
from .images import _unpreserved

__all__ = ['DockerContainer', 'DockerContainersBase', 'DockerContainersList']

_SLOTS = ('image_name', 'command', 'ports', 'container_name', 'long_id', 'created', 'status', 'size', 'links')


class DockerContainer:
    """One container as a listing shows it.

    Args:
        image_name: The image it runs.
        command: Its command as listed.
        ports: The PORTS text (``''`` when none).
        container_name: Its name; None stays None.

    ``long_id``, ``created``, ``status``, ``size`` and ``links`` start as None and are filled in by
    listings.
    """

    __slots__ = _SLOTS

    def __init__(
        self,
        image_name: str | None,
        command: str | None,
        ports: str | None = None,
        container_name: str | None = None,
    ) -> None:
        self.image_name = image_name
        self.command = command
        self.ports = '' if ports is None else ports
        self.container_name = container_name
        self.long_id: str | None = None
        self.created: str | None = None
        self.status: str | None = None
        self.size: str | None = None
        self.links: list[tuple[str, str]] | None = None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> DockerContainer:
        """Build from a row of the core's parsers, in ``__slots__`` order."""
        obj = cls.__new__(cls)
        for name, value in zip(_SLOTS, row):
            setattr(obj, name, value)
        return obj

    @staticmethod
    def parse_container_name(names: str) -> tuple[str, list[tuple[str, str]] | None]:
        """Split a NAMES cell into the name and its ``(child, alias)`` links.

        Raises:
            ValueError: Empty input, an empty item, no name, or more than one name.
        """
        return _core.parse_container_name(names)

    def cmp_id(self, container_id: str) -> bool:
        """A 12-character id compares with the start of ``long_id``, anything else exactly."""
        if self.long_id is None:
            return False
        if len(container_id) == 12:
            return self.long_id[:12] == container_id
        return self.long_id == container_id

    def cmp_name(self, name: str) -> bool:
        """Compare the container's own name."""
        return self.container_name == name

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DockerContainer):
            return NotImplemented
        return all(getattr(self, s) == getattr(other, s) for s in _SLOTS)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return (
            f'image: {self.image_name}, command: {self.command}, ports: {self.ports}, '
            f'container_name: {self.container_name}, long_id: {self.long_id}, created: {self.created}, '
            f'status: {self.status}, size: {self.size}'
        )

    def __repr__(self) -> str:
        return f'DockerContainer({self})'


class DockerContainersBase:
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
        return [DockerContainer.from_row(r) for r in _core.containers_from_table(text, command)]

    @staticmethod
    def containers_from_json(text: str, command: str | None = None) -> list[DockerContainer]:
        """Containers of ``--format '{{json .}}'`` lines, podman's JSON array, or ``/containers/json``.

        Raises:
            DockerOutputError: The JSON cannot be read; the message names ``command``, line and column.
        """
        return [DockerContainer.from_row(r) for r in _core.containers_from_json(text, command)]

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
