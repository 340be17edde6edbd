"""The suite configuration: ini files under ``config_defaults/`` and ``config_custom/``.

:class:`Config` returns every section of the suite as a fresh dict of typed values; the parsing,
layering, ``%(option)s`` interpolation and typing are done once per process by the Rust core and
cached. :class:`ConfigSection` and :class:`ConfigDict` work on single files, as in the original.

The files belong to the *suite directory*, the directory holding ``control``. It is found, in this
order, from an explicit argument, from the ``DOCKERTEST_SUITE_DIR`` environment variable, or by
walking up from the current test's location (see :func:`set_test_location`), from this package's
own location, so a checkout works in place, and finally from the suite bundled in the installed
package (``dockertest/suite``). The user's ``config_custom/`` is the suite's own unless
``$DOCKERTEST_CONFIG_CUSTOM`` names another directory (see :func:`custom_dir`). A directory counts as a suite directory when
it holds a ``control`` file or a ``config_defaults/`` directory.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import IO, Any, ClassVar, Union

from . import _core
from .xceptions import DockerConfigError, DockerIOError, DockerKeyError, DockerNotImplementedError

__all__ = [
    'CONFIGCUSTOMS',
    'CONFIGDEFAULT',
    'CONFIG_CUSTOM_ENV',
    'CONTROLFILE',
    'DEFAULTSFILE',
    'DEFAULTSUBDIR',
    'ENGINE_ENV',
    'SUITE_DIR_ENV',
    'Config',
    'ConfigDict',
    'ConfigSection',
    'custom_dir',
    'find_suite_dir',
    'get_as_list',
    'none_if_empty',
    'set_test_location',
]

#: The bundled config directory: relative to the suite directory, or a full path (as the original
#: held). A caller may set it before ``Config()``, and ``Config()`` then reads it.
CONFIGDEFAULT = 'config_defaults'
#: The user config directory, relative to the suite directory or a full path; settable like
#: :data:`CONFIGDEFAULT`.
CONFIGCUSTOMS = 'config_custom'
#: The file holding the DEFAULTS section, at the top of either config directory; settable.
DEFAULTSFILE = 'defaults.ini'
#: Unused, kept for the original's name.
DEFAULTSUBDIR = 'defaults'
#: The control file's own config, skipped by :class:`Config`.
CONTROLFILE = 'control.ini'
#: The environment variable naming the suite directory.
SUITE_DIR_ENV = _core.SUITE_DIR_ENV
#: The environment variable naming the engine profile, over the DEFAULTS option ``engine``; the
#: control file sets it from the ``--args`` token ``engine=NAME``.
ENGINE_ENV = 'DOCKERTEST_ENGINE'
#: The environment variable naming the user's config directory, read in place of the suite's own
#: ``config_custom/`` (``dockertest run --config-custom DIR`` sets it).
CONFIG_CUSTOM_ENV = _core.CONFIG_CUSTOM_ENV

_log = logging.getLogger(__name__)
_test_location: str | None = None

PathLike = Union[str, 'os.PathLike[str]']


def set_test_location(path: PathLike | None) -> None:
    """Records where the current test lives (e.g. a subtest's ``bindir``); ``None`` forgets it.

    Args:
        path: a directory or file inside the suite.
    """
    global _test_location
    _test_location = None if path is None else os.fspath(path)


def find_suite_dir(explicit: PathLike | None = None, start: PathLike | None = None) -> str:
    """The suite directory, found as the module docstring describes.

    Args:
        explicit: the suite directory itself; it must hold ``control`` or ``config_defaults/``.
        start: a path inside the suite to walk up from, before the current test's location.

    Returns:
        The absolute path of the suite directory.

    Raises:
        DockerConfigError: when nothing names a suite directory.
    """
    starts = [os.fspath(p) for p in (start, _test_location) if p is not None]
    package = Path(__file__).resolve().parent
    # The checkout holding this package, then the suite bundled in an installed package.
    starts += [os.fspath(package), os.fspath(package / 'suite')]
    found = _core.find_suite_dir(
        None if explicit is None else os.fspath(explicit), os.environ.get(SUITE_DIR_ENV), starts
    )
    return os.fspath(found)


def custom_dir(suite_dir: PathLike) -> str:
    """The user's config directory: ``$DOCKERTEST_CONFIG_CUSTOM`` when set, else ``<suite_dir>/config_custom``."""
    return os.environ.get(CONFIG_CUSTOM_ENV) or os.path.join(os.fspath(suite_dir), CONFIGCUSTOMS)


def none_if_empty(dict_like: MutableMapping[str, Any], key_name: str | None = None) -> None:
    """Replaces string values that are empty after stripping with ``None``, in place.

    Args:
        dict_like: the mapping to change.
        key_name: only this key (set to ``None`` when missing); all keys when ``None``.
    """
    keys = list(dict_like.keys()) if key_name is None else [key_name]
    for key in keys:
        value = dict_like.get(key, '')
        if isinstance(value, str) and not value.strip():
            dict_like[key] = None


def get_as_list(value: str, sep: str = ',', omit_empty: bool = True) -> list[str]:
    """Splits ``value`` on ``sep`` and strips each item.

    Args:
        value: the text to split.
        sep: the separator.
        omit_empty: drop items that are empty after stripping.

    Returns:
        The items, in order.
    """
    items = [item.strip() for item in value.split(sep)]
    return [item for item in items if item] if omit_empty else items


class ConfigSection:
    """A ConfigParser bound to one section of one or more ini files.

    Args:
        defaults: default option values (any type; stored as ``str``), or ``None``.
        section: the section this object reads and writes.
    """

    def __init__(self, defaults: Mapping[str, Any] | None, section: str) -> None:
        self._defaults = {str(k).lower(): str(v) for k, v in (defaults or {}).items()}
        self._section = section
        self._options: dict[str, str] = {}
        self._where: dict[str, tuple[str | None, int | None]] = {}

    def defaults(self) -> dict[str, str]:
        """A copy of the default values."""
        return dict(self._defaults)

    def sections(self) -> list[str]:
        """The one section, as a list."""
        return [self._section]

    def has_section(self, section: str) -> bool:
        """Whether ``section`` is this object's section."""
        return section == self._section

    def add_section(self, section: str) -> None:
        """Not possible: the object is bound to one section."""
        raise DockerNotImplementedError(f'ConfigSection is bound to section [{self._section}]')

    def remove_section(self, section: str) -> None:
        """Not possible: the object is bound to one section."""
        raise DockerNotImplementedError(f'ConfigSection is bound to section [{self._section}]')

    def options(self) -> list[str]:
        """The section's options, then the default keys it does not override."""
        return list(self._options) + [k for k in self._defaults if k not in self._options]

    def has_option(self, option: str) -> bool:
        """Whether the option (any case) is set in the section or the defaults."""
        option = option.lower()
        return option in self._options or option in self._defaults

    def read(self, filenames: PathLike | Iterable[PathLike]) -> list[str]:
        """Reads this section from each existing file; other sections are dropped.

        Args:
            filenames: one path or several.

        Returns:
            The files that were read.

        Raises:
            DockerConfigError: a file is unreadable or malformed; the message names the file (and line).
        """
        if isinstance(filenames, (str, os.PathLike)):
            filenames = [filenames]
        done = []
        for name in filenames:
            path = os.fspath(name)
            if not os.path.isfile(path):
                continue
            try:
                with open(path, 'rb') as handle:
                    data = handle.read()
            except OSError as err:
                raise DockerConfigError('', self._section, f'file {path}: cannot read the file: {err}') from err
            self._load(data, path)
            done.append(path)
        return done

    def readfp(self, fp: IO[Any], filename: str | None = None) -> None:
        """Reads this section from an open file.

        Args:
            fp: a text or binary file object.
            filename: the name used in messages (default: ``fp.name`` when it has one).
        """
        text = fp.read()
        self._load(text.encode() if isinstance(text, str) else text, filename or getattr(fp, 'name', None))

    read_file = readfp

    def _load(self, data: bytes, filename: str | None) -> None:
        sections, warnings = _core.parse_ini_warned(data, filename)
        for warning in warnings:
            _log.warning('config: %s', warning)
        for name, _line, options in sections:
            if name != self._section:
                continue
            for option, value, line, _doc in options:
                self._options[option] = value
                self._where[option] = (filename, line)

    def _raw(self, option: str) -> str:
        if not self.has_option(option):
            raise DockerKeyError(f'section [{self._section}] has no option {option.lower()!r}')
        return self._options.get(option.lower(), self._defaults.get(option.lower(), ''))

    def get(self, option: str) -> str:
        """The value of ``option`` after ``%(name)s`` interpolation.

        Raises:
            DockerKeyError: the option is not set.
            DockerConfigError: the interpolation fails; the message names the option.
        """
        self._raw(option)
        filename = self._where.get(option.lower(), (None, None))[0]
        return _core.interpolate(
            option, list(self._options.items()), list(self._defaults.items()), self._section, filename
        )

    def _typed(self, option: str, kind: str) -> Any:
        filename, line = self._where.get(option.lower(), (None, None))
        return _core.read_value(self.get(option), kind, filename, line, self._section, option.lower())

    def getint(self, option: str) -> int:
        """The value as an int; a ``DockerConfigError`` names the option when it is not one."""
        return self._typed(option, 'int')

    def getfloat(self, option: str) -> float:
        """The value as a float; a ``DockerConfigError`` names the option when it is not one."""
        return self._typed(option, 'float')

    def getboolean(self, option: str) -> bool:
        """The value as a bool (``yes``/``true``/``on``/``1`` or ``no``/``false``/``off``/``0``)."""
        return self._typed(option, 'bool')

    def items(self) -> list[tuple[str, str]]:
        """``(option, interpolated value)`` pairs, defaults included."""
        return [(option, self.get(option)) for option in self.options()]

    def set(self, option: str, value: Any) -> None:
        """Sets ``option`` to ``str(value)``."""
        self._options[option.lower()] = str(value)
        self._where.pop(option.lower(), None)

    def remove_option(self, option: str) -> bool:
        """Removes ``option`` from the section; returns whether it was there."""
        self._where.pop(option.lower(), None)
        return self._options.pop(option.lower(), None) is not None

    def _as_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(self._section, list(self._options.items()))]

    def write(self, fileobject: IO[Any]) -> None:
        """Overwrites the file named ``fileobject.name`` with this section's raw options."""
        with open(fileobject.name, 'w', encoding='utf-8') as handle:
            handle.write(_core.format_ini(self._as_sections()))

    def merge_write(self, fileobject: IO[Any]) -> None:
        """Rewrites only this section inside the file named ``fileobject.name``, keeping the others.

        Comments in the file are not kept.
        """
        path = fileobject.name
        kept: list[tuple[str, list[tuple[str, str]]]] = []
        if os.path.isfile(path):
            with open(path, 'rb') as handle:
                parsed = _core.parse_ini(handle.read(), path)
            kept = [(name, [(o, v) for o, v, _line, _doc in opts]) for name, _line, opts in parsed]
        kept = [s for s in kept if s[0] != self._section] + self._as_sections()
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(_core.format_ini(kept))


class ConfigDict(MutableMapping):
    """A mapping over one :class:`ConfigSection` whose values are typed on read.

    A value reads as an int, else a bool, else a float, else a str (``'0'`` is ``0``, ``'010'`` is
    ``10``, ``'on'`` is ``True``, ``''`` stays ``''``). Keys are case-insensitive.

    Args:
        section: the section name.
        defaults: default option values, or ``None``.
    """

    def __init__(self, section: str, defaults: Mapping[str, Any] | None = None) -> None:
        self._config_section = ConfigSection(defaults, section)

    def __len__(self) -> int:
        return len(self._config_section.options())

    def __iter__(self) -> Iterator[str]:
        return iter(self._config_section.options())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._config_section.has_option(key)

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise DockerKeyError(key)
        return _core.typed_value(self._config_section.get(key))

    def __setitem__(self, key: str, value: Any) -> None:
        self._config_section.set(key, value)

    def __delitem__(self, key: str) -> None:
        if not self._config_section.remove_option(key):
            raise DockerKeyError(key)

    def read(self, filelike: IO[Any]) -> None:
        """Reads the section from the start of an open file."""
        filelike.seek(0)
        self._config_section.readfp(filelike)

    def get_other(self, option: str, other: Any = None) -> Any:
        """The typed value of ``option``, or ``other`` when it is not set (0.8.x).

        Args:
            option: the option name (any case).
            other: what to return when the option is missing.
        """
        return self.get(option, other)

    def write(self, filelike: IO[Any]) -> None:
        """Refused: a ConfigDict is read-only on disk.

        Raises:
            DockerIOError: always.
        """
        raise DockerIOError('ConfigDict is read-only; write the ini file with ConfigSection instead')


class Config(dict):
    """Every section of the suite config: ``Config()`` returns a fresh ``dict`` of ``dict`` s.

    Each call returns new objects (section name → {option: typed value}), so changing one never
    changes the next. The files are parsed once per process and suite directory; loading either
    succeeds as a whole or raises ``DockerConfigError`` naming the file, line, section and option.
    ``Config()['DEFAULTS']`` holds the DEFAULTS; every other section also holds the DEFAULTS it does
    not override. The engine profile named by ``DOCKERTEST_ENGINE`` (else by the DEFAULTS option
    ``engine``) is laid over both (see ``docs/engines.rst``).

    Args:
        suite_dir: the suite directory (default: found as the module docstring describes).
        start: a path inside the suite to start looking from.
    """

    _cache: ClassVar[dict[tuple[str, str, str, str, str | None], Any]] = {}

    def __new__(cls, suite_dir: PathLike | None = None, start: PathLike | None = None) -> dict[str, dict[str, Any]]:  # type: ignore[misc]
        return cls.loaded(suite_dir, start).sections()

    @classmethod
    def loaded(cls, suite_dir: PathLike | None = None, start: PathLike | None = None) -> _core.LoadedConfig:
        """The cached core config of the suite (loaded on first use).

        The module's :data:`CONFIGDEFAULT`, :data:`CONFIGCUSTOMS` and :data:`DEFAULTSFILE`, as a caller
        left them, choose what is read, with ``$DOCKERTEST_CONFIG_CUSTOM`` over :data:`CONFIGCUSTOMS` and
        ``$DOCKERTEST_ENGINE`` naming the engine profile. When :data:`CONFIGDEFAULT` is a full path and no suite
        directory is found, its parent stands for the suite directory.
        """
        try:
            where = find_suite_dir(suite_dir, start)
        except DockerConfigError:
            if not os.path.isabs(CONFIGDEFAULT):
                raise
            where = os.path.dirname(os.path.abspath(CONFIGDEFAULT))
        key = (where, CONFIGDEFAULT, custom_dir(where), DEFAULTSFILE, os.environ.get(ENGINE_ENV) or None)
        loaded = cls._cache.get(key)
        if loaded is None:
            loaded = _core.load_config(*key)
            for warning in loaded.warnings:
                _log.warning('config: %s', warning)
            cls._cache[key] = loaded
        return loaded

    @classmethod
    def docs(cls, suite_dir: PathLike | None = None, start: PathLike | None = None) -> dict[str, dict[str, str]]:
        """The ``#:`` documentation of each section's own options (and of DEFAULTS), rendered."""
        return cls.loaded(suite_dir, start).docs()

    @classmethod
    def enabled(cls, section: str, suite_dir: PathLike | None = None, start: PathLike | None = None) -> bool:
        """Whether ``section`` is enabled (``enable = no`` turns a subtest off)."""
        return cls.loaded(suite_dir, start).enabled(section)

    @classmethod
    def clear_cache(cls) -> None:
        """Forgets every loaded config, so the next call reads the files again."""
        cls._cache.clear()
