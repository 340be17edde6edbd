"""Sphinx directives that build the site's generated parts from whatever the tree holds at build time.

- ``.. dockertest-api:: PACKAGE`` documents every public module of an installed package (found with
  :mod:`pkgutil`, private ``_`` modules skipped), one section per module, with ``automodule``. For
  ``dockertest`` it adds the names of ``dockertest._core`` that ``_core.pyi`` describes and no public
  module re-exports.
- ``.. dockertest-subtests::`` renders the ``[DEFAULTS]`` options of ``config_defaults/`` (after the
  directive's content), then every subtest under ``subtests/`` from its module docstring and the
  ``#:`` comments of its ini options (see :mod:`dockertest.documentation`).

The suite directory is the ``dockertest_suite_dir`` setting. Each gap
:func:`dockertest.documentation.collect` finds becomes a build warning, so ``sphinx-build -W`` fails
on it. Pages using these directives are read again on every build, since a new module or subtest
changes them without touching the page.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dockertest import documentation

logger = logging.getLogger(__name__)

AUTOMODULE_OPTIONS = ('   :members:', '   :undoc-members:', '   :show-inheritance:')


def public_modules(package: str) -> list[str]:
    """The package and its submodules, recursively, sorted, leaving out any name with a ``_`` part.

    Args:
        package: an importable package name.

    Raises:
        ImportError: the package itself cannot be imported.
    """
    pkg = importlib.import_module(package)
    found = [info.name for info in pkgutil.walk_packages(pkg.__path__, f'{package}.')]
    return [package, *sorted(n for n in found if not any(p.startswith('_') for p in n.split('.')))]


def stub_names(module: str) -> list[str]:
    """The top-level classes and functions a compiled module's ``.pyi`` stub describes, in stub order.

    Args:
        module: the module name; its stub is the ``.pyi`` file next to it. Without one, the list is empty.
    """
    spec = importlib.util.find_spec(module)
    stub = Path(spec.origin).parent / f'{module.rsplit(".", 1)[-1]}.pyi' if spec and spec.origin else None
    if stub is None or not stub.is_file():
        return []
    tree = ast.parse(stub.read_text(encoding='utf-8'), filename=str(stub))
    return [node.name for node in tree.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))]


def _core_extras(modules: list[str]) -> list[str]:
    """The stub-described names of ``dockertest._core`` that no public module of ``dockertest`` shows."""
    core = importlib.import_module('dockertest._core')
    shown = set()
    for name in modules:
        module = importlib.import_module(name)
        shown.update(id(getattr(module, attr)) for attr in getattr(module, '__all__', ()) if hasattr(module, attr))
    # A stub name missing at runtime stays in the list, so autodoc reports it.
    return [
        name
        for name in stub_names('dockertest._core')
        if not (hasattr(core, name) and id(getattr(core, name)) in shown)
    ]


def api_rst(package: str) -> str:
    """One section per public module of ``package``, each an ``automodule`` with its members.

    Args:
        package: an importable package name; for ``dockertest`` a last section documents the names of
            ``dockertest._core`` its stub describes that no public module re-exports.
    """
    modules = public_modules(package)
    out: list[str] = []
    for name in modules:
        title = f'``{name}``'
        out += [title, '=' * len(title), '', f'.. automodule:: {name}', *AUTOMODULE_OPTIONS, '']
    extras = _core_extras(modules) if package == 'dockertest' else []
    if extras:
        title = '``dockertest._core``'
        out += [title, '=' * len(title), '', '.. automodule:: dockertest._core', f'   :members: {", ".join(extras)}']
        out += AUTOMODULE_OPTIONS[1:] + ('',)
    return '\n'.join(out)


class _Generated(SphinxDirective):
    """Base of the directives: parse generated reStructuredText and mark the page as always outdated."""

    def render(self) -> str:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        _generated(self.env).add(self.env.docname)
        return self.parse_text_to_nodes(self.render(), allow_section_headings=True)


class ApiDirective(_Generated):
    """``.. dockertest-api:: PACKAGE``: the API reference of an installed package."""

    required_arguments = 1

    def render(self) -> str:
        return api_rst(self.arguments[0])


class SuiteDirective(_Generated):
    """Base of the directives over the suite directory's documentation."""

    def suite(self) -> documentation.SuiteDocs:
        docs = documentation.collect(self.config.dockertest_suite_dir)
        for path in docs.files:
            self.env.note_dependency(path)
        return docs


class SubtestsDirective(SuiteDirective):
    """``.. dockertest-subtests::``: the default options, then a section per subtest, all siblings.

    The section of the default options holds the directive's content, then the ``[DEFAULTS]`` options.
    """

    has_content = True

    def render(self) -> str:
        docs = self.suite()
        title = 'Default configuration options'
        head = [title, '=' * len(title), '', *self.content, '', documentation.defaults_rst(docs)]
        return '\n'.join(head) + '\n' + documentation.subtests_rst(docs)


def check_suite(app: Sphinx) -> None:
    """Warn once per documentation gap in the suite directory, on every build."""
    for problem in documentation.collect(app.config.dockertest_suite_dir).problems:
        logger.warning('%s', problem)  # the text starts with the file (and line) to fix


def _generated(env) -> set[str]:
    """The pages using these directives (kept in the pickled environment between builds)."""
    if not hasattr(env, 'dockertest_generated_docs'):
        env.dockertest_generated_docs = set()
    return env.dockertest_generated_docs


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    return sorted(_generated(env) - set(removed))


def _purge(app: Sphinx, env, docname: str) -> None:
    _generated(env).discard(docname)


def setup(app: Sphinx) -> dict:
    """Register the directives, the ``dockertest_suite_dir`` setting and the documentation check."""
    app.add_config_value('dockertest_suite_dir', '.', 'env', str)
    app.add_directive('dockertest-api', ApiDirective)
    app.add_directive('dockertest-subtests', SubtestsDirective)
    app.connect('builder-inited', check_suite)
    app.connect('env-get-outdated', _outdated)
    app.connect('env-purge-doc', _purge)
    return {'version': '1', 'parallel_read_safe': False, 'parallel_write_safe': True}
