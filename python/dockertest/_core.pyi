"""Type stubs for the compiled Rust core, ``dockertest._core``."""

import re  # noqa: TID251 - a type stub: repo_split_p's type is re.Pattern
from os import PathLike
from typing import Any, ClassVar, final

from typing_extensions import TypeAlias, disjoint_base

_Path: TypeAlias = str | PathLike[str]

__version__: str
"""The package version, which is also the dockertest API version (``MAJOR.MINOR.REVIS``)."""

class DockertestError(Exception):
    """Base class of every exception raised by the Rust core of dockertest."""

# --- config and version (dockertest.config, dockertest.version, dockertest.xceptions) ---

NOVERSIONCHECK: str
"""The ``config_version``/``autotest_version`` value that turns the version check off."""

SUITE_DIR_ENV: str
"""The environment variable naming the suite directory (``DOCKERTEST_SUITE_DIR``)."""

CONFIG_CUSTOM_ENV: str
"""The environment variable naming the user's config directory (``DOCKERTEST_CONFIG_CUSTOM``)."""

class ConfigError(DockertestError):
    """A config file could not be read or parsed, or a value in it is unusable.

    Raised as its subclass ``dockertest.xceptions.DockerConfigError``.
    """

class VersionError(DockertestError):
    """The library, config and Autotest versions do not agree.

    Raised as ``dockertest.xceptions.DockerVersionError`` or ``DockerAutotestVersionError``.
    """

@final
class LoadedConfig:
    """The loaded, interpolated and typed configuration of one suite directory."""

    @property
    def suite_dir(self) -> str:
        """The suite directory it was loaded from."""
    @property
    def files(self) -> list[str]:
        """The ini files read, in reading order (sorted, ``config_defaults`` first)."""
    @property
    def warnings(self) -> list[str]:
        """Problems that did not stop loading: skipped files, sections replaced within one tree."""
    @property
    def engine(self) -> str:
        """The engine profile laid over the sections (``docker`` when none is named)."""
    @property
    def engines(self) -> list[str]:
        """Every engine profile the files define (``[engine:NAME]`` sections), sorted."""
    def sections(self) -> dict[str, dict[str, Any]]:
        """A fresh dict: section name → {option: typed value}, DEFAULTS included."""
    def docs(self) -> dict[str, dict[str, str]]:
        """A fresh dict: section name → {option: rendered ``#:`` doc} for each section's own options."""
    def enabled(self, section: str) -> bool:
        """Whether ``section`` is enabled (``enable = no`` turns it off).

        Raises:
            DockerConfigError: no such section.
        """
    def get_as(self, section: str, option: str, kind_name: str) -> Any:
        """Reads an option as ``'int'``, ``'bool'``, ``'float'`` or ``'str'``.

        Raises:
            DockerConfigError: no such section or option, or the value is not of that kind; the
                message names the file, line, section and option.
        """
    def location(self, section: str, option: str) -> tuple[str, int] | None:
        """The file and line that set an option, or ``None``."""

def load_config(
    suite_dir: _Path,
    defaults_dir: _Path | None = None,
    custom_dir: _Path | None = None,
    defaults_file: str | None = None,
    engine: str | None = None,
) -> LoadedConfig:
    """Loads every ini file of a suite directory (or of the directories given, relative to it), with
    the engine profile ``engine`` (default: the one the DEFAULTS option ``engine`` names) laid over
    DEFAULTS and the subtest sections.

    A repeated section or option in one file gives a warning in ``warnings``; the later value wins.
    A pending signal (Ctrl-C) interrupts a long load with its exception.

    Raises:
        DockerConfigError: any file is unreadable or malformed, or a value is unusable.
    """

def find_suite_dir(explicit: _Path | None = None, env: str | None = None, starts: list[_Path] = ...) -> str:
    """The suite directory: ``explicit``, else ``env`` (when non-empty), else the nearest directory
    holding ``control`` or ``config_defaults/`` at or above one of ``starts``.

    Raises:
        DockerConfigError: none is found, or the one named is not a suite directory.
    """

def parse_ini(
    text: bytes, filename: _Path | None = None
) -> list[tuple[str, int, list[tuple[str, str, int, str | None]]]]:
    """Parses ini text into ``(section, line, [(option, raw value, line, doc)])``; a repeated
    section merges and a repeated option keeps its later value.

    Raises:
        DockerConfigError: a malformed line, an option outside a section, invalid UTF-8.
    """

def parse_ini_warned(
    text: bytes, filename: _Path | None = None
) -> tuple[list[tuple[str, int, list[tuple[str, str, int, str | None]]]], list[str]]:
    """:func:`parse_ini`, and one warning (naming the file, line, section and option) per repeat.

    Raises:
        DockerConfigError: as :func:`parse_ini`.
    """

def interpolate(
    option: str,
    options: list[tuple[str, str]],
    defaults: list[tuple[str, str]],
    section: str | None = None,
    filename: _Path | None = None,
) -> str:
    """Expands ``%(name)s`` in ``option``'s value, looking in ``options`` then ``defaults``.

    Raises:
        DockerConfigError: a missing reference, endless recursion or a stray ``%``.
    """

def typed_value(text: str) -> Any:
    """Types a value: int, else bool, else float, else the str itself."""

def read_value(
    text: str,
    kind_name: str,
    filename: _Path | None = None,
    line: int | None = None,
    section: str | None = None,
    option: str | None = None,
) -> Any:
    """Reads ``text`` as ``'int'``, ``'bool'``, ``'float'`` or ``'str'``.

    Raises:
        DockerConfigError: the value is not of that kind; the message names the location given.
    """

def format_ini(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """Writes sections as ini text (multi-line values as continuation lines)."""

def render_doc(doc: str) -> str:
    """Renders a ``#:`` doc: ``{n}`` newline, ``{t}`` four spaces, ``{{``/``}}`` braces."""

def api_version() -> tuple[int, int, int]:
    """The API version ``(major, minor, revision)``."""

def str2int(text: str) -> int:
    """Packs ``x.y.z`` (parts 0-255) into a 24-bit int.

    Raises:
        DockerValueError: not ``x.y.z`` or a part above 255.
    """

def int2str(number: int) -> str:
    """The inverse of :func:`str2int`.

    Raises:
        DockerValueError: outside ``0..16777215``.
    """

def compare_parts(lhs: list[int], rhs: list[int]) -> int:
    """Compares version part lists by major and minor only: -1, 0 or 1."""

def compare_versions(lhs: str, rhs: str) -> int:
    """Compares ``x.y.z`` strings by major and minor only: -1, 0 or 1."""

def compare_loose(lhs: str, rhs: str) -> int:
    """Compares free-form versions as ``LooseVersion`` did: -1, 0 or 1."""

def check_config_version(config_version: str) -> bool:
    """Checks a ``config_version``; ``False`` when it is ``NOVERSIONCHECK``.

    Raises:
        DockerVersionError: major.minor differ, or the value is empty.
        DockerValueError: the value is not ``x.y.z``.
    """

def check_autotest_version(configured: str, installed: str) -> bool:
    """Checks the installed Autotest against the configured minimum; ``False`` when skipped.

    Raises:
        DockerAutotestVersionError: the installed version is older.
    """

# --- parsers: exceptions ---------------------------------------------------------------------------

# The parser and Engine API exceptions are the classes of dockertest.xceptions (the one set of
# exception classes); _core answers their names through its module-level __getattr__.
from dockertest.xceptions import DockerAPIError as DockerAPIError
from dockertest.xceptions import DockerFullNameFormatError as DockerFullNameFormatError
from dockertest.xceptions import DockerOutputError as DockerOutputError
from dockertest.xceptions import DockerSocketError as DockerSocketError

def __getattr__(name: str) -> type[Exception]:
    """The four exception classes above, imported from ``dockertest.xceptions``."""

# --- parsers: output ---------------------------------------------------------------------------------

from collections.abc import Callable, Iterable, Iterator, Mapping

from typing_extensions import Self

@final
class ColumnRanges:
    """A table header: an immutable mapping between ``(start, end)`` character ranges and column names.

    Names are separated by two or more whitespace characters and located left to right; the last
    column's end is None (end of line). Duplicate names are allowed.

    Args:
        header: The header line.
        min_col_len: The shortest name accepted.
        expected: The column count required, if any.

    Raises:
        DockerOutputError: A blank header, a name shorter than ``min_col_len``, or the wrong count.
    """

    def __new__(cls, header: str, min_col_len: int = 3, expected: int | None = None) -> Self: ...
    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, left to right."""
    @property
    def row_keys(self) -> tuple[str, ...]:
        """The keys of a row dict: the column names, a repeated name with a ``_2``, ``_3``... suffix."""
    @property
    def ranges(self) -> tuple[tuple[int, int | None], ...]:
        """The ``(start, end)`` ranges; the last end is None."""
    @property
    def count(self) -> int:
        """The number of columns."""
    def __len__(self) -> int: ...
    def __getitem__(self, key: str | tuple[int, int | None], /) -> Any:
        """A range gives its name; a name gives its (first) range; anything else raises KeyError."""
    def __contains__(self, key: object, /) -> bool: ...
    def __iter__(self) -> Iterator[tuple[int, int | None]]: ...
    def keys(self) -> list[tuple[int, int | None]]:
        """The ranges."""
    def values(self) -> list[str]:
        """The names."""
    def items(self) -> list[tuple[tuple[int, int | None], str]]:
        """``(range, name)`` pairs."""
    def offset(self, n: int | None = None) -> str:
        """The name of the column holding character ``n``; None, negative or out of range gives the last."""

def parse_table(
    table: str,
    allow_duplicate: bool = False,
    command: str | None = None,
    columnranges: ColumnRanges | None = None,
) -> tuple[ColumnRanges, list[dict[str, str | None]]]:
    """Parse a table by header offsets counted in characters.

    Args:
        table: Header line first; rows lose only trailing whitespace; ``''`` and ``<none>`` cells are None.
        allow_duplicate: Accept identical rows.
        command: Named in errors.
        columnranges: A header to cut by; ``table`` then holds only the rows.

    Returns:
        The header and one dict per row; a repeated column name gets a ``_2``, ``_3``... key.

    Raises:
        DockerOutputError: A row not aligned with the header, a duplicate row, or a blank header.
    """

@disjoint_base
class DockerVersion:
    """Parsed ``docker version`` output: the 2014 lines, today's sections with nested components, or JSON.

    Args:
        version_string: The output.
    """

    def __new__(cls, version_string: str) -> Self: ...
    @property
    def version_string(self) -> str:
        """The output as given."""
    @property
    def version_lines(self) -> list[str]:
        """Its stripped lines."""
    @property
    def client(self) -> str:
        """The client version. Raises DockerOutputError when there is none."""
    @property
    def server(self) -> str:
        """The server version: the Engine component's, never docker-init's. Raises DockerOutputError when absent."""
    @property
    def client_lines(self) -> list[str]:
        """The lines of the Client section."""
    @property
    def server_lines(self) -> list[str]:
        """The lines of the Server section."""
    @property
    def client_section(self) -> dict[str, Any]:
        """The Client section's keys; components are nested dicts."""
    @property
    def server_section(self) -> dict[str, Any]:
        """The Server section's keys; components (Engine, containerd, ...) are nested dicts."""
    def client_info(self, key: str) -> str | None:
        """A client value; the key ignores case and whitespace; a blank value is ``''``; None if absent."""
    def server_info(self, key: str) -> str | None:
        """A server value (section keys, then the Engine's); None if absent."""

@disjoint_base
class DockerInfo:
    """Parsed ``docker info`` (or ``podman info``) output, a tree by indentation.

    Args:
        info_string: The output.
    """

    def __new__(cls, info_string: str) -> Self: ...
    @property
    def info_table(self) -> dict[str, Any]:
        """Keys lower-cased with ``_`` for spaces; the children of ``key`` are a dict under ``key + '...'``."""
    @property
    def sections(self) -> dict[str, dict[str, Any]]:
        """One table per section: ``client``, ``server``, and ``''`` for text outside any section."""
    def get(self, key: str, sub_key: str | None = None) -> str:
        """The value of ``key`` or of its child ``sub_key``; KeyError naming both when absent."""

def parse_docker_time(text: str) -> tuple[int, int, int, int, int, int, int, int]:
    """``(year, month, day, hour, minute, second, microsecond, utc_offset_seconds)`` of the first timestamp.

    Raises:
        ValueError: No valid timestamp.
        TypeError: ``text`` is not a str.
    """

def parse_utc_offset(text: str) -> int:
    """Seconds east of UTC for ``+HH:MM``, ``-HHMM`` or ``Z``; ValueError otherwise."""

def crash_check(text: str) -> bool:
    """False if a line is a Go panic (``panic: … error …``)."""

def usage_check(text: str) -> bool:
    """False if a line is ``Usage: docker …`` (any case)."""

def error_check(text: str) -> bool:
    """False if a lower-cased line contains ``error: ``."""

def fata_check(text: str) -> bool:
    """False if a line carries a ``FATA[nnnn]`` marker."""

# --- parsers: images -----------------------------------------------------------------------------------

@disjoint_base
class DockerImage:
    """One image: name parts, ids, and the CREATED and SIZE cells.

    With ``repo_addr``, ``user`` and ``tag`` all None, ``repo`` is parsed as a full name; with only
    ``repo_addr`` and ``user`` None, ``repo`` gives the repository, address and user; with only
    ``repo_addr`` None, ``repo`` gives the repository and address. ``<none>`` is None.

    Raises:
        DockerFullNameFormatError: ``repo`` is not a valid name.
    """

    def __new__(
        cls,
        repo: str | None,
        tag: str | None,
        long_id: str,
        created: str | None,
        size: str | None,
        repo_addr: str | None = None,
        user: str | None = None,
    ) -> Self: ...
    @property
    def repo(self) -> str | None: ...
    @property
    def tag(self) -> str | None: ...
    @property
    def repo_addr(self) -> str | None: ...
    @property
    def user(self) -> str | None: ...
    @property
    def full_name(self) -> str | None:
        """``addr/user/repo:tag``; None for an image listed as ``<none>``."""
    @property
    def long_id(self) -> str: ...
    @property
    def short_id(self) -> str:
        """12 characters, after any ``sha256:`` prefix."""
    @property
    def created(self) -> str | None: ...
    @property
    def size(self) -> str | None: ...
    repo_split_p: ClassVar[re.Pattern[str]]
    """The original's compiled pattern of a full name (groups repo_addr, user, repo, tag)."""
    @staticmethod
    def split_to_component(full_name: object) -> tuple[str | None, str | None, str | None, str | None]:
        """``(repo, tag, repo_addr, user)``; None and ``<none>`` give four Nones.

        Raises:
            DockerFullNameFormatError: The name does not match, or is not a string.
        """
    @staticmethod
    def full_name_from_component(
        repo: str | None, tag: str | None = None, repo_addr: str | None = None, user: str | None = None
    ) -> str | None:
        """Join the non-None parts as ``addr/user/repo:tag``."""
    @staticmethod
    def full_name_from_defaults(config: Mapping[str, Any], min_length: int = 4) -> str:
        """The default image from ``docker_repo_name``, ``docker_repo_tag``, ``docker_registry_host`` and
        ``docker_registry_user``; empty values count as missing.

        Raises:
            ValueError: The name is shorter than ``min_length``.
        """
    def cmp_id(self, image_id: str) -> bool:
        """12 characters compare with the short id, anything else with the long id (``sha256:`` optional)."""
    def cmp_full_name(self, full_name: str) -> bool:
        """Exact full-name equality."""
    def cmp_full_name_with_component(
        self, repo: str | None, tag: str | None = None, repo_addr: str | None = None, user: str | None = None
    ) -> bool:
        """Exact equality with the joined components."""
    def cmp_greedy(
        self, repo: str | None = None, tag: str | None = None, repo_addr: str | None = None, user: str | None = None
    ) -> bool:
        """Every non-None argument equals the matching attribute."""
    def cmp_greedy_full_name(self, full_name: str) -> bool:
        """Split ``full_name`` and compare greedily."""

def images_from_table(text: str, command: str | None = None) -> list[DockerImage]:
    """Images of a ``docker images`` table. Raises DockerOutputError naming command, line and column."""

def images_from_json(text: str, command: str | None = None) -> list[DockerImage]:
    """Images of ``--format '{{json .}}'`` lines or a JSON array. Raises DockerOutputError."""

def unique_name(
    prefix: str,
    suffix: str,
    length: int | None,
    existing: Iterable[str] | None = None,
    is_free: Callable[[str], object] | None = None,
    lowercase: bool = True,
    start: int = 0,
) -> str:
    """The one unique-name generator: ``prefix_variable_suffix`` not in ``existing`` and accepted by ``is_free``.

    The variable part is ``length`` random characters, or with ``length`` None a counter from
    ``start``. Separators are not doubled and a ``:tag`` suffix is attached directly. With
    ``lowercase`` (docker names) the prefix and suffix are lower-cased and the random characters are
    lower-case letters and digits; otherwise letters of either case and digits.

    Raises:
        DockerValueError: No free name among 1,000 candidates.
    """

# --- parsers: containers and ports ---------------------------------------------------------------------

_ContainerRow: TypeAlias = tuple[
    str | None,
    str | None,
    str,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    list[tuple[str, str]] | None,
]

@disjoint_base
class DockerContainer:
    """One container as a listing shows it; every field may be set.

    Args:
        image_name: The image it runs.
        command: Its command as listed.
        ports: The PORTS text (None is ``''``).
        container_name: Its name; None stays None.

    ``long_id``, ``created``, ``status``, ``size`` and ``links`` start as None and are filled in by
    listings.
    """

    def __new__(
        cls, image_name: str | None, command: str | None, ports: str | None = None, container_name: str | None = None
    ) -> Self: ...
    @property
    def image_name(self) -> str | None:
        """The image it runs."""
    @image_name.setter
    def image_name(self, value: str | None) -> None: ...
    @property
    def command(self) -> str | None:
        """Its command as listed."""
    @command.setter
    def command(self, value: str | None) -> None: ...
    @property
    def ports(self) -> str:
        """The PORTS text (``''`` when none)."""
    @ports.setter
    def ports(self, value: str) -> None: ...
    @property
    def container_name(self) -> str | None:
        """Its own name, without links."""
    @container_name.setter
    def container_name(self, value: str | None) -> None: ...
    @property
    def long_id(self) -> str | None:
        """The CONTAINER ID."""
    @long_id.setter
    def long_id(self, value: str | None) -> None: ...
    @property
    def created(self) -> str | None:
        """The CREATED cell."""
    @created.setter
    def created(self, value: str | None) -> None: ...
    @property
    def status(self) -> str | None:
        """The STATUS cell."""
    @status.setter
    def status(self, value: str | None) -> None: ...
    @property
    def size(self) -> str | None:
        """The SIZE cell, when listed."""
    @size.setter
    def size(self, value: str | None) -> None: ...
    @property
    def state(self) -> str | None:
        """The state in one lower-case word (``running``, ``exited``, ...) when the listing gives it
        (JSON listings, a STATE column), else None."""
    @state.setter
    def state(self, value: str | None) -> None: ...
    @property
    def links(self) -> list[tuple[str, str]] | None:
        """The ``(child, alias)`` links of the NAMES cell, None when there are none."""
    @links.setter
    def links(self, value: list[tuple[str, str]] | None) -> None: ...
    @classmethod
    def from_row(cls, row: _ContainerRow) -> Self:
        """Builds one (of ``cls``) from ``(image_name, command, ports, container_name, long_id, created,
        status, size, links)``."""
    @staticmethod
    def parse_container_name(names: str) -> tuple[str, list[tuple[str, str]] | None]:
        """Split a NAMES cell into the name and its ``(child, alias)`` links.

        Raises:
            ValueError: Empty input, an empty item, no name, or more than one name.
        """
    def cmp_id(self, container_id: str) -> bool:
        """A 12-character id compares with the start of ``long_id``, anything else exactly."""
    def cmp_name(self, name: str) -> bool:
        """Compare the container's own name."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def containers_from_table(text: str, command: str | None = None) -> list[DockerContainer]:
    """The containers of a ``docker ps -a`` table. Raises DockerOutputError naming command, line and column."""

def containers_from_json(text: str, command: str | None = None) -> list[DockerContainer]:
    """The containers of ``ps --format '{{json .}}'`` lines, podman's JSON array, or ``/containers/json``."""

def parse_container_name(names: str) -> tuple[str, list[tuple[str, str]] | None]:
    """``(name, links)`` from a NAMES cell; ValueError for malformed input."""

def parse_inspect(text: str, command: str | None = None) -> list[dict[str, Any]]:
    """``docker inspect`` output as a non-empty list of non-empty dicts. Raises DockerOutputError."""

@disjoint_base
class ContainerPort:
    """A published port, ``host_ip:host_port->container_port/protocol``; any IPv4 or IPv6 address.

    Args:
        container_port: Port inside the container.
        host_port: Port on the host; defaults to ``container_port``.
        host_ip: Host address.
        protocol: ``tcp``, ``udp``, ...
    """

    def __new__(
        cls, container_port: int, host_port: int | None = None, host_ip: str = '0.0.0.0', protocol: str = 'tcp'
    ) -> Self: ...
    @property
    def container_port(self) -> int: ...
    @property
    def host_port(self) -> int: ...
    @property
    def host_ip(self) -> str: ...
    @property
    def protocol(self) -> str: ...
    @property
    def portstr(self) -> str:
        """``host_ip:host_port->container_port/protocol`` (an IPv6 address in brackets)."""
    @staticmethod
    def split_to_component(portstr: str) -> tuple[int, int, str, str]:
        """``(container_port, host_port, host_ip, protocol)``; ValueError naming the string."""
    @staticmethod
    def portstr_from_component(
        container_port: int, host_port: int | None = None, host_ip: str = '0.0.0.0', protocol: str = 'tcp'
    ) -> str: ...
    @staticmethod
    def from_port_line(line: str) -> ContainerPort:
        """Parse a ``docker port`` line, ``8080/tcp -> 0.0.0.0:80``."""
    def cmp_portstr_with_component(
        self, container_port: int, host_port: int | None = None, host_ip: str = '0.0.0.0', protocol: str = 'tcp'
    ) -> bool: ...
    def cmp_portstr(self, portstr: str) -> bool: ...

def ports_from_cell(cell: str) -> list[ContainerPort]:
    """The published ports of a PORTS cell; unpublished ``80/tcp`` entries are skipped."""

# --- parsers: sub-argument splitting -----------------------------------------------------------------

def split_subargs(text: str) -> list[str]:
    """Split legacy sub-arguments (``"/bin/sh -c 'echo hi'"``) into an argv like a POSIX shell, with no shell.

    Raises:
        ValueError: Unclosed quotes, a trailing backslash, or anything that needs a real shell (pipes,
            redirections, ``;``, ``&``, ``$``, backticks, globs, a leading ``~``, ``#`` comments); the message
            names the character's column.
    """

# --- parsers: the ids a build printed (src/build_output.rs) ------------------------------------------

def build_step_ids(output: str) -> tuple[list[str], list[str]]:
    """The step images (after `` ---> ``) and step containers (after ``Running in ``) in the standard output
    of a finished classic-builder build, each sorted and without repeats: ``(image_ids, container_ids)``.

    An id is 12 to 64 lower-case hexadecimal digits that end the word. BuildKit and podman print none.
    """

# --- parsers: Engine API over the unix socket ---------------------------------------------------------

@final
class ApiResponse:
    """One HTTP answer from the Engine API."""

    @property
    def status(self) -> int: ...
    @property
    def reason(self) -> str: ...
    @property
    def headers(self) -> list[tuple[str, str]]: ...
    @property
    def body(self) -> bytes: ...
    @property
    def resource(self) -> str:
        """The requested path."""
    @property
    def socket(self) -> str:
        """The socket it came from."""
    def header(self, name: str) -> str | None:
        """A header's value (case-insensitive), or None."""
    def json(self) -> Any:
        """The body as JSON. Raises DockerAPIError for a status other than 200, DockerOutputError for bad JSON."""

@final
class SocketClient:
    """A blocking HTTP/1.1 client for the Engine API over a unix socket (the GIL is released while waiting).

    Args:
        uri: The socket's path; ``unix://`` is accepted; defaults to ``/var/run/docker.sock``.
        timeout: Seconds for connecting, sending and reading one whole answer.
    """

    def __new__(cls, uri: str | None = None, timeout: float = 60.0) -> Self: ...
    @property
    def uri(self) -> str: ...
    @property
    def timeout(self) -> float: ...
    def get(self, resource: str) -> ApiResponse:
        """``GET resource`` whatever the status. Raises DockerSocketError naming the socket on failure."""
    def get_json(self, resource: str) -> Any:
        """``GET resource`` as JSON (DockerSocketError, DockerAPIError or DockerOutputError on failure)."""
    def version(self) -> Any:
        """``GET /version`` as JSON."""

# --- command runner (src/cmd/, src/python/cmd.rs) ---

class CommandError(OSError):
    """A command could not be started (missing program, bad working directory, empty argument list)."""

@disjoint_base
class CmdResult:
    """The outcome of a command: the one result type (Autotest's ``utils.CmdResult``).

    Built by :func:`run` and :class:`AsyncCmd`, or with Autotest's signature
    ``CmdResult(command='', stdout='', stderr='', exit_status=None, duration=0)`` (plus ``timed_out``
    and ``pid``). Every field is settable, instances take extra attributes, the class can be
    subclassed (``__new__`` accepts any arguments; a subclass's ``__init__`` decides), results pickle,
    and ``str()``/``repr()`` give Autotest's layout: ``* Command: ...``, ``Exit status: ...``,
    ``Duration: ...``, an empty line, then ``stdout:`` and ``stderr:`` each followed by the text
    without trailing white space.

    Attributes:
        command: the command as text (the shell line, or the argument list joined by spaces).
        exit_status: the exit code, or minus the signal that ended the process (``-15`` after a
            timeout); ``None`` for a partial result of a command still running.
        stdout: everything written to stdout, decoded incrementally as UTF-8 (invalid bytes become U+FFFD).
        stderr: everything written to stderr, decoded the same way.
        duration: wall time in seconds.
        timed_out: whether the timeout expired and the command's process group was killed.
        pid: the process id, which is also the command's process group id (0 when not run here).
    """

    command: str
    exit_status: int | None
    stdout: str
    stderr: str
    duration: float
    timed_out: bool
    pid: int

    def __new__(cls, *args: Any, **kwargs: Any) -> Self: ...
    def __init__(
        self,
        command: str = '',
        stdout: str = '',
        stderr: str = '',
        exit_status: int | None = None,
        duration: float = 0.0,
        timed_out: bool = False,
        pid: int = 0,
    ) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: tuple[Any, ...]) -> None: ...

def run(
    command: str | list[str] | tuple[str, ...],
    *,
    timeout: float | None = None,
    stdin: str | bytes | int | None = None,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
) -> CmdResult:
    """Run a command to completion in a process group of its own, with the interpreter released.

    Args:
        command: a ``str`` runs as ``/bin/sh -c command``; a list or tuple of ``str`` runs with no shell.
        timeout: seconds before the whole process group gets SIGTERM (SIGKILL one second later);
            the result then has ``timed_out`` set. No limit when ``None``.
        stdin: text (encoded as UTF-8) or bytes fed to stdin, which is then closed; an int is an open
            file descriptor (a pipe, FIFO or terminal) the command reads instead; ``/dev/null`` when ``None``.
        env: variables set on top of the inherited environment.
        cwd: the working directory of the command.

    Returns:
        The result; a non-zero exit is not an error here.

    Raises:
        CommandError: the command could not be started.
        ValueError: a negative timeout.
        TypeError: a command or stdin of the wrong type.
    """

@final
class AsyncCmd:
    """A command running in the background; the arguments are those of :func:`run`.

    The timeout is enforced by the runner whether or not anybody waits. Dropping the object does not
    stop the command.
    """

    def __new__(
        cls,
        command: str | list[str] | tuple[str, ...],
        *,
        timeout: float | None = None,
        stdin: str | bytes | int | None = None,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ) -> AsyncCmd: ...
    @property
    def pid(self) -> int:
        """The process id, which is also the process group id."""
    @property
    def command(self) -> str:
        """The command as text."""
    @property
    def stdout(self) -> str:
        """Everything read from stdout so far."""
    @property
    def stderr(self) -> str:
        """Everything read from stderr so far."""
    @property
    def done(self) -> bool:
        """Whether the process has exited and all its output has been read."""
    def poll(self) -> int | None:
        """The exit status once the process has exited, else ``None``."""
    def wait(self, timeout: float | None = None) -> CmdResult | None:
        """Wait (interpreter released) until the command finishes, or at most ``timeout`` seconds.

        Returns:
            The final result, or ``None`` if the command is still running. Nothing is killed.
        """
    def result(self) -> CmdResult:
        """The result as it stands (partial while the command runs)."""
    def kill(self, signal: int = 15) -> None:
        """Send ``signal`` to the command's whole process group, unless it has already exited."""

def noop(a: object = None, b: object = None, c: object = None, d: object = None, e: object = None, /) -> None: ...
