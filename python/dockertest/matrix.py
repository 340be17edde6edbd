"""The matrix runner's original import name: see :mod:`dockertest.tools.matrix`.

``python -m dockertest.matrix`` still runs it.
"""

from __future__ import annotations

import sys

from .tools.matrix import (
    ALONE,
    GARBAGE,
    JOBS,
    Matrix,
    available,
    compare,
    main,
    read_expected,
    run_phases,
    run_profile,
    split_alone,
    start_job,
)

__all__ = [
    'ALONE',
    'GARBAGE',
    'JOBS',
    'Matrix',
    'available',
    'compare',
    'main',
    'read_expected',
    'run_phases',
    'run_profile',
    'split_alone',
    'start_job',
]

if __name__ == '__main__':
    sys.exit(main())
