"""Subtests: Autotest client tests configured from the suite's ini files (the original import name).

:class:`Subtest` is the base of every subtest module (``subtests/<name>/<name>.py`` defines
``class <name>(subtest.Subtest)``). :class:`SubSubtest` is a light child test, run in sequence by
:class:`SubSubtestCaller` or stage by stage by :class:`SubSubtestCallerSimultaneous`. Each lives in a
module of its own, re-exported here: :mod:`dockertest.subtest_base`, :mod:`dockertest.subsubtest`,
:mod:`dockertest.subsubtest_caller`, and the ``failif*`` helpers in :mod:`dockertest.checks`.
"""

from __future__ import annotations

from dockertest.subsubtest import SubSubtest
from dockertest.subsubtest_caller import SubSubtestCaller, SubSubtestCallerSimultaneous
from dockertest.subtest_base import Subtest, section_from_bindir

__all__ = ['SubSubtest', 'SubSubtestCaller', 'SubSubtestCallerSimultaneous', 'Subtest', 'section_from_bindir']
