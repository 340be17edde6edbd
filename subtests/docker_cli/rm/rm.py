"""
Summary
-------

Runs a container and removes it with ``docker rm`` in two ways: after it finished, and forcibly
while it runs.

Operational Summary
-------------------

Each sub-subtest (``subsubtests``) runs, in the background and attached,
``docker run --name <random> --volume <tmpdir>:/workdir <run_options_csv> <test image> /bin/bash -c
'<trap listen_signal: write /workdir/stop and exit 0; write /workdir/ready; loop>'`` and waits up to
``wait_start`` seconds for the ready file to appear in its temporary directory. Then:

#. ``finished``: ``docker kill --signal <listen_signal>``; the container must exit within
   ``wait_stop`` seconds, then ``docker rm <rm_options_csv>`` removes it.
#. ``forced``: ``docker rm <rm_options_csv>`` (``--force``) while it runs.

Both then check: ``docker rm`` exited 0; the run client ended within ``wait_stop`` seconds with the
expected ``exit_status`` (0 after the trap; 137 after the forced removal's SIGKILL); the container's
process is gone from the host; ``docker inspect`` and ``docker commit`` of the removed container
fail; the ready file in the volume is intact; and the stop file exists exactly when
``stop_expected``.

The original failed at start when any container at all was running, and in the end required every
container of the engine to have exited; this subtest judges only its own containers, so it can share
an engine. Its waits are upper bounds of polls, not sleeps.

Prerequisites
-------------

A docker daemon answering on its socket, on this host (the container's process is looked up in the
host's process table), and the test image (with ``/bin/bash``) present locally.

Configuration
-------------

``listen_signal`` is the signal the container traps. ``wait_start`` and ``wait_stop`` bound, in
seconds, the waits for the container to be ready and to end. ``run_options_csv`` adds options to
``docker run``; ``rm_options_csv`` gives the options of ``docker rm``. Per sub-subtest,
``exit_status`` is the container's expected exit status and ``stop_expected`` whether the trap must
have written its stop file. ``remove_after_test`` says whether ``cleanup()`` removes what is left.
"""

import os

from dockertest import naming, polling, subtest
from dockertest.dockercmd import AsyncDockerCmd, DockerCmd, NoFailDockerCmd
from dockertest.options import Options

SCRIPT = (
    "trap 'echo stopped > /workdir/stop; exit 0' {signal}; echo ready > /workdir/ready; while :; do sleep 0.1; done"
)


class rm(subtest.SubSubtestCaller):
    """Runs the ``finished`` and ``forced`` removals."""

    version = '0.9.0'


class rm_base(subtest.SubSubtest):
    """Runs the trapping container; subclasses end and remove it in ``remove()``."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['name'] = self.cleanups.container(naming.unique_name('rm', 12))
        os.chmod(self.tmpdir, 0o777)
        signal = str(self.config['listen_signal'])
        subargs = [f'--name={self.sub_stuff["name"]}', f'--volume={self.tmpdir}:/workdir']
        subargs += Options(self).list('run_options_csv')
        subargs += [Options(self).image(), '/bin/bash', '-c', SCRIPT.format(signal=signal)]
        self.sub_stuff['run'] = AsyncDockerCmd(self, 'run', subargs, raw_subargs=True)

    def poll(self, bound, check, what):
        """Poll ``check()`` every 0.1 s until it holds.

        Raises:
            DockerTestFail: ``bound`` seconds passed first; the message names ``what``.
        """
        polling.wait_until(check, float(bound), what, interval=0.1, last=lambda: 'not yet')

    def run_once(self):
        super().run_once()
        name, run = self.sub_stuff['name'], self.sub_stuff['run']
        run.execute()
        ready = os.path.join(self.tmpdir, 'ready')
        self.poll(
            self.config['wait_start'], lambda: os.path.exists(ready), f'container {name} to be ready (wait_start)'
        )
        inspect = NoFailDockerCmd(self, 'inspect', ['--format', '{{.State.Pid}}', name], raw_subargs=True).execute()
        self.sub_stuff['pid'] = int(inspect.stdout.strip())
        self.remove()
        self.poll(self.config['wait_stop'], lambda: run.exit_status is not None, f'docker run of {name} to end')
        self.sub_stuff['run_result'] = run.wait()

    def rm_command(self):
        """``docker rm <rm_options_csv> <name>``, run to completion."""
        options = Options(self).list('rm_options_csv')
        return DockerCmd(self, 'rm', [*options, self.sub_stuff['name']]).execute()

    def remove(self):
        """End and remove the container; subclasses define how."""
        raise NotImplementedError

    def postprocess(self):
        super().postprocess()
        name, removed = self.sub_stuff['name'], self.sub_stuff['rm']
        self.failif_ne(removed.exit_status, 0, f'Exit status of {removed.command} (stderr {removed.stderr!r})')
        self.failif_ne(self.sub_stuff['run_result'].exit_status, self.config['exit_status'], f'Exit status of {name}')
        try:
            os.kill(self.sub_stuff['pid'], 0)
            alive = True
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        self.failif(alive, f'Process {self.sub_stuff["pid"]} of removed container {name} is still alive')
        gone = DockerCmd(self, 'inspect', [name]).execute()
        self.failif(gone.exit_status == 0, f'Container {name} still exists after docker rm: inspect succeeded')
        committed = DockerCmd(self, 'commit', [name]).execute()
        self.failif(committed.exit_status == 0, f'docker commit of removed container {name} succeeded')
        self.failif(
            not os.path.isfile(os.path.join(self.tmpdir, 'ready')), f'Volume content of {name} lost: no ready file'
        )
        stopped = os.path.isfile(os.path.join(self.tmpdir, 'stop'))
        self.failif_ne(stopped, bool(self.config['stop_expected']), f'Stop file written by the trap of {name}')

    def cleanup(self):
        super().cleanup()  # removes the container (the cleanup registry)
        run = self.sub_stuff.get('run')
        if run is not None and run.executed and run.exit_status is None:
            run.kill(9)


class finished(rm_base):
    """Signals the container, lets it exit, then removes it."""

    def remove(self):
        name = self.sub_stuff['name']
        NoFailDockerCmd(self, 'kill', [f'--signal={self.config["listen_signal"]}', name]).execute()
        run = self.sub_stuff['run']
        signal = self.config['listen_signal']
        self.poll(
            self.config['wait_stop'], lambda: run.exit_status is not None, f'container {name} to exit on {signal}'
        )
        self.sub_stuff['rm'] = self.rm_command()


class forced(rm_base):
    """Removes the container while it runs."""

    def remove(self):
        self.sub_stuff['rm'] = self.rm_command()
