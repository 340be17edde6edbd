"""A tool: the documentation of the suite, harvested from the subtests themselves, and the check that it is whole.

A subtest documents itself in two places, and nowhere else:

- the docstring of its module ``subtests/<name>/<basename>.py``, which holds the sections **Summary**,
  **Operational Summary**, **Prerequisites** and **Configuration**, each a reStructuredText title
  (the section name on one line, underlined on the next with ``-``, ``=`` or ``~``) followed by its
  text;
- a ``#:`` comment directly above each option of its section ``[<name>]``, and of its sub-subtests'
  sections ``[<name>/<child>]``, in an ini file anywhere under ``config_defaults/``. In a comment,
  ``{n}`` is a line break, ``{t}`` a 4-space indent, and ``{{`` and ``}}`` are literal braces. Several
  ``#:`` lines make one comment. The ini files are read by the core's reader (the one the config
  loader uses), so a ``#:`` comment documents here exactly what it documents in a loaded config.

The options of ``[DEFAULTS]`` are documented the same way. Module docstrings are read with :mod:`ast`:
a subtest module is never imported, since it needs a running job.

:func:`collect` gathers all of it; its ``problems`` name each subtest missing a docstring section and
each option missing its comment. ``python -m dockertest.tools.documentation [SUITE_DIR]`` (or ``python -m dockertest.documentation``) prints those
problems and exits 1 when there are any; the documentation site turns each into a build warning, so
``sphinx-build -W`` fails. :func:`subtests_rst` and :func:`defaults_rst` render the same data as
reStructuredText for the site.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import _core, xceptions
from ..docstrings import SECTIONS, docstring_sections
from ..selection import find_subtests

__all__ = [
    'SECTIONS',
    'IniError',
    'Option',
    'Problem',
    'SubtestDoc',
    'SuiteDocs',
    'collect',
    'defaults_rst',
    'docstring_sections',
    'main',
    'parse_ini',
    'read_ini',
    'subtests_rst',
]

DEFAULTS = 'DEFAULTS'


class IniError(ValueError):
    """An ini file the documentation cannot read; the message names the file and line.

    Attributes:
        path: the ini file.
        line: the offending line (1-based), or 0 when the file cannot be read at all.
        reason: what is wrong.
    """

    def __init__(self, path: str | os.PathLike, line: int, reason: str) -> None:
        self.path, self.line, self.reason = str(path), line, reason
        super().__init__(f'{path}:{line}: {reason}' if line else f'{path}: {reason}')


@dataclass(frozen=True)
class Option:
    """One option of an ini section, with its ``#:`` documentation.

    Attributes:
        section: the section name, e.g. ``docker_cli/version``.
        name: the option name as written.
        value: the value, continuation lines joined by newlines.
        doc: the ``#:`` comment with ``{n}``/``{t}``/braces expanded; empty when there is none.
        path: the ini file.
        line: the line of the option in ``path`` (1-based).
    """

    section: str
    name: str
    value: str
    doc: str
    path: str
    line: int


@dataclass(frozen=True)
class Problem:
    """A gap in the documentation, tied to the subtest or option it concerns.

    Attributes:
        name: the subtest (``docker_cli/version``) or option (``[docker_cli/version] foo``) concerned.
        message: what is missing.
        path: the file to fix.
        line: the line in ``path``, or 0 for the file as a whole.
    """

    name: str
    message: str
    path: str
    line: int = 0

    def __str__(self) -> str:
        where = f'{self.path}:{self.line}' if self.line else self.path
        return f'{where}: {self.name}: {self.message}'


@dataclass
class SubtestDoc:
    """What the documentation says about one subtest.

    Attributes:
        name: the subtest name, its path under ``subtests/``.
        path: its module file.
        sections: docstring section title to text, in docstring order.
        options: the options of its own ini section.
        children: for each sub-subtest section ``[name/child]``, ``child`` to its options.
    """

    name: str
    path: str
    sections: dict[str, str] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)
    children: dict[str, list[Option]] = field(default_factory=dict)


@dataclass
class SuiteDocs:
    """The documentation of a whole suite directory.

    Attributes:
        subtests: one entry per subtest, sorted by name.
        defaults: the options of ``[DEFAULTS]``.
        problems: every gap found, in file order.
        files: every file read, so a documentation build can depend on them.
    """

    subtests: list[SubtestDoc] = field(default_factory=list)
    defaults: list[Option] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def read_ini(path: str | os.PathLike) -> tuple[list[Option], list[str]]:
    """Every option of every section of one ini file, each with its ``#:`` comment, read by the core.

    The rules are the core's ini reader's (:mod:`dockertest.config`): option names are lower-cased,
    an indented line continues a value, ``#:`` lines document the next option of their section, and an
    option or section given twice in one file merges, with a warning.

    Args:
        path: the ini file.

    Returns:
        The options in file order, and the reader's warnings (each naming the file, line and option).

    Raises:
        IniError: the file cannot be read, or a line is malformed; the message names the line.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise IniError(path, 0, f'cannot read: {err}') from err
    try:
        sections, warnings = _core.parse_ini_warned(data, str(path))
    except xceptions.DockerConfigError as err:
        raise IniError(path, getattr(err, 'line', None) or 0, str(getattr(err, 'message', err))) from None
    options = [
        Option(section, name, value, _core.render_doc(doc) if doc else '', str(path), line)
        for section, _, entries in sections
        for name, value, line, doc in entries
    ]
    return sorted(options, key=lambda option: option.line), list(warnings)


def parse_ini(path: str | os.PathLike) -> list[Option]:
    """The options of :func:`read_ini`, without its warnings.

    Raises:
        IniError: as :func:`read_ini`.
    """
    return read_ini(path)[0]


def _module_docstring(path: Path) -> str | None:
    tree = ast.parse(path.read_text(encoding='utf-8'), filename=str(path))
    return ast.get_docstring(tree, clean=False)


def _subtest_doc(suite: Path, name: str, docs: SuiteDocs) -> SubtestDoc:
    module = suite / 'subtests' / name / f'{name.rsplit("/", 1)[-1]}.py'
    entry = SubtestDoc(name=name, path=str(module))
    docs.files.append(str(module))
    try:
        text = _module_docstring(module)
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as err:
        docs.problems.append(Problem(name, f'cannot read the module docstring: {err}', str(module)))
        return entry
    if not text:
        docs.problems.append(
            Problem(name, 'the module has no docstring (needs ' + ', '.join(SECTIONS) + ')', entry.path)
        )
        return entry
    entry.sections = docstring_sections(text)
    present = {title.lower(): title for title in entry.sections}
    for wanted in SECTIONS:
        title = present.get(wanted.lower())
        if title is None:
            docs.problems.append(Problem(name, f'the module docstring has no {wanted!r} section', entry.path))
        elif not entry.sections[title].strip():
            docs.problems.append(Problem(name, f'the {wanted!r} section of the module docstring is empty', entry.path))
    return entry


def _owner(section: str, subtests: dict[str, SubtestDoc]) -> tuple[SubtestDoc | None, str]:
    """The subtest a section belongs to, and the sub-subtest part of its name ('' for its own section)."""
    parts = section.split('/')
    for cut in range(len(parts), 0, -1):
        owner = subtests.get('/'.join(parts[:cut]))
        if owner is not None:
            return owner, '/'.join(parts[cut:])
    return None, ''


def _read_config(suite: Path, subtests: dict[str, SubtestDoc], docs: SuiteDocs) -> None:
    root = suite / 'config_defaults'
    paths = sorted(root.rglob('*.ini')) if root.is_dir() else []
    seen: dict[tuple[str, str], Option] = {}
    for path in paths:
        docs.files.append(str(path))
        try:
            options, warnings = read_ini(path)
        except IniError as err:
            docs.problems.append(Problem(path.name, err.reason, err.path, err.line))
            continue
        docs.problems += [Problem(path.name, warning, str(path)) for warning in warnings]
        for option in options:
            owner, child = _owner(option.section, subtests)
            if owner is None and option.section != DEFAULTS:
                continue  # not documentation: control.ini and the like
            label = f'[{option.section}] {option.name}'
            earlier = seen.setdefault((option.section, option.name.lower()), option)
            if earlier is not option:
                docs.problems.append(
                    Problem(label, f'given twice (first at {earlier.path}:{earlier.line})', option.path, option.line)
                )
                continue
            if not option.doc:
                docs.problems.append(Problem(label, "has no '#:' comment above it", option.path, option.line))
            if owner is None:
                docs.defaults.append(option)
            elif child:
                owner.children.setdefault(child, []).append(option)
            else:
                owner.options.append(option)


def collect(suite_dir: str | os.PathLike) -> SuiteDocs:
    """Gather the documentation of every subtest under ``suite_dir`` and of its default configuration.

    Args:
        suite_dir: the directory holding ``subtests/`` and ``config_defaults/``; either may be missing.

    Returns:
        The documentation, with a :class:`Problem` for each subtest whose docstring lacks a section of
        :data:`SECTIONS` (or whose module cannot be parsed), each documented option without a ``#:``
        comment or given twice, and each ini file that cannot be read.
    """
    suite = Path(suite_dir)
    docs = SuiteDocs()
    for name in find_subtests(suite / 'subtests'):
        docs.subtests.append(_subtest_doc(suite, name, docs))
    _read_config(suite, {entry.name: entry for entry in docs.subtests}, docs)
    return docs


def _indent(text: str, prefix: str) -> str:
    return '\n'.join(prefix + line if line.strip() else '' for line in text.splitlines())


def _options_rst(options: Sequence[Option]) -> list[str]:
    out = []
    for option in options:
        value = ' '.join(option.value.split())
        shown = f'``{value}``' if value else '*<None>*'
        out += [f'*  ``{option.name}`` (default {shown})', '']
        if option.doc:
            out += [_indent(option.doc, '   '), '']
    return out


def _title(text: str, mark: str) -> list[str]:
    return [text, mark * len(text), '']


def defaults_rst(docs: SuiteDocs) -> str:
    """The options of ``[DEFAULTS]`` as a reStructuredText bullet list (a paragraph saying so when none).

    Args:
        docs: what :func:`collect` found.
    """
    if not docs.defaults:
        return 'No ``[DEFAULTS]`` section was found under ``config_defaults/``.\n'
    return '\n'.join(_options_rst(docs.defaults)) + '\n'


def subtests_rst(docs: SuiteDocs) -> str:
    """One reStructuredText section per subtest: its docstring sections, then its options.

    Each subtest gets a title ``<name> Sub-test`` (underlined with ``=``) holding its Summary, then
    sub-sections (underlined with ``-``) named after the subtest for its other docstring sections, the
    options of its own ini section below the Configuration text, and the options of each sub-subtest.

    Args:
        docs: what :func:`collect` found.
    """
    if not docs.subtests:
        return 'No subtests are present under ``subtests/``.\n'
    out: list[str] = []
    for entry in docs.subtests:
        out += _title(f'``{entry.name}`` Sub-test', '=')
        sections = dict(entry.sections)
        summary = next((t for t in sections if t.lower() == 'summary'), None)
        if summary is not None:
            out += [sections.pop(summary), '']
        config = next((t for t in sections if t.lower() == 'configuration'), None)
        if config is None and (entry.options or entry.children):
            sections['Configuration'] = ''
            config = 'Configuration'
        for title, body in sections.items():
            out += _title(f'``{entry.name}`` {title}', '-')
            if body:
                out += [body, '']
            if title == config:
                if entry.options:
                    out += [f'Options of the ``[{entry.name}]`` section:', '', *_options_rst(entry.options)]
                for child, options in entry.children.items():
                    out += [f'Options of the sub-subtest section ``[{entry.name}/{child}]``:', '']
                    out += _options_rst(options)
    return '\n'.join(out) + '\n'


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: print the documentation problems of a suite, one a line.

    Args:
        argv: the arguments (default ``sys.argv[1:]``): an optional suite directory, ``.`` by default.

    Returns:
        The exit status: 1 when there is any problem, else 0.
    """
    parser = argparse.ArgumentParser(
        prog='python -m dockertest.tools.documentation',
        description='Report subtests missing docstring sections and ini options missing their #: comment.',
    )
    parser.add_argument('suite_dir', nargs='?', default='.', help='the suite directory (default: .)')
    args = parser.parse_args(argv)
    docs = collect(args.suite_dir)
    for problem in docs.problems:
        print(problem)
    print(
        f'{len(docs.subtests)} subtest(s), {len(docs.problems)} documentation problem(s)',
        file=sys.stderr,
    )
    return 1 if docs.problems else 0


if __name__ == '__main__':
    sys.exit(main())
