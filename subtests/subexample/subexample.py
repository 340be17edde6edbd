"""
Summary
-------

A boiler-plate example of a subtest made of sub-subtests, the starting place for a new one.

Operational Summary
-------------------

#. The sub-subtests named by the ``subsubtests`` option run one after another, each through
   ``initialize()``, ``run_once()``, ``postprocess()`` and, always, ``cleanup()``.
#. ``one`` is defined in this module; ``two`` lives in ``two.py`` beside it, to show loading a
   sub-subtest from its own module.

Prerequisites
-------------

None.

Configuration
-------------

The ``subsubtests`` option is the CSV of sub-subtest names to run, in order. Each sub-subtest
inherits the ``[subexample]`` options and may have its own section, ``[subexample/<name>]``.
"""

from dockertest import subtest


class subexample(subtest.SubSubtestCaller):
    """Runs the sub-subtests ``one`` and ``two``."""

    version = '0.0.1'

    def special_function(self, caller):
        """A helper the sub-subtests reach through ``parent_subtest``."""
        self.loginfo('special_function() called by %s', caller)
        return 42


class one(subtest.SubSubtest):
    """Shows ``parent_subtest``, ``failif``, ``sub_stuff`` and logging."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['answer'] = self.parent_subtest.special_function(self.__class__.__name__)

    def run_once(self):
        super().run_once()
        self.loginfo('greeting option: %s', self.config['greeting'])

    def postprocess(self):
        super().postprocess()
        self.failif(self.sub_stuff['answer'] != 42, 'special_function() gave the wrong answer')
