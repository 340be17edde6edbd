"""The documentation checker and generator, over temporary suite trees, and the Sphinx site built on them."""

from __future__ import annotations

import importlib
import re
import runpy
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dockertest.documentation import (
    IniError,
    collect,
    defaults_rst,
    docstring_sections,
    main,
    parse_ini,
    subtests_rst,
)

REPO = Path(__file__).resolve().parents[1]

FULL_DOCSTRING = """\
Summary
-------

Checks the output of ``docker version``.

Operational Summary
-------------------

#. Run ``docker version``.
#. Compare client and server.

Prerequisites
-------------

A daemon answering on its socket.

Configuration
-------------

Two options.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding='utf-8')
    return path


def add_subtest(suite: Path, name: str, docstring: str | None) -> Path:
    """A subtest module whose import would fail: the checker must never import it."""
    body = '' if docstring is None else f'r"""{docstring}"""\n'
    body += 'raise RuntimeError("a subtest module must not be imported by the documentation")\n'
    return write(suite / 'subtests' / name / f'{name.rsplit("/", 1)[-1]}.py', body)


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    """A small suite whose documentation is complete."""
    add_subtest(tmp_path, 'docker_cli/version', FULL_DOCSTRING)
    add_subtest(tmp_path, 'docker_cli/rmi', FULL_DOCSTRING.replace('docker version', 'docker rmi'))
    write(
        tmp_path / 'config_defaults' / 'defaults.ini',
        """\
        # Do not change this file: copy it under config_custom/.
        [DEFAULTS]
        #: The docker client under test.
        docker_path = /usr/bin/docker
        #: Options given before every
        #: docker subcommand.
        docker_options =
        """,
    )
    write(
        tmp_path / 'config_defaults' / 'subtests' / 'docker_cli' / 'version.ini',
        """\
        [docker_cli/version]
        #: Seconds to wait.{n}{t}Indented, with {{braces}}.
        wait = 3
        #: Names, one a line.
        names = one,
            two
        """,
    )
    write(
        tmp_path / 'config_defaults' / 'subtests' / 'docker_cli' / 'rmi.ini',
        """\
        [docker_cli/rmi]
        #: The sub-subtests to run.
        subsubtests = only_tag

        [docker_cli/rmi/only_tag]
        #: Force the removal.
        force = no
        """,
    )
    # Not a subtest section: not documentation, so not checked.
    write(tmp_path / 'config_defaults' / 'control.ini', '[Control]\ninclude =\n')
    return tmp_path


def test_a_complete_suite_has_no_problems_and_every_part_is_collected(suite: Path) -> None:
    docs = collect(suite)
    assert docs.problems == []
    assert [entry.name for entry in docs.subtests] == ['docker_cli/rmi', 'docker_cli/version']
    version = docs.subtests[1]
    assert list(version.sections) == ['Summary', 'Operational Summary', 'Prerequisites', 'Configuration']
    assert version.sections['Operational Summary'] == '#. Run ``docker version``.\n#. Compare client and server.'
    assert [(o.name, o.value, o.doc) for o in version.options] == [
        ('wait', '3', 'Seconds to wait.\n    Indented, with {braces}.'),
        ('names', 'one,\ntwo', 'Names, one a line.'),
    ]
    rmi = docs.subtests[0]
    assert [o.name for o in rmi.options] == ['subsubtests']
    assert {child: [o.name for o in opts] for child, opts in rmi.children.items()} == {'only_tag': ['force']}
    assert [(o.name, o.doc) for o in docs.defaults] == [
        ('docker_path', 'The docker client under test.'),
        ('docker_options', 'Options given before every docker subcommand.'),
    ]
    assert str(suite / 'subtests/docker_cli/version/version.py') in docs.files
    assert str(suite / 'config_defaults/control.ini') in docs.files


def test_a_subtest_missing_a_docstring_section_is_reported_by_name(suite: Path) -> None:
    no_prereq = re.sub(r'Prerequisites\n-+\n\nA daemon answering on its socket.\n', '', FULL_DOCSTRING)
    module = add_subtest(suite, 'docker_cli/broken', no_prereq)
    add_subtest(suite, 'empty_section', FULL_DOCSTRING.replace('Two options.', ''))
    problems = collect(suite).problems
    assert [(p.name, p.message, p.path) for p in problems] == [
        ('docker_cli/broken', "the module docstring has no 'Prerequisites' section", str(module)),
        (
            'empty_section',
            "the 'Configuration' section of the module docstring is empty",
            str(suite / 'subtests/empty_section/empty_section.py'),
        ),
    ]
    assert str(problems[0]) == f"{module}: docker_cli/broken: the module docstring has no 'Prerequisites' section"


def test_a_subtest_without_docstring_or_unparseable_is_reported_not_raised(suite: Path) -> None:
    add_subtest(suite, 'bare', None)
    write(suite / 'subtests' / 'bad' / 'bad.py', 'def broken(:\n')
    problems = {p.name: p.message for p in collect(suite).problems}
    assert problems['bare'] == (
        'the module has no docstring (needs Summary, Operational Summary, Prerequisites, Configuration)'
    )
    assert problems['bad'].startswith('cannot read the module docstring: ')


def test_an_option_missing_its_comment_is_reported_by_section_and_name(suite: Path) -> None:
    ini = write(
        suite / 'config_defaults' / 'more.ini',
        """\
        [DEFAULTS]
        docker_timeout = 60

        [docker_cli/version]
        # Blank lines and plain comments between a '#:' comment and its option do not end it (the core's rule).

        undocumented = 1

        [docker_cli/rmi/only_tag]
        # A plain comment is not documentation.
        also_undocumented = yes

        [no_such_subtest]
        ignored = 1
        """,
    )
    problems = collect(suite).problems
    assert [(p.name, p.message, p.path, p.line) for p in problems] == [
        ('[DEFAULTS] docker_timeout', "has no '#:' comment above it", str(ini), 2),
        ('[docker_cli/version] undocumented', "has no '#:' comment above it", str(ini), 7),
        ('[docker_cli/rmi/only_tag] also_undocumented', "has no '#:' comment above it", str(ini), 11),
    ]
    assert str(problems[1]) == f"{ini}:7: [docker_cli/version] undocumented: has no '#:' comment above it"


def test_an_option_given_twice_is_reported_with_both_places(suite: Path) -> None:
    # Files are read in sorted path order, so this one comes first and subtests/.../version.ini repeats it.
    first = write(suite / 'config_defaults' / 'again.ini', '[docker_cli/version]\n#: Again.\nWAIT = 4\n')
    ini = suite / 'config_defaults/subtests/docker_cli/version.ini'
    [problem] = collect(suite).problems
    assert (problem.name, problem.path, problem.line) == ('[docker_cli/version] wait', str(ini), 3)
    assert problem.message == f'given twice (first at {first}:3)'


def test_an_unreadable_ini_file_is_a_problem_naming_file_and_line(suite: Path) -> None:
    ini = write(suite / 'config_defaults' / 'bad.ini', '[docker_cli/version]\n#: doc\nthis is not an option\n')
    [problem] = collect(suite).problems
    assert (problem.name, problem.path, problem.line) == ('bad.ini', str(ini), 3)
    assert 'malformed line "this is not an option"' in problem.message


def test_parse_ini_rejects_an_option_before_any_section(tmp_path: Path) -> None:
    ini = write(tmp_path / 'x.ini', '#: doc\nloose = 1\n')
    with pytest.raises(IniError, match=r"x\.ini:2: .*option 'loose': option outside any section"):
        parse_ini(ini)
    with pytest.raises(IniError, match=r'missing\.ini: cannot read'):
        parse_ini(tmp_path / 'missing.ini')


def test_parse_ini_colon_delimiter_and_comment_after_continuation(tmp_path: Path) -> None:
    ini = write(
        tmp_path / 'x.ini',
        """\
        [s]
        #: Colon form.
        url: http://127.0.0.1:5080/busybox
        #: Equals wins when it comes first.
        expr = a:b
        list = one
          two
          # an indented comment does not end the continuation (ConfigParser's rule, and the core's)
          three = 3
        """,
    )
    options = parse_ini(ini)
    assert [(o.name, o.value, o.doc, o.line) for o in options] == [
        ('url', 'http://127.0.0.1:5080/busybox', 'Colon form.', 3),
        ('expr', 'a:b', 'Equals wins when it comes first.', 5),
        ('list', 'one\ntwo\nthree = 3', '', 6),
    ]


def test_docstring_sections_accepts_any_underline_and_keeps_extra_sections() -> None:
    text = 'Preamble is dropped.\n\nSummary\n=======\nOne.\n\nNotes\n~~~~~\nTwo.\n\nOperational   Summary\n---\n'
    assert docstring_sections(text) == {'Summary': 'One.', 'Notes': 'Two.', 'Operational Summary': ''}
    assert docstring_sections('No sections at all.') == {}


def test_rendered_rst_holds_each_subtest_its_sections_and_options(suite: Path) -> None:
    docs = collect(suite)
    text = subtests_rst(docs)
    assert text.index('``docker_cli/rmi`` Sub-test') < text.index('``docker_cli/version`` Sub-test')
    assert '``docker_cli/version`` Operational Summary\n' in text
    assert '``docker_cli/version`` Configuration\n' in text
    assert '*  ``wait`` (default ``3``)\n\n   Seconds to wait.\n       Indented, with {braces}.\n' in text
    assert 'Options of the sub-subtest section ``[docker_cli/rmi/only_tag]``:' in text
    assert '*  ``docker_options`` (default *<None>*)' in defaults_rst(docs)
    assert subtests_rst(collect(suite / 'nowhere')) == 'No subtests are present under ``subtests/``.\n'


def test_command_line_exit_status_and_report(suite: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(suite)]) == 0
    assert capsys.readouterr().out == ''
    write(suite / 'config_defaults' / 'more.ini', '[docker_cli/version]\nbare = 1\n')
    assert main([str(suite)]) == 1
    captured = capsys.readouterr()
    assert (
        captured.out == f"{suite}/config_defaults/more.ini:2: [docker_cli/version] bare: has no '#:' comment above it\n"
    )
    assert '2 subtest(s), 1 documentation problem(s)' in captured.err


def _sphinx(suite: Path, out: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip('sphinx')
    argv = [sys.executable, '-m', 'sphinx', '-W', '--keep-going', '-q', '-b', 'html']
    argv += ['-D', f'dockertest_suite_dir={suite}', str(REPO / 'docs'), str(out)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.timeout(240)
def test_the_site_builds_from_a_suite_and_fails_on_each_documentation_gap(suite: Path, tmp_path: Path) -> None:
    proc = _sphinx(suite, tmp_path / 'good')
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / 'good' / 'subtests.html').read_text(encoding='utf-8')
    assert 'docker_cli/version</span></code> Sub-test' in page
    assert 'Force the removal.' in page
    assert 'The docker client under test.' in page

    # A rebuild into the same place reads the page again: a new subtest shows without touching subtests.rst.
    add_subtest(suite, 'docker_cli/extra', FULL_DOCSTRING.replace('docker version', 'docker extra'))
    proc = _sphinx(suite, tmp_path / 'good')
    assert proc.returncode == 0, proc.stderr
    assert 'docker_cli/extra</span></code> Sub-test' in (tmp_path / 'good' / 'subtests.html').read_text(
        encoding='utf-8'
    )

    module = add_subtest(suite, 'docker_cli/broken', FULL_DOCSTRING.replace('Summary\n-------\n', 'Sum\n---\n', 1))
    ini = write(suite / 'config_defaults' / 'broken.ini', '[docker_cli/broken]\nbare = 1\n')
    proc = _sphinx(suite, tmp_path / 'bad')
    assert proc.returncode != 0
    assert f"WARNING: {module}: docker_cli/broken: the module docstring has no 'Summary' section" in proc.stderr
    assert f"WARNING: {ini}:2: [docker_cli/broken] bare: has no '#:' comment above it" in proc.stderr


def test_the_docs_version_literal_is_the_cargo_package_version() -> None:
    tomllib = pytest.importorskip('tomllib')
    cargo = tomllib.loads((REPO / 'Cargo.toml').read_text(encoding='utf-8'))['package']['version']
    # Read it the way the control file does: the first line starting with "version =", between single quotes.
    lines = (REPO / 'docs' / 'conf.py').read_text(encoding='utf-8').splitlines()
    line = next(line for line in lines if line.startswith('version ='))
    assert line.split("'")[1] == cargo


def test_conf_stops_when_the_cargo_version_differs(tmp_path: Path) -> None:
    conf = tmp_path / 'docs' / 'conf.py'
    conf.parent.mkdir()
    shutil.copy(REPO / 'docs' / 'conf.py', conf)
    write(
        tmp_path / 'Cargo.toml', '[package]\nname = "dockertest"\nversion = "99.1.0"\n\n[dependencies]\nversion = "1"\n'
    )
    with pytest.raises(
        ValueError, match=r"conf\.py: version = '[0-9.]+' differs from the \[package\] version '99\.1\.0'"
    ):
        runpy.run_path(str(conf))


@pytest.fixture
def sphinx_ext(monkeypatch: pytest.MonkeyPatch):
    """The site's Sphinx extension module, ``docs/_ext/dockertest_sphinx.py``."""
    pytest.importorskip('sphinx')
    monkeypatch.syspath_prepend(str(REPO / 'docs' / '_ext'))
    return importlib.import_module('dockertest_sphinx')


def test_the_api_reference_lists_every_public_module_found_at_build_time(
    sphinx_ext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ('a.py', '_b.py', 'sub/__init__.py', 'sub/c.py', '_priv/__init__.py', '_priv/d.py', 'sub/_e.py'):
        write(tmp_path / 'fakepkg' / name, '"""A module."""\n')
    write(tmp_path / 'fakepkg' / '__init__.py', '"""A package."""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    assert sphinx_ext.public_modules('fakepkg') == ['fakepkg', 'fakepkg.a', 'fakepkg.sub', 'fakepkg.sub.c']
    text = sphinx_ext.api_rst('fakepkg')
    assert '.. automodule:: fakepkg.sub.c\n   :members:\n' in text
    assert '_core' not in text and '_b' not in text


def test_the_core_is_documented_by_its_stub_names_not_shown_elsewhere(sphinx_ext) -> None:
    assert 'DockertestError' in sphinx_ext.stub_names('dockertest._core')
    modules = sphinx_ext.public_modules('dockertest')
    assert 'dockertest.documentation' in modules
    assert not any(part.startswith('_') for name in modules for part in name.split('.'))
    text = sphinx_ext.api_rst('dockertest')
    core = text[text.index('.. automodule:: dockertest._core') :]
    shown = {name for name in sphinx_ext.stub_names('dockertest._core') if name not in core}
    assert core.startswith('.. automodule:: dockertest._core\n   :members: ')
    # Every stub name is either in the _core section or re-exported by a public module's __all__.
    for name in shown:
        assert any(name in getattr(importlib.import_module(m), '__all__', ()) for m in modules), name
