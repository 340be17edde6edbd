"""Which subtests a job runs: discovery on disk, ``--args`` and ``control.ini``.

A subtest is a directory under ``subtests/`` holding a module of the same name
(``subtests/docker_cli/version/version.py`` is ``docker_cli/version``). The control file asks
:func:`select` for the queue. Its ``--args`` take these forms (``job.args`` is the whitespace-split
``--args`` string):

- a CSV of subtest names, or sub-subtest names such as ``docker_cli/rmi/only_tag`` (which run that
  child and its parent): only those run, in the order given;
- ``i=a,b`` to include and ``x=a,b`` to exclude, merged with ``control.ini``'s ``include`` and
  ``exclude``;
- ``!!!`` as a separate argument for a dry run that shows the queue and runs nothing;
- ``engine=NAME`` to test the engine profile NAME (see :func:`engine_of`); it selects nothing;
- ``j=N`` is not a selection either: it says how many subtests run at once (:mod:`dockertest.parallel`).

An argument that names nothing (``,,`` or ``i=``) is an error, not the default selection.

``config_defaults/control.ini`` is read and ``config_custom/control.ini`` merged over it, option by
option, from their ``[Control]`` sections (``include``, ``exclude``, ``subthings``). Names from the
command line come before names from the files. A name that is neither a subtest nor a sub-subtest
named in its parent's ``subsubtests`` option is an error before anything runs, and the message lists
the close matches.
"""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import _core
from .config import custom_dir
from .xceptions import DockerConfigError

__all__ = [
    'DRY_RUN',
    'ENGINE_ARG',
    'Selection',
    'SelectionError',
    'control_files',
    'engine_of',
    'find_subtests',
    'parse_args',
    'read_control_file',
    'read_control_ini',
    'read_control_options',
    'select',
]

_log = logging.getLogger(__name__)

DRY_RUN = '!!!'
#: The --args token naming the engine profile (engine=NAME).
ENGINE_ARG = 'engine='
CONTROL_OPTIONS = ('include', 'exclude', 'subthings')


class SelectionError(ValueError):
    """A bad ``--args`` or ``control.ini``: the message names the item and what would fit."""


@dataclass
class Selection:
    """The outcome of selection.

    Attributes:
        subtests: the subtest names to queue, in run order.
        subthings: every requested name, subtests and sub-subtests alike (what SubSubtestCaller reads).
        include: the merged include list.
        exclude: the merged exclude list.
        dry_run: show the queue only.
    """

    subtests: list[str] = field(default_factory=list)
    subthings: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    dry_run: bool = False

    def control_ini(self) -> str:
        """The ``[Control]`` section written to the results directory for subtests to read back."""
        lines = ['[Control]']
        lines += [f'{name} = {",".join(getattr(self, name))}' for name in CONTROL_OPTIONS]
        return '\n'.join(lines) + '\n'


def _csv(text: str) -> list[str]:
    return [item.strip() for item in text.split(',') if item.strip()]


def _merge(first: Iterable[str], then: Iterable[str]) -> list[str]:
    """``first`` followed by the items of ``then`` not in it, without duplicates."""
    out: list[str] = []
    for item in (*first, *then):
        if item not in out:
            out.append(item)
    return out


def find_subtests(subtests_dir: str | os.PathLike) -> list[str]:
    """Every subtest under ``subtests_dir``, by name, sorted (symlinked directories are followed)."""
    root = Path(subtests_dir)
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(('.', '__')))
        here = Path(dirpath)
        if here != root and f'{here.name}.py' in filenames:
            found.append(here.relative_to(root).as_posix())
    return sorted(found)


def parse_args(args: Iterable[str]) -> tuple[list[str], list[str], list[str], bool]:
    """Split ``job.args`` into (subthings, include, exclude, dry_run), each list in command-line order.

    Raises:
        SelectionError: an argument names no subtest (``,,``, ``i=``, ``x=``).
    """
    subthings: list[str] = []
    include: list[str] = []
    exclude: list[str] = []
    dry_run = False
    for arg in args:
        arg = arg.strip()
        if arg == DRY_RUN:
            dry_run = True
        elif arg.startswith(('i=', 'x=')):
            names = _csv(arg[2:])
            if not names:
                raise SelectionError(f'--args {arg!r} names no subtest: give {arg[:2]}NAME[,NAME...] or leave it out')
            if arg.startswith('i='):
                include = _merge(include, names)
            else:
                exclude = _merge(exclude, names)
        elif arg.startswith(ENGINE_ARG):
            continue  # the engine profile: see engine_of
        elif arg.startswith('j='):
            continue  # how many subtests run at once: dockertest.parallel
        elif arg:
            names = [item for item in _csv(arg) if DRY_RUN not in item]
            if not names:
                raise SelectionError(
                    f'--args {arg!r} names no subtest: give NAME[,NAME...], or no --args for the default selection'
                )
            subthings = _merge(subthings, names)
    return subthings, include, exclude, dry_run


def engine_of(args: Iterable[str]) -> str | None:
    """The engine profile named by the last ``engine=NAME`` token of ``args``, or None.

    Raises:
        SelectionError: ``engine=`` with no name.
    """
    engine = None
    for arg in args:
        arg = arg.strip()
        if arg.startswith(ENGINE_ARG):
            engine = arg[len(ENGINE_ARG) :].strip()
            if not engine:
                raise SelectionError('--args engine= needs a profile name (docker, podman, podman-api, ...)')
    return engine


def read_control_options(path: str | os.PathLike) -> dict[str, str]:
    """The raw options of the ``[Control]`` section of one ``control.ini`` (none when it has none).

    The file is read by the core's ini reader, as every other ini file: an option set twice keeps its
    later value, with a warning naming the file, line and option (as Python 2's ConfigParser read it).

    Raises:
        SelectionError: the file cannot be read or parsed; the message names it.
    """
    try:
        sections, warnings = _core.parse_ini_warned(Path(path).read_bytes(), os.fspath(path))
    except (OSError, DockerConfigError) as err:
        raise SelectionError(f'{path}: cannot read control.ini: {err}') from err
    for warning in warnings:
        _log.warning('control.ini: %s', warning)
    return {name: raw for section, _line, entries in sections if section == 'Control' for name, raw, *_ in entries}


def read_control_file(path: str | os.PathLike) -> dict[str, list[str]]:
    """The ``[Control]`` lists (``include``, ``exclude``, ``subthings``) of one ``control.ini``.

    Options the file does not set are left out of the result.

    Raises:
        SelectionError: the file cannot be read or parsed; the message names it.
    """
    options = read_control_options(path)
    return {name: _csv(options[name]) for name in CONTROL_OPTIONS if name in options}


def control_files(suite_dir: str | os.PathLike) -> list[Path]:
    """The ``control.ini`` files that exist, bundled first: ``config_defaults/``, then the user's
    (``config_custom/``, or ``$DOCKERTEST_CONFIG_CUSTOM`` when that is set)."""
    paths = (Path(suite_dir) / 'config_defaults' / 'control.ini', Path(custom_dir(suite_dir)) / 'control.ini')
    return [path for path in paths if path.exists()]


def read_control_ini(suite_dir: str | os.PathLike) -> dict[str, list[str]]:
    """The ``[Control]`` lists of the bundled ``control.ini`` with the user's over it (:func:`control_files`)."""
    merged = {name: [] for name in CONTROL_OPTIONS}
    for path in control_files(suite_dir):
        merged.update(read_control_file(path))
    return merged


def _known_children(subtests: list[str], children_of: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Map each known sub-subtest name (``parent/child``) to its parent."""
    return {f'{parent}/{child}': parent for parent in subtests for child in children_of.get(parent, ())}


def _check_known(names: Iterable[str], where: str, subtests: list[str], children: dict[str, str]) -> None:
    known = [*subtests, *children]
    for name in names:
        if name in subtests or name in children:
            continue
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.75)
        hint = f'; close matches: {", ".join(close)}' if close else '; no subtest has a similar name'
        raise SelectionError(f'unknown subtest or sub-subtest {name!r} in {where}{hint}')


def select(
    suite_dir: str | os.PathLike, args: Iterable[str], children_of: Mapping[str, Iterable[str]] | None = None
) -> Selection:
    """Work out the queue for ``args`` in the suite at ``suite_dir``.

    Args:
        suite_dir: the directory holding ``control`` and ``subtests/``.
        args: ``job.args``.
        children_of: each subtest's sub-subtest names (its ``subsubtests`` option), used to accept
            and check sub-subtest names.

    Raises:
        SelectionError: an unknown name, or an unreadable ``control.ini``.
    """
    subtests = find_subtests(Path(suite_dir) / 'subtests')
    children = _known_children(subtests, children_of or {})
    cli_things, cli_include, cli_exclude, dry_run = parse_args(args)
    ini = read_control_ini(suite_dir)
    _check_known(cli_things, '--args', subtests, children)
    _check_known(cli_include, '--args i=', subtests, children)
    _check_known(cli_exclude, '--args x=', subtests, children)
    for name in CONTROL_OPTIONS:
        _check_known(ini[name], f'control.ini option {name!r}', subtests, children)

    include = _merge(cli_include, ini['include'])
    exclude = _merge(cli_exclude, ini['exclude'])
    subthings = _merge(cli_things, ini['subthings'])
    if subthings:
        wanted = [name for name in subthings if not include or name in include or children.get(name) in include]
    else:
        wanted = include or subtests
    queue: list[str] = []
    for name in wanted:
        parent = children.get(name, name)
        if parent not in exclude and name not in exclude and parent not in queue:
            queue.append(parent)
    return Selection(subtests=queue, subthings=subthings, include=include, exclude=exclude, dry_run=dry_run)
