"""
Summary
-------

Checks that a second container cannot be run under the name of an existing one.

Operational Summary
-------------------

#. ``docker run --name=<random> <test image> /bin/bash -c 'echo test'`` must exit 0, print ``test``
   and show no panic, usage text or error.
#. The same command again, with the same name, must fail: it must exit ``second_run_exit_status``
   (125 today: a docker error), name the conflict (``conflict_message`` on stderr) and show no Go
   panic. The original only looked for a panic or usage text in the second run's output and never
   checked that it failed; that check is the point of this subtest now.
#. ``cleanup()`` removes the container (``docker rm --force --volumes``) when ``remove_after_test``
   is on, whatever happened before.

Prerequisites
-------------

A docker daemon answering on its socket, and the test image (with ``/bin/bash``) present locally.

Configuration
-------------

``remove_after_test`` says whether to remove the container made by the test. ``docker_timeout``
bounds each docker command. ``second_run_exit_status`` and ``conflict_message`` state how the second
run must fail (today's docker: 125 and ``is already in use``).
"""

from dockertest import dockercalls, naming, subtest
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputGood, OutputNotBad


class run_twice(subtest.Subtest):
    """Runs a named container twice; the second run must be refused."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['name'] = self.cleanups.container(naming.unique_name('run_twice', 12))
        self.stuff['subargs'] = [f'--name={self.stuff["name"]}', Options(self).image(), '/bin/bash', '-c', 'echo test']

    def run_once(self):
        super().run_once()
        first = NoFailDockerCmd(self, 'run', self.stuff['subargs'], raw_subargs=True).execute()
        self.stuff['first'] = first
        self.stuff['second'] = dockercalls.run(self, 'run', *self.stuff['subargs'])

    def postprocess(self):
        super().postprocess()
        first, second = self.stuff['first'], self.stuff['second']
        self.failif(not OutputGood(first, ignore_error=True), f'First run output not good: {OutputGood(first, True)}')
        self.failif_not_in('test', first.stdout, "the first run's output")
        self.failif(
            second.exit_status == 0,
            f'Second run with the name {self.stuff["name"]} of an existing container succeeded: '
            f'stdout {second.stdout!r}, stderr {second.stderr!r}',
        )
        self.failif_ne(
            second.exit_status,
            self.config['second_run_exit_status'],
            'Exit status of the second run with the same name',
        )
        self.failif_not_in(self.config['conflict_message'], second.stderr, "the second run's stderr")
        bad = OutputNotBad(second, ignore_error=True)
        self.failif(not bad, f'Second run output shows a crash: {bad}')
