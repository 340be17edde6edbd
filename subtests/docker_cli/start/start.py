"""
Summary
-------

Several variations of using the ``docker start`` command: on a missing container, on a running one,
on a killed one, and on a short-lived one whose output is attached.

Operational Summary
-------------------

Each sub-subtest runs ``docker run --detach <run_options_csv> --name <unique> <test image> sh -c
<run_cmd>`` and then:

* ``simple``: ``docker start`` of an unused name must fail with ``missing_msg``; ``docker start`` of
  the running container must give ``docker_expected_result`` and leave the running process alone;
  after ``docker kill``, ``docker start`` must pass and the logs must show ``STARTED`` twice.
* ``short_term_app``: once the command has finished (``check_if_cmd_finished``), ``docker start
  --attach`` must exit 0 and print ``expected_output`` again.
* ``long_term_app``: after ``docker kill``, ``docker start`` must pass and the container must be
  running again.
* ``rerun_long_term_app``: ``docker start`` of the running container must give
  ``docker_expected_result``, and the container must still be the same run (same ``StartedAt``).

Cleanup removes the container (``docker rm --force --volumes``) when ``remove_after_test`` is set.

Today's docker differs from 2014's: ``docker start`` of a running container succeeds (exit 0,
printing its name) instead of failing with "is already running", so ``docker_expected_result`` is
PASS for it; the test checks instead that nothing was restarted. The commands run under busybox
``sh`` (the test image has no bash), and ``ping`` is replaced by a shell loop (no network).

Prerequisites
-------------

* The test image, with a busybox ``sh``.

Configuration
-------------

* ``run_options_csv``: the ``docker run`` options (``--detach`` is always added).
* ``container_name_prefix``: prefix of the container name, followed by random characters.
* ``remove_after_test``: remove the container in cleanup.
* ``run_cmd``: the container command; ``docker_attach`` and ``docker_interactive``: add
  ``--attach``/``--interactive`` to ``docker start``.
* ``docker_expected_result``: PASS or FAIL, the expected result of the start being tested.
* ``docker_start_timeout``, ``docker_run_timeout``: seconds the start and run commands may take.
* ``check_if_cmd_finished``: wait for the container's command to end before starting it again.
* ``expected_output``: text the attached start must print; ``missing_msg``: the error for a missing
  container; ``wait_start``: seconds to wait for ``STARTED`` in the logs.
"""

from dockertest import naming, polling, subtest
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputNotBad, mustpass


class start(subtest.SubSubtestCaller):
    """Runs the ``docker start`` variations named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class start_base(subtest.SubSubtest):
    """Run a container to start again; helpers for the variations."""

    def initialize(self):
        super().initialize()
        cfg = self.config
        name = self.cleanups.container(naming.unique_name(str(cfg['container_name_prefix'])))
        self.sub_stuff['name'] = name
        subargs = ['--detach', *Options(self).list('run_options_csv'), f'--name={name}']
        subargs += [Options(self).image(), 'sh', '-c', str(cfg['run_cmd'])]
        NoFailDockerCmd(self, 'run', subargs, timeout=float(cfg['docker_run_timeout']), raw_subargs=True).execute()
        if cfg['check_if_cmd_finished']:
            NoFailDockerCmd(self, 'wait', [name]).execute()
        else:
            self.wait_started(1)

    def logs(self):
        """The container's output so far."""
        return NoFailDockerCmd(self, 'logs', [self.sub_stuff['name']]).execute().stdout

    def wait_started(self, count):
        """Wait until the logs show ``STARTED`` ``count`` times."""
        polling.wait_until(
            lambda: self.logs().count('STARTED') >= count,
            float(self.config['wait_start']),
            f'container {self.sub_stuff["name"]} to log STARTED {count} time(s)',
            last=self.logs,
        )

    def inspect(self, template):
        """One ``docker inspect --format`` value of the container."""
        return (
            NoFailDockerCmd(self, 'inspect', [f'--format={template}', self.sub_stuff['name']]).execute().stdout.strip()
        )

    def docker_start(self, name=None):
        """``docker start`` (with ``--attach``/``--interactive`` as configured) of the container or ``name``."""
        options = ['--attach'] if self.config['docker_attach'] else []
        options += ['--interactive'] if self.config['docker_interactive'] else []
        target = name or self.sub_stuff['name']
        return DockerCmd(
            self, 'start', [*options, target], timeout=float(self.config['docker_start_timeout'])
        ).execute()

    def check_expected(self, result, what):
        """The start gave ``docker_expected_result``."""
        if str(self.config['docker_expected_result']).upper() == 'PASS':
            mustpass(result, what)
        else:
            OutputNotBad(result)
            self.failif(result.exit_status == 0, f'{what} passed; expected it to fail')

    def kill(self):
        """Kill the container and wait until it has exited."""
        NoFailDockerCmd(self, 'kill', [self.sub_stuff['name']]).execute()
        NoFailDockerCmd(self, 'wait', [self.sub_stuff['name']]).execute()


class simple(start_base):
    """A missing container, a running one, then a killed one."""

    def run_once(self):
        super().run_once()
        missing = naming.unique_name('missing', 12)
        result = self.docker_start(missing)
        OutputNotBad(result)
        self.failif(result.exit_status == 0, f'docker start of the missing container {missing} passed')
        self.failif_not_in(str(self.config['missing_msg']), result.stderr, 'the docker start error')
        started_at = self.inspect('{{.State.StartedAt}}')
        self.check_expected(self.docker_start(), 'docker start of a running container')
        self.failif_ne(self.inspect('{{.State.StartedAt}}'), started_at, 'StartedAt after starting a running container')
        self.kill()
        mustpass(self.docker_start(), 'docker start of a killed container')
        self.wait_started(2)


class short_term_app(start_base):
    """A finished command is started again with its output attached."""

    def run_once(self):
        super().run_once()
        self.sub_stuff['result'] = self.docker_start()

    def postprocess(self):
        super().postprocess()
        result = self.sub_stuff['result']
        self.check_expected(result, 'docker start --attach of a finished container')
        self.failif_not_in(str(self.config['expected_output']), result.stdout, 'the attached output')


class long_term_app(start_base):
    """A killed long-running container is started again."""

    def run_once(self):
        super().run_once()
        self.kill()
        self.sub_stuff['result'] = self.docker_start()

    def postprocess(self):
        super().postprocess()
        self.check_expected(self.sub_stuff['result'], 'docker start of a killed container')
        self.failif_ne(self.inspect('{{.State.Running}}'), 'true', 'container running after docker start')
        self.wait_started(2)


class rerun_long_term_app(start_base):
    """A running container is started again: nothing may change."""

    def run_once(self):
        super().run_once()
        self.sub_stuff['started_at'] = self.inspect('{{.State.StartedAt}}')
        self.sub_stuff['result'] = self.docker_start()

    def postprocess(self):
        super().postprocess()
        self.check_expected(self.sub_stuff['result'], 'docker start of a running container')
        self.failif_ne(self.inspect('{{.State.Running}}'), 'true', 'container running after docker start')
        self.failif_ne(
            self.inspect('{{.State.StartedAt}}'), self.sub_stuff['started_at'], 'StartedAt after a second start'
        )
