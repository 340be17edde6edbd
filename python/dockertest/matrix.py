"""The matrix runner's original import name: see :mod:`dockertest.tools.matrix`.

``python -m dockertest.matrix`` still runs it.
"""

from __future__ import annotations

import sys

from .tools import matrix as _tool
from .tools.matrix import *  # the original import name re-exports the tool's names

__all__ = _tool.__all__

if __name__ == '__main__':
    sys.exit(_tool.main())
