"""
Summary
-------

A boiler-plate example subtest, the starting place for a new subtest. Every lifecycle method calls
its parent and logs, so the console shows the order Autotest runs them in.

Operational Summary
-------------------

#. ``initialize()`` logs, then reports whether ``config_custom/example.ini`` overrides the bundled
   ``[example]`` section.
#. ``run_once()`` and ``postprocess_iteration()`` run once per iteration (three by default).
#. ``postprocess()`` checks that every iteration ran, then ``cleanup()`` logs.

Prerequisites
-------------

None.

Configuration
-------------

The bundled ``[example]`` section sets ``iterations`` and ``example_value``; the
``config_custom/example.ini`` shipped with the suite overrides both, to show how customising works.
"""

from dockertest import subtest


class example(subtest.Subtest):
    """Logs each lifecycle step and the source of its configuration."""

    version = '0.0.1'

    def initialize(self):
        super().initialize()
        self.stuff['iterations_run'] = 0
        value = self.config['example_value']
        if value == 'bundled':
            self.loginfo('example_value is the bundled default: config_custom/example.ini is not in use')
        else:
            self.loginfo('example_value is overridden by config_custom: %s', value)

    def run_once(self):
        super().run_once()
        self.stuff['iterations_run'] += 1

    def postprocess_iteration(self):
        super().postprocess_iteration()

    def postprocess(self):
        super().postprocess()
        self.failif_ne(self.stuff['iterations_run'], self.iterations, 'iterations run')

    def cleanup(self):
        super().cleanup()
