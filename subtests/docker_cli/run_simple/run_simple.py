"""
Summary
-------

Simple sub-subtests of ``docker run``: exit status, signal pass-through, standard input, attaching
and detaching, and running a retagged image without pulling it.

Operational Summary
-------------------

Each sub-subtest runs ``docker run <run_options_csv> --name <random> <test image> <bash_cmd> <cmd>``
and checks the run's exit status (``exit_status``), that its output shows no Go panic, that
``check_i_cmd_out`` (when set) is in its standard output and that ``check_not_i_cmd_out`` (when set)
is in none of its output:

#. ``run_true`` / ``run_false``: ``/bin/true`` exits 0, ``/bin/false`` exits 1.
#. ``run_signal``: the container traps ``listen_signal`` and prints ``secret_sauce``; once that is
   seen (within ``wait_start`` seconds), ``listen_signal`` is sent to the docker client, which
   forwards it (sig-proxy); the container's trap prints a message and exits 0.
#. ``run_interactive``: ``--interactive`` with ``/bin/bash`` reading commands from standard input,
   fed ``interactive_cmd``; its output must appear.
#. ``run_interactive_disconnect``: ``--detach --interactive`` with ``cat``; ``docker attach
   <attach_options_csv>`` is fed ``interactive_cmd``, which must come back (in the container's logs)
   within ``wait_interactive_cmd`` seconds; the attach client is then killed, and the container must
   still be running.
#. ``run_attach_stdout``: ``--attach=stdout``: the container writes ``check_i_cmd_out`` to its
   standard output and ``check_not_i_cmd_out`` to its standard error; only the first may reach the
   client, while ``docker logs`` must show both.
#. ``run_remote_tag``: a private copy of ``missing_remote_tag`` (a loopback-registry image present
   locally, never a bare ``busybox``), named ``localhost:5000/dockertest-test/<random>:old`` with
   ``docker image tag``, is run, tagged ``localhost:5000/dockertest-test/<random>:tag`` with
   ``docker tag`` and removed with ``docker rmi``; running the new name must then succeed without
   pulling (no ``Unable to find image`` or ``Pulling``), and the new name must exist. The shared name
   itself is never untagged, so other subtests may use it meanwhile; the cleanup registry removes
   both private names.

Fitted to today's docker: ``--foreground`` no longer exists and ``--tty`` is left out (standard
input is a pipe, and a terminal would merge the streams); ``--interactive`` now always attaches
standard input, so 2014's check that text written to ``run --interactive --attach=stdout`` is *not*
forwarded became the ``--attach=stdout`` stream check above. The sub-subtests run one after another
(2014: stage by stage). The command runner
feeds standard input at start and then closes it; that is all these checks need (``attach`` keeps a
container's standard input open when its own input ends).

Prerequisites
-------------

A docker daemon answering on its socket, and the test images (with ``/bin/bash``, ``/bin/true``,
``/bin/false`` and ``cat``) present locally, ``missing_remote_tag`` among them.

Configuration
-------------

``run_options_csv`` (CSV of ``docker run`` options), ``bash_cmd`` (CSV: the shell and its flag),
``cmd`` and ``exit_status`` apply to every sub-subtest and are overridden in their sections.
``remove_after_test`` says whether ``cleanup()`` removes the containers and images made. The test
image comes from ``docker_repo_name``, ``docker_repo_tag``, ``docker_registry_host`` and
``docker_registry_user`` (copy ``config_defaults/defaults.ini`` to ``config_custom/defaults.ini`` to
change them). The other options belong to the sub-subtests named above.
"""

import re
import signal

from dockertest import naming, polling, subtest, xceptions
from dockertest.dockercmd import AsyncDockerCmd, DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputNotBad, wait_for_output


class run_simple(subtest.SubSubtestCaller):
    """Runs the ``docker run`` sub-subtests one after another."""

    version = '0.9.0'
    failure_details = True


class run_base(subtest.SubSubtest):
    """Runs ``docker run`` once to completion and checks its exit status and output."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['name'] = self.cleanups.container(naming.unique_name('run_simple', 12))
        self.sub_stuff['image'] = Options(self).image()

    def run_args(self, image=None):
        """The arguments of ``docker run``: options, name, image, shell and command."""
        options = Options(self).list('run_options_csv')
        shell = Options(self).list('bash_cmd')
        image = image or self.sub_stuff['image']
        return [*options, f'--name={self.sub_stuff["name"]}', image, *shell, str(self.config['cmd'])]

    def text(self, option):
        """The option's value as text, empty when unset."""
        value = self.config.get(option)
        return '' if value is None else str(value)

    def run_once(self):
        super().run_once()
        stdin = self.text('interactive_cmd') + '\n' if self.text('interactive_cmd') else None
        self.sub_stuff['result'] = DockerCmd(self, 'run', self.run_args(), raw_subargs=True).execute(stdin)

    def postprocess(self):
        super().postprocess()
        result = self.sub_stuff['result']
        self.failif_ne(result.exit_status, self.config['exit_status'], f'Exit status of {result.command}')
        bad = OutputNotBad(result, ignore_error=True)
        self.failif(not bad, f'Output of {result.command} shows a crash: {bad}')
        if self.text('check_i_cmd_out'):
            self.failif_not_in(self.text('check_i_cmd_out'), result.stdout, f'the output of {result.command}')
        unwanted = self.text('check_not_i_cmd_out')
        self.failif(
            bool(unwanted) and unwanted in result.stdout + result.stderr,
            f'{unwanted!r} reached the client of {result.command}: {result.stdout!r} {result.stderr!r}',
        )


class run_true(run_base):
    """``/bin/true`` exits 0."""


class run_false(run_base):
    """``/bin/false`` exits 1."""


class run_interactive(run_base):
    """Commands fed to ``/bin/bash`` through ``docker run --interactive`` are run."""


class run_signal(run_base):
    """A signal sent to the docker client reaches the container."""

    def run_once(self):
        subtest.SubSubtest.run_once(self)
        run = AsyncDockerCmd(self, 'run', self.run_args(), raw_subargs=True)
        self.sub_stuff['run'] = run
        run.execute()
        sauce = self.text('secret_sauce')
        polling.wait_until(
            lambda: sauce in run.stdout,
            float(self.config['wait_start']),
            f'the container to print {sauce!r} (wait_start)',
            last=lambda: f'stdout {run.stdout!r}; stderr {run.stderr!r}',
        )
        run.kill(int(signal.Signals[str(self.config['listen_signal'])]))
        self.sub_stuff['result'] = run.wait()

    def cleanup(self):
        super().cleanup()
        run = self.sub_stuff.get('run')
        if run is not None and run.executed and run.exit_status is None:
            run.kill(9)


class run_attach_stdout(run_base):
    """With ``--attach=stdout`` only the container's standard output reaches the client."""

    def postprocess(self):
        super().postprocess()
        logs = NoFailDockerCmd(self, 'logs', [self.sub_stuff['name']]).execute()
        for option in ('check_i_cmd_out', 'check_not_i_cmd_out'):
            self.failif_not_in(self.text(option), logs.stdout + logs.stderr, "the container's logs")


class run_interactive_disconnect(run_base):
    """Text fed through ``docker attach`` reaches a detached container, which outlives the attach."""

    def run_once(self):
        subtest.SubSubtest.run_once(self)
        name = self.sub_stuff['name']
        NoFailDockerCmd(self, 'run', self.run_args(), raw_subargs=True).execute()
        options = Options(self).list('attach_options_csv')
        attach = AsyncDockerCmd(self, 'attach', [*options, name])
        self.sub_stuff['attach'] = attach
        attach.execute(self.text('interactive_cmd') + '\n')
        logs = lambda: DockerCmd(self, 'logs', [name]).execute().stdout
        self.sub_stuff['echoed'] = wait_for_output(
            logs, re.escape(self.text('check_i_cmd_out')), float(self.config['wait_interactive_cmd'])
        )
        # Killed outright: the 28.x client does not end promptly on SIGTERM (seen to take 10 s and more).
        attach.kill(9)
        attach.wait(10)
        running = NoFailDockerCmd(self, 'inspect', ['--format', '{{.State.Running}}', name], raw_subargs=True)
        self.sub_stuff['running'] = running.execute().stdout.strip()

    def postprocess(self):
        subtest.SubSubtest.postprocess(self)
        name = self.sub_stuff['name']
        self.failif(
            not self.sub_stuff['echoed'],
            f'{self.text("check_i_cmd_out")!r} fed through docker attach did not reach {name} within '
            f'wait_interactive_cmd',
        )
        self.failif_ne(self.sub_stuff['running'], 'true', f'Container {name} running after the attach client ended')

    def cleanup(self):
        super().cleanup()
        attach = self.sub_stuff.get('attach')
        if attach is not None and attach.executed and attach.exit_status is None:
            attach.kill(9)


class run_remote_tag(run_base):
    """A retagged image runs under its new name without a pull once its old name is removed."""

    def image_id(self, name):
        """The id of image ``name``, or None when there is none."""
        result = DockerCmd(self, 'image', ['inspect', '--format', '{{.Id}}', name], raw_subargs=True).execute()
        return result.stdout.strip() if result.exit_status == 0 else None

    def initialize(self):
        super().initialize()
        shared = self.text('missing_remote_tag')
        if not shared.startswith(('localhost:', '127.0.0.1:')) or shared.count('/') < 1:
            raise xceptions.DockerTestError(
                f'[{self.config_section}] missing_remote_tag {shared!r} must name a loopback-registry image'
            )
        if self.image_id(shared) is None:
            raise xceptions.DockerTestNAError(f'missing_remote_tag {shared} is not present locally')
        old = self.cleanups.image(f'localhost:5000/dockertest-test/{naming.unique_name("tag", 12)}:old')
        NoFailDockerCmd(self, 'image', ['tag', shared, old], raw_subargs=True).execute()
        self.sub_stuff['old'] = old
        self.sub_stuff['new'] = f'localhost:5000/dockertest-test/{naming.unique_name("tag", 12)}:tag'

    def run_once(self):
        subtest.SubSubtest.run_once(self)
        old, new = self.sub_stuff['old'], self.cleanups.image(self.sub_stuff['new'])
        NoFailDockerCmd(self, 'run', ['--rm', old, '/bin/true'], raw_subargs=True).execute()
        NoFailDockerCmd(self, 'tag', [old, new], raw_subargs=True).execute()
        NoFailDockerCmd(self, 'rmi', [old], raw_subargs=True).execute()
        self.sub_stuff['result'] = DockerCmd(self, 'run', self.run_args(new), raw_subargs=True).execute()

    def postprocess(self):
        super().postprocess()
        result, new = self.sub_stuff['result'], self.sub_stuff['new']
        for pulling in ('Unable to find image', 'Pulling'):
            self.failif(pulling in result.stdout + result.stderr, f'Running {new} tried to pull it: {result.stderr!r}')
        self.failif(self.image_id(new) is None, f'Retagged image {new} does not exist')
