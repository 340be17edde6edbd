"""The documentation checker's original import name: see :mod:`dockertest.tools.documentation`.

``python -m dockertest.documentation [SUITE_DIR]`` still runs the checker. The docstring sections live
in :mod:`dockertest.docstrings`.
"""

from __future__ import annotations

import sys

from .docstrings import SECTIONS, docstring_sections
from .tools.documentation import (
    IniError,
    Option,
    Problem,
    SubtestDoc,
    SuiteDocs,
    collect,
    defaults_rst,
    main,
    parse_ini,
    read_ini,
    subtests_rst,
)

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

if __name__ == '__main__':
    sys.exit(main())
