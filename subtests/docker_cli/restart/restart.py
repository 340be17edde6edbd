"""
Summary
-------

Several variations of running the ``docker restart`` command, each followed by ``docker stop``: a
container that finishes on SIGTERM, one that ignores it, one that has already exited, and both
commands with no grace period.

Operational Summary
-------------------

#. Each sub-subtest runs ``docker run --detach <run_options_csv> --name <unique> <test image> sh -c
   <exec_cmd>`` and polls ``docker logs`` (up to ``check_timeout`` seconds) until the
   ``start_check`` lines have appeared, in order.
#. ``docker restart <restart_options_csv> <name>`` runs and is timed; the logs must then show the
   ``restart_check`` lines in order, and no ``restart_badcheck`` line.
#. ``docker stop <stop_options_csv> <name>`` runs and is timed; the logs must then show the
   ``stop_check`` lines in order, no ``stop_badcheck`` line, and the container must not be running.
#. Both commands exit 0 without a panic and take ``restart_duration``/``stop_duration`` seconds, give
   or take ``restart_duration_tolerance``/``stop_duration_tolerance``.
#. Cleanup removes the container (``docker rm --force --volumes``) whatever happened.

Sub-subtests: ``nice`` (traps SIGTERM and exits), ``force`` (ignores SIGTERM and is killed when
``--time`` runs out), ``stopped`` (the container has exited before the restart) and ``zerotime``
(``--time=0``: killed at once, its slow SIGTERM handler never prints).

Compared with 2014: the default grace period is 4 s instead of 10 s, to keep the suite fast, and
the durations follow it; the container runs busybox ``sh`` (the original used bash). ``docker
logs`` of a restarted container shows the output of every run, so the checks are cumulative.

Prerequisites
-------------

* The test image, with a busybox ``sh``.
* A healthy daemon; timings hold on a loaded two-core machine with the default tolerances.

Configuration
-------------

* ``restart_name_prefix``: prefix of the container name, followed by random characters.
* ``run_options_csv``, ``restart_options_csv``, ``stop_options_csv``: options of each command.
* ``exec_cmd``: the container's command (a ``sh -c`` script).
* ``start_check``, ``restart_check``, ``stop_check``: ``\\n``-separated lines that must be present,
  in this order, after each stage; ``restart_badcheck``, ``stop_badcheck``: ``\\n``-separated lines
  that must not be.
* ``check_timeout``: seconds to poll the logs for the expected lines.
* ``wait_for_exit``: wait until the container has exited before the restart.
* ``restart_duration``, ``stop_duration``: expected durations; ``restart_duration_tolerance``,
  ``stop_duration_tolerance``: allowed differences (+- 3 s, the seed's).
* ``remove_after_test``: remove the container in cleanup.
"""

from dockertest import config, naming, polling, subtest
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import mustpass


def check_lines(option_value):
    """The lines of a ``\\n``-separated check option (empty items dropped)."""
    return config.get_as_list(str(option_value).replace('\\n', '\n'), sep='\n')


def missing_in_order(lines, expected):
    """The first of the ``expected`` lines not found, in order, among ``lines`` (None when all are)."""
    position = 0
    for want in expected:
        found = next((i for i in range(position, len(lines)) if want in lines[i]), None)
        if found is None:
            return want
        position = found + 1
    return None


class restart(subtest.SubSubtestCaller):
    """Runs the ``docker restart`` variations named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class restart_base(subtest.SubSubtest):
    """Run a container, restart it, stop it, and check its logs and the durations after each step."""

    def initialize(self):
        super().initialize()
        cfg = self.config
        name = self.cleanups.container(naming.unique_name(str(cfg['restart_name_prefix'])))
        self.sub_stuff['name'] = name
        subargs = ['--detach', *Options(self).list('run_options_csv'), f'--name={name}']
        subargs += [Options(self).image(), 'sh', '-c', str(cfg['exec_cmd'])]
        NoFailDockerCmd(self, 'run', subargs, raw_subargs=True).execute()
        self.check_logs('start')
        if cfg['wait_for_exit']:
            NoFailDockerCmd(self, 'wait', [name]).execute()

    def logs(self):
        """The container's output so far, as lines."""
        result = DockerCmd(self, 'logs', [self.sub_stuff['name']]).execute()
        return (result.stdout + result.stderr).splitlines()

    def check_logs(self, stage):
        """Poll the logs until the ``<stage>_check`` lines are there in order, then look for bad lines."""
        expected = check_lines(self.config[f'{stage}_check'])
        seen = {}

        def in_order():
            seen['lines'] = self.logs()
            seen['missing'] = missing_in_order(seen['lines'], expected)
            return seen['missing'] is None

        polling.wait_until(
            in_order,
            float(self.config['check_timeout']),
            f'after {stage}: every line of {stage}_check in the container logs, in order,',
            last=lambda: f'line {seen["missing"]!r} missing from the logs {seen["lines"]!r}',
        )
        lines = seen['lines']
        bad = [b for b in check_lines(self.config.get(f'{stage}_badcheck', '')) if any(b in line for line in lines)]
        self.failif(bad, f'after {stage}: {stage}_badcheck line(s) {bad!r} in the container logs: {lines!r}')

    def timed(self, command):
        """Run ``docker restart`` or ``docker stop`` with its options; check it passed and its duration."""
        subargs = [*Options(self).list(f'{command}_options_csv'), self.sub_stuff['name']]
        result = mustpass(DockerCmd(self, command, subargs).execute(), f'docker {command}')
        want = float(self.config[f'{command}_duration'])
        tolerance = float(self.config[f'{command}_duration_tolerance'])
        self.loginfo('docker %s took %.2f s (expected %g +- %g s)', command, result.duration, want, tolerance)
        self.failif(
            abs(result.duration - want) > tolerance,
            f'docker {command} took {result.duration:.2f} s; expected {want:g} +- {tolerance:g} s',
        )

    def run_once(self):
        super().run_once()
        self.timed('restart')
        self.check_logs('restart')
        self.timed('stop')
        self.check_logs('stop')

    def postprocess(self):
        super().postprocess()
        name = self.sub_stuff['name']
        state = NoFailDockerCmd(self, 'inspect', ['--format={{.State.Running}}', name]).execute().stdout.strip()
        self.failif_ne(state, 'false', f'container {name} running after docker stop')


class nice(restart_base):
    """The container traps SIGTERM and exits at once."""


class force(restart_base):
    """The container ignores SIGTERM; docker kills it when the grace period ends."""


class stopped(restart_base):
    """The container has exited before it is restarted."""


class zerotime(restart_base):
    """``--time=0``: docker kills the container at once."""
