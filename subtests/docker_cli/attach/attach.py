"""
Summary
-------

Checks ``docker attach``: the output of a running container reaches the attached client,
``--detach-keys`` detaches the client and leaves the container running, and attaching to a stopped
container fails.

Operational Summary
-------------------

Each sub-subtest starts its own container of the test image (``docker run --detach``, unique name,
registered for cleanup) whose shell prints ``tick-<N>`` every ``tick_interval`` seconds, then:

#. ``output``: ``docker attach --no-stdin <name>`` runs in the background; within
   ``attach_timeout`` seconds it shows ``min_ticks`` ticks, numbered one after the other. The client is
   then killed with SIGKILL (which it cannot pass on), and the container is still running.
#. ``detach_keys``: the container has a terminal and an open standard input (``--tty
   --interactive``); ``docker attach --detach-keys <detach_keys>`` runs on a pseudo-terminal; once a
   tick has reached it, the keys (``detach_bytes``) are typed. The client must print
   ``detached_msg`` and exit with one of ``detach_statuses`` within ``attach_timeout`` seconds, and
   the container must still be running.
#. ``stopped``: after ``docker kill`` and ``docker wait``, ``docker attach`` fails (non-zero) with
   ``stopped_msg``.
#. Cleanup kills any client left and removes each container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh`` and ``sleep``.
* Pseudo-terminals on the host (``/dev/ptmx``), for ``detach_keys``.

Configuration
-------------

* ``container_name_prefix``: prefix of the container names.
* ``tick_interval``: seconds between two ticks of the container.
* ``attach_timeout``: seconds for the attached client to show ticks, or to detach.
* ``min_ticks``: how many consecutive ticks the client of ``output`` must show.
* ``detach_keys``: the ``--detach-keys`` value; ``detach_bytes``: the same keys as the bytes typed,
  in Python escapes (``\\x18x`` for ``ctrl-x,x``).
* ``detached_msg``, ``detach_statuses``: what the client prints when it detaches, and its allowed
  exit statuses (space-separated).
* ``stopped_msg``: the error of ``docker attach`` to a stopped container.
"""

import os
import pty
import re
import select
import signal
import subprocess
import time

from dockertest import dockercalls, polling, subtest
from dockertest.dockercmd import AsyncDockerCmd, DockerCmdBase
from dockertest.options import Options


class attach(subtest.SubSubtestCaller):
    """Runs the ``docker attach`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class attach_base(subtest.SubSubtest):
    """A container printing numbered ticks."""

    #: Extra ``docker run`` options.
    run_options = ()

    def initialize(self):
        super().initialize()
        opts = Options(self)
        script = f'i=0; while true; do echo tick-$i; i=$((i+1)); sleep {opts.seconds("tick_interval"):g}; done'
        self.sub_stuff['name'] = dockercalls.start_container(
            self, opts.text('container_name_prefix'), ['sh', '-c', script], list(self.run_options)
        )

    def wait_for_first_tick(self, timeout):
        """Wait until the container has printed a tick (``docker logs``) and runs; fail with its state if it stopped."""
        name = self.sub_stuff['name']

        def ticked():
            return 'tick-' in dockercalls.run(self, 'logs', name).stdout

        def stopped():
            state = dockercalls.inspect_field(self, name, '{{.State.Status}} {{.State.ExitCode}}')
            return (
                None
                if state.startswith('running')
                else f'the container is {state}: {dockercalls.run(self, "logs", name).stdout[-200:]!r}'
            )

        polling.wait_until(ticked, timeout, f'a tick in the log of {name}', abort=stopped)

    def still_running(self, after):
        """Fail unless the container is still running."""
        running = dockercalls.inspect_field(self, self.sub_stuff['name'], '{{.State.Running}}')
        self.failif_ne(running, 'true', f'State.Running of the container after {after}')


class output(attach_base):
    """The running container's output reaches the attached client."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        client = AsyncDockerCmd(self, 'attach', ['--no-stdin', self.sub_stuff['name']], raw_subargs=True)
        self.sub_stuff['client'] = client
        client.execute()
        wanted = opts.integer('min_ticks', minimum=1)

        def ticks_seen():
            found = [int(n) for n in re.findall(r'^tick-(\d+)$', client.stdout, re.MULTILINE)]
            return found if len(found) >= wanted else None

        ticks = polling.wait_until(
            ticks_seen,
            opts.seconds('attach_timeout'),
            f'{wanted} ticks in the output of docker attach',
            abort=polling.command_failed(client),
            last=lambda: client.stdout[-200:],
        )
        self.failif_ne(ticks, list(range(ticks[0], ticks[0] + len(ticks))), 'tick numbers seen by docker attach')
        client.kill(signal.SIGKILL)
        client.wait(10)
        self.still_running('killing the attached client')
        self.loginfo('docker attach showed ticks %d..%d; the container runs on', ticks[0], ticks[-1])

    def cleanup(self):
        client = self.sub_stuff.get('client')
        if client is not None and client.exit_status is None:
            client.kill(signal.SIGKILL)
            client.wait(10)
        super().cleanup()


class detach_keys(attach_base):
    """``--detach-keys`` detaches the client and leaves the container running."""

    run_options = ('--tty', '--interactive')

    def read_until(self, master, pattern, deadline):
        """Read the terminal until ``pattern`` shows or ``deadline`` passes; all that was read."""
        seen = b''
        while time.monotonic() < deadline and not re.search(pattern, seen):
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the client closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
        return seen

    def run_once(self):
        super().run_once()
        opts = Options(self)
        keys, typed = (
            opts.text('detach_keys'),
            opts.text('detach_bytes').encode().decode('unicode_escape').encode('latin-1'),
        )
        timeout = opts.seconds('attach_timeout')
        self.wait_for_first_tick(timeout)
        argv = DockerCmdBase(self, 'attach', ['--detach-keys', keys, self.sub_stuff['name']], raw_subargs=True).argv()
        master, terminal = pty.openpty()
        self.sub_stuff['master'] = master
        try:
            client = subprocess.Popen(argv, stdin=terminal, stdout=terminal, stderr=terminal, start_new_session=True)
        finally:
            os.close(terminal)
        self.sub_stuff['client'] = client
        seen = self.read_until(master, rb'tick-\d+', time.monotonic() + timeout)
        self.failif(
            not re.search(rb'tick-\d+', seen), f'no tick reached docker attach within {timeout:g} s: {seen[-200:]!r}'
        )
        os.write(master, typed)
        # Read until the client says it detached, then let it exit: both within one attach_timeout,
        # however slow the machine.
        deadline = time.monotonic() + timeout
        said = b'|'.join(re.escape(alt.strip().encode()) for alt in opts.text('detached_msg').split('|'))
        seen += self.read_until(master, said, deadline)
        try:
            status = client.wait(max(0.5, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.failif(True, f'docker attach did not detach within {timeout:g} s of typing {keys}: {seen[-200:]!r}')
        allowed = [int(word) for word in opts.words('detach_statuses', allow_empty=False)]
        self.failif(
            status not in allowed,
            f'docker attach exited {status} after the detach keys; expected {allowed} ({seen[-200:]!r})',
        )
        self.failif_not_in(
            opts.text('detached_msg'), seen.decode(errors='replace'), 'what docker attach printed on detaching'
        )
        self.still_running(f'detaching with {keys}')
        self.loginfo('docker attach detached on %s; the container runs on', keys)

    def cleanup(self):
        client = self.sub_stuff.get('client')
        if client is not None and client.poll() is None:
            os.killpg(client.pid, signal.SIGKILL)
            client.wait(10)
        if 'master' in self.sub_stuff:
            os.close(self.sub_stuff.pop('master'))
        super().cleanup()


class stopped(attach_base):
    """Attaching to a stopped container fails."""

    def run_once(self):
        super().run_once()
        name = self.sub_stuff['name']
        dockercalls.must_pass(self, 'kill', name)
        dockercalls.must_pass(self, 'wait', name)
        result = dockercalls.run(self, 'attach', '--no-stdin', name)
        dockercalls.refused(self, result, 'stopped_msg', f'docker attach to the stopped {name}')
