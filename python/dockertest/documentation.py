"""The documentation checker's original import name: see :mod:`dockertest.tools.documentation`.

``python -m dockertest.documentation [SUITE_DIR]`` still runs the checker. The docstring sections live
in :mod:`dockertest.docstrings`.
"""

from __future__ import annotations

import sys

from .tools import documentation as _checker
from .tools.documentation import *  # the original import name re-exports the checker's names

__all__ = _checker.__all__

if __name__ == '__main__':
    sys.exit(_checker.main())
