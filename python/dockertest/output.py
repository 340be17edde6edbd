"""Parsing docker output, and checks that a command's output looks healthy: the original import name.

The parsers live in the Rust core; each concept has a module of its own, re-exported here under the
2014 names:

- :mod:`dockertest.texttable`: :class:`TextTable` (and the core's :class:`ColumnRanges`);
- :mod:`dockertest.dockerversion`: :class:`DockerVersion`; the core's :class:`DockerInfo`;
- :mod:`dockertest.dockertime`: :class:`DockerTime`;
- :mod:`dockertest.outputcheck`: the ``OutputGood`` family, :func:`mustpass` and :func:`mustfail`;
- :mod:`dockertest.polling`: :func:`wait_for_output`.
"""

from __future__ import annotations

from ._core import (
    ColumnRanges,
    DockerInfo,
    DockerOutputError,  # noqa: F401 - importable from here, as in 2014 (the class is xceptions')
)
from .dockertime import DockerTime
from .dockerversion import DockerVersion
from .outputcheck import OutputGood, OutputGoodBase, OutputNotBad, mustfail, mustpass
from .polling import wait_for_output
from .texttable import TextTable

__all__ = [
    'ColumnRanges',
    'DockerInfo',
    'DockerTime',
    'DockerVersion',
    'OutputGood',
    'OutputGoodBase',
    'OutputNotBad',
    'TextTable',
    'mustfail',
    'mustpass',
    'wait_for_output',
]
