"""Type stubs for the compiled Rust core, ``dockertest._core``."""

from os import PathLike
from typing import Any

from typing_extensions import TypeAlias

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

class ConfigError(DockertestError):
    """A config file could not be read or parsed, or a value in it is unusable.

    Raised as its subclass ``dockertest.xceptions.DockerConfigError`` when that module imports.
    """

class VersionError(DockertestError):
    """The library, config and Autotest versions do not agree.

    Raised as ``dockertest.xceptions.DockerVersionError`` or ``DockerAutotestVersionError``.
    """

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

def load_config(suite_dir: _Path) -> LoadedConfig:
    """Loads every ini file of a suite directory.

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
    """Parses ini text into ``(section, line, [(option, raw value, line, doc)])``.

    Raises:
        DockerConfigError: a malformed line, a duplicate section or option, invalid UTF-8.
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
