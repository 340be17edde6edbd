"""The fault-injecting client's original import name: see :mod:`dockertest.tools.faultdocker`.

``python -m dockertest.faultdocker`` still runs it.
"""

from __future__ import annotations

import sys

from .tools.faultdocker import (
    ACTIONS,
    VALUED_GLOBALS,
    FaultError,
    Rule,
    drop_from_tar,
    load_rules,
    main,
    named_image,
    output_file,
    rewritten_args,
    subcommand,
)

__all__ = [
    'ACTIONS',
    'VALUED_GLOBALS',
    'FaultError',
    'Rule',
    'drop_from_tar',
    'load_rules',
    'main',
    'named_image',
    'output_file',
    'rewritten_args',
    'subcommand',
]

if __name__ == '__main__':
    sys.exit(main())
