"""Sphinx configuration of the dockertest documentation site.

``version`` below is the dockertest API version. It stays a literal on a line of its own, because the
control file reads it without importing this file (the first line starting with ``version =``, the
value between single quotes) and compares it with :data:`dockertest.version.STRING`. The build stops
when it differs from the ``[package]`` version of ``Cargo.toml`` or from the installed extension's.
"""

import re
import sys
from pathlib import Path

import dockertest

version = '0.9.0'

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
sys.path.insert(0, str(DOCS / '_ext'))


def cargo_version(cargo_toml: Path) -> str:
    """The ``version`` of the ``[package]`` table of ``cargo_toml``.

    Raises:
        ValueError: the table has no version line.
    """
    table = None
    for line in cargo_toml.read_text(encoding='utf-8').splitlines():
        text = line.split('#', 1)[0].strip()
        if text.startswith('['):
            table = text
        elif table == '[package]' and re.match(r'version\s*=', text):
            return text.split('=', 1)[1].strip().strip('"\'')
    raise ValueError(f'{cargo_toml}: no version in the [package] table')


def check_versions(docs_version: str, cargo_toml: Path) -> str:
    """The release: Cargo's package version, once it is known to equal ``docs_version`` and the installed one.

    Raises:
        ValueError: a version differs; the message says which file to change or what to rebuild.
    """
    release = cargo_version(cargo_toml)
    if docs_version != release:
        raise ValueError(
            f"{DOCS / 'conf.py'}: version = '{docs_version}' differs from the [package] version '{release}' of "
            f'{cargo_toml}; make them equal'
        )
    if dockertest.__version__ != release:
        raise ValueError(
            f'the installed dockertest is {dockertest.__version__}, {cargo_toml} says {release}: run `make build-dev`'
        )
    return release


release = check_versions(version, REPO / 'Cargo.toml')
project = 'dockertest'
author = 'the dockertest authors'
copyright = 'the dockertest authors; GPL-2.0-only'

extensions = ['sphinx.ext.autodoc', 'sphinx.ext.napoleon', 'dockertest_sphinx']
exclude_patterns = ['_build']
html_theme = 'furo'
html_title = f'dockertest {release}'

# The API reference: Google-style docstrings, type hints in the signatures, members in source order.
autodoc_typehints = 'signature'
autodoc_member_order = 'bysource'
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# "Attributes:" become fields of their class, so they do not clash with the members autodoc lists.
napoleon_use_ivar = True

# The suite whose subtests and configuration the site documents: this checkout.
dockertest_suite_dir = str(REPO)

# A short name such as ``DockerOutputError`` or ``AutotestError`` in a docstring's Raises section can
# name both the core's class and the Autotest-aware class over it (``dockertest._core`` and
# ``dockertest.xceptions``); Sphinx links the first and would warn that it had a choice. A reference
# that resolves nowhere still fails the build.
suppress_warnings = ['ref.python']
