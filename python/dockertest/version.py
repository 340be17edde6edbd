"""The dockertest API version and the version checks a subtest makes against its config.

The API version (``MAJOR.MINOR.REVIS``) is the package version; ``config_version`` in
``config_defaults/defaults.ini`` and the docs version equal it. A config is compatible when its
major and minor numbers agree with the API version's.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import _core
from .xceptions import DockerValueError

__all__ = [
    'AUTOTESTVERSION',
    'FMTSTRING',
    'MAJOR',
    'MINOR',
    'NOVERSIONCHECK',
    'REVIS',
    'STRING',
    'check_autotest_version',
    'check_doc_version',
    'check_version',
    'compare',
    'doc_version',
    'int2str',
    'str2int',
]

MAJOR, MINOR, REVIS = _core.api_version()
#: How the three numbers are written.
FMTSTRING = '%d.%d.%d'
#: The API version, ``'MAJOR.MINOR.REVIS'``.
STRING = FMTSTRING % (MAJOR, MINOR, REVIS)
#: The ``config_version``/``autotest_version`` value that turns the check off.
NOVERSIONCHECK = _core.NOVERSIONCHECK
#: The Autotest version this release is written against (the bundled ``autotest_version``).
AUTOTESTVERSION = '0.16.0'
#: The minimum assumed when a config sets no ``autotest_version`` (the original's default).
DEFAULT_AUTOTEST_VERSION = '0.15.0'

_log = logging.getLogger(__name__)


def str2int(version_string: str) -> int:
    """Packs ``'x.y.z'`` (each part 0-255) into a 24-bit int: ``str2int('3.1.5') == 196869``.

    Raises:
        DockerValueError: the text is not ``x.y.z`` with parts up to 255.
    """
    if not isinstance(version_string, str):
        raise DockerValueError(f'version {version_string!r} is not an x.y.z string')
    return _core.str2int(version_string)


def int2str(version_int: int) -> str:
    """The inverse of :func:`str2int`: ``int2str(123456) == '1.226.64'``.

    Raises:
        DockerValueError: the number is outside ``0..16777215``.
    """
    return _core.int2str(version_int)


def compare(lhs: str | Sequence[int], rhs: str | Sequence[int]) -> int:
    """Compares two versions by major and minor only: -1, 0 or 1.

    Both sides must have the same type: ``'x.y.z'`` strings, or tuples or lists of ints.

    Raises:
        DockerValueError: the types differ or are not supported, or a version is malformed.
    """
    if type(lhs) is not type(rhs):
        raise DockerValueError(f'cannot compare {lhs!r} with {rhs!r}: the types differ')
    if isinstance(lhs, str):
        return _core.compare_versions(lhs, rhs)
    if isinstance(lhs, (tuple, list)) and all(isinstance(p, int) for p in [*lhs, *rhs]):
        return _core.compare_parts(list(lhs), list(rhs))
    raise DockerValueError(f'cannot compare {lhs!r} with {rhs!r}: expected x.y.z strings or sequences of ints')


def check_version(config: Mapping[str, Any]) -> None:
    """Checks a subtest config's ``config_version`` against :data:`STRING`.

    ``NOVERSIONCHECK`` (also the value when the option is missing) skips the check with one warning.

    Raises:
        DockerVersionError: major.minor differ, or the value is empty (``'<not set for test>'``).
        DockerValueError: the value is not an ``x.y.z`` string.
    """
    config_version = config.get('config_version', NOVERSIONCHECK)
    if config_version == NOVERSIONCHECK:
        _log.warning('Skipping the config_version check: config_version is %s', NOVERSIONCHECK)
        return
    if not isinstance(config_version, str):
        raise DockerValueError(f'config_version {config_version!r} is not an x.y.z string')
    _core.check_config_version(config_version)


def check_autotest_version(config: Mapping[str, Any], installed: str) -> None:
    """Checks that the installed Autotest is at least the config's ``autotest_version``.

    Versions compare the way ``LooseVersion`` did (``0.16.0-master-32-g050cd`` is newer than
    ``0.16.0``); a missing option means ``'0.15.0'`` and ``NOVERSIONCHECK`` skips the check.

    Raises:
        DockerAutotestVersionError: the installed version is older.
    """
    configured = config.get('autotest_version', DEFAULT_AUTOTEST_VERSION)
    if configured == NOVERSIONCHECK:
        return
    _core.check_autotest_version(str(configured), str(installed))


def doc_version(conf_py: str | os.PathLike[str]) -> str | None:
    """The docs version in a Sphinx ``conf.py``, read without importing it.

    It is the value, between single quotes, of the first line that starts with ``version =``.

    Returns:
        The version, or None when the file has no such line.

    Raises:
        OSError: the file cannot be read.
    """
    with open(conf_py, encoding='utf-8') as handle:
        for line in handle:
            if line.startswith('version ='):
                parts = line.split("'")
                return parts[1] if len(parts) > 2 else None
    return None


def check_doc_version(suite_dir: str | os.PathLike[str]) -> str | None:
    """Compares the docs version of the suite (``docs/conf.py``) with :data:`STRING`, major and minor.

    A mismatch is not fatal: it signals that the documentation needs an update pass.

    Returns:
        None when they agree or the suite has no ``docs/conf.py``; otherwise a message naming both.
    """
    conf_py = Path(suite_dir) / 'docs' / 'conf.py'
    if not conf_py.is_file():
        return None
    try:
        found = doc_version(conf_py)
        if found is not None and compare(found, STRING) == 0:
            return None
    except (OSError, DockerValueError) as err:
        return f'cannot read the docs version from {conf_py}: {err}'
    return f'docs version {found!r} in {conf_py} does not match the dockertest API version {STRING}'
