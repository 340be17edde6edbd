"""
Summary
-------

Several variations of running the ``docker stop`` command: a container that finishes on SIGTERM, one
that ignores it and is killed when the grace period ends, one that has already exited, and a stop
with no grace period at all.

Operational Summary
-------------------

#. Each sub-subtest starts, in the background, ``docker run <run_options_csv> --name <unique>
   <test image> sh -c <exec_cmd>`` and waits (polling, up to ``wait_start`` seconds) until the
   container prints ``Started`` (or, for ``stopped``, until it has exited).
#. ``docker stop <stop_options_csv> <name>`` runs and is timed.
#. Checks: ``docker stop`` exits 0 without a panic; ``check_stdout`` is in the container's output
   (absent with ``check_output_inverted``); the stop took ``stop_duration`` seconds, give or take
   ``stop_duration_tolerance``; the container's exit status, as the attached ``docker run`` reports
   it, is ``docker_exit_code``.
#. Cleanup removes the container (``docker rm --force --volumes``) whatever happened.

Sub-subtests: ``nice`` (traps SIGTERM and exits 0), ``force`` (ignores SIGTERM, so docker kills it
when ``--time`` runs out), ``stopped`` (the container has already exited) and ``zerotime``
(``--time=0``: killed at once, its slow SIGTERM handler never prints).

Today's docker differs from 2014's: a container killed by docker exits 137 (128 + SIGKILL), not
255, and ``docker_exit_code`` is checked exactly for each variant instead of "0 or 255". The
default grace period is 4 s instead of 10 s, to keep the suite fast; ``stop_duration`` follows it.
The container runs busybox ``sh`` (the original used bash), and its loop is
``sleep 1 & wait`` so a signal is handled at once instead of after the running sleep.

Prerequisites
-------------

* The test image (``docker_registry_host``/``docker_registry_user``/``docker_repo_name``/
  ``docker_repo_tag``), with a busybox ``sh``.
* A healthy daemon; timings hold on a loaded two-core machine with the default tolerance.

Configuration
-------------

* ``top_name_prefix``: prefix of the container name, followed by random characters (the seed
  page's name for it).
* ``run_options_csv``: the ``docker run`` options; ``stop_options_csv``: the ``docker stop`` options.
* ``exec_cmd``: the container's command (a ``sh -c`` script); it must print ``Started`` when ready.
* ``wait_start``: seconds to wait for the container to be ready.
* ``check_stdout`` and ``check_output_inverted``: the text expected (or forbidden) in its output.
* ``stop_duration`` and ``stop_duration_tolerance``: the expected ``docker stop`` duration, +- 2 s
  by default.
* ``docker_exit_code``: the container's expected exit status.
* ``remove_after_test``: remove the container in cleanup.
"""

from dockertest import naming, polling, subtest
from dockertest.dockercmd import AsyncDockerCmd, DockerCmd
from dockertest.options import Options
from dockertest.output import mustpass


class stop(subtest.SubSubtestCaller):
    """Runs the ``docker stop`` variations named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class stop_base(subtest.SubSubtest):
    """Start a container in the background, stop it, check the stop and how the container ended."""

    def initialize(self):
        super().initialize()
        cfg = self.config
        name = self.cleanups.container(naming.unique_name(str(cfg['top_name_prefix'])))
        self.sub_stuff['name'] = name
        subargs = [*Options(self).list('run_options_csv'), f'--name={name}']
        subargs += [Options(self).image(), 'sh', '-c', str(cfg['exec_cmd'])]
        run = AsyncDockerCmd(self, 'run', subargs, raw_subargs=True)
        self.sub_stuff['run'] = run
        run.execute()
        self.wait_ready(run, float(cfg['wait_start']))

    def wait_ready(self, run, timeout):
        """Wait until the container printed ``Started``."""
        polling.wait_until(
            lambda: 'Started' in run.stdout,
            timeout,
            f'container {self.sub_stuff["name"]} to print "Started"',
            interval=0.1,
            last=lambda: f'docker run exit status {run.exit_status}; stdout {run.stdout!r}; stderr {run.stderr!r}',
        )

    def run_once(self):
        super().run_once()
        subargs = [*Options(self).list('stop_options_csv'), self.sub_stuff['name']]
        self.sub_stuff['stop'] = DockerCmd(self, 'stop', subargs).execute()
        self.sub_stuff['run_result'] = self.sub_stuff['run'].wait(float(self.config['docker_timeout']))

    def postprocess(self):
        super().postprocess()
        cfg = self.config
        stop_result, run_result = self.sub_stuff['stop'], self.sub_stuff['run_result']
        mustpass(stop_result, 'docker stop')
        self.failif(
            run_result.exit_status is None,
            f'docker run of {self.sub_stuff["name"]} still runs after docker stop returned',
        )
        expected = str(cfg['check_stdout'])
        if cfg['check_output_inverted']:
            self.failif(expected in run_result.stdout, f'{expected!r} unexpectedly in the container output')
        else:
            self.failif_not_in(expected, run_result.stdout, 'the container output')
        want, tolerance = float(cfg['stop_duration']), float(cfg['stop_duration_tolerance'])
        self.loginfo('docker stop took %.2f s (expected %g +- %g s)', stop_result.duration, want, tolerance)
        self.failif(
            abs(stop_result.duration - want) > tolerance,
            f'docker stop took {stop_result.duration:.2f} s; expected {want:g} +- {tolerance:g} s',
        )
        self.failif_ne(run_result.exit_status, int(cfg['docker_exit_code']), 'exit status of the stopped container')

    def cleanup(self):
        run = self.sub_stuff.get('run')
        if run is not None and run.executed and run.exit_status is None:
            run.kill(9)
        super().cleanup()  # removes the container (the cleanup registry)


class nice(stop_base):
    """The container traps SIGTERM and exits 0 at once."""


class force(stop_base):
    """The container ignores SIGTERM; docker kills it when the grace period ends."""


class stopped(stop_base):
    """The container has already exited when it is stopped."""

    def wait_ready(self, run, timeout):
        super().wait_ready(run, timeout)
        self.failif(run.wait(timeout).exit_status is None, f'container {self.sub_stuff["name"]} did not exit')


class zerotime(stop_base):
    """``--time=0``: docker kills the container at once."""
