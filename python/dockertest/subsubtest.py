"""The sub-subtest: a light child test of a :class:`~dockertest.subtest.Subtest`, configured from its own
section ``[<subtest>/<child>]`` merged over the parent's (the original import name is
:mod:`dockertest.subtest`)."""

from __future__ import annotations

import copy
import tempfile
from typing import TYPE_CHECKING

from dockertest import config, xceptions
from dockertest.checks import Checks
from dockertest.cleanup import CleanupRegistry
from dockertest.subtest_base import _format

if TYPE_CHECKING:
    from dockertest.subtest_base import Subtest

__all__ = ['SubSubtest']


class SubSubtest(Checks):
    """A light child test of a :class:`SubSubtestCaller`, configured from ``[<parent section>/<Class>]``.

    Attributes:
        parent_subtest: the calling subtest.
        config: a deep copy of the parent's config, with the child's section merged over it.
        tmpdir: a temporary directory under the parent's, made by ``initialize``.
        sub_stuff: a dict for the child's own state between stages.
        cleanups: the objects ``cleanup`` removes (see :mod:`dockertest.cleanup`).
    """

    def __init__(self, parent_subtest: Subtest) -> None:
        self.parent_subtest = parent_subtest
        name = self.__class__.__name__
        self.config_section = self.make_name(parent_subtest.config_section)
        all_configs = config.Config()
        parent_config = copy.deepcopy(dict(parent_subtest.config))
        if self.config_section in all_configs:
            merged = self.make_subsubtest_config(all_configs, parent_config, all_configs[self.config_section])
        else:
            merged = parent_config
        self.config = merged
        if not self.config.get('enable', True):
            raise xceptions.DockerSubSubtestNAError(name)
        parent_subtest.write_test_keyval({'Configuration_for_Subsubtest': self.config_section})
        self.tmpdir = None
        self.sub_stuff = {}
        self.cleanups = CleanupRegistry(self)

    @classmethod
    def make_name(cls, parent_name: str) -> str:
        """The config section of this class under the parent's section, ``<parent_name>/<Class>`` (0.8.x)."""
        return f'{parent_name}/{cls.__name__}'

    @staticmethod
    def make_subsubtest_config(all_configs, parent_config: dict, section) -> dict:
        """Merge a child section over the parent's config, keeping the parent's overrides of globals.

        For an option that DEFAULTS also holds: where the child's value is the DEFAULTS value, the
        parent's value wins (so a parent override such as ``docker_timeout = 60`` reaches the child);
        where the child's value differs, the child's wins. Values are compared typed.
        """
        defaults = all_configs['DEFAULTS']
        merged = copy.deepcopy(parent_config)
        for key, value in section.items():
            if key in defaults and value == defaults[key] and key in parent_config:
                continue
            merged[key] = value
        return merged

    def _log(self, method, message, args) -> None:
        method(f'SubSubtest {self.__class__.__name__} {_format(message, args)}')

    def logdebug(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.logdebug, message, args)

    def loginfo(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.loginfo, message, args)

    def logwarning(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.logwarning, message, args)

    def logerror(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.logerror, message, args)

    def initialize(self) -> None:
        """Make ``tmpdir`` under the parent's temporary directory."""
        self.tmpdir = tempfile.mkdtemp(prefix=self.__class__.__name__, suffix='tmp', dir=self.parent_subtest.tmpdir)
        self.loginfo('initialize()')

    def run_once(self) -> None:
        """The child's test."""
        self.loginfo('run_once()')

    def postprocess(self) -> None:
        """Check the child's results."""
        self.loginfo('postprocess()')

    def cleanup(self) -> None:
        """Always runs, last: removes what ``cleanups`` holds."""
        self.loginfo('cleanup()')
        self.cleanups.run()
