"""The fault-injecting client's original import name: see :mod:`dockertest.tools.faultdocker`.

``python -m dockertest.faultdocker`` still runs it.
"""

from __future__ import annotations

import sys

from .tools import faultdocker as _tool
from .tools.faultdocker import *  # the original import name re-exports the tool's names

__all__ = _tool.__all__

if __name__ == '__main__':
    sys.exit(_tool.main())
