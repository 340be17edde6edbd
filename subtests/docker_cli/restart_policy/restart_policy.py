"""
Summary
-------

Checks restart policies: ``on-failure:N`` restarts a failing container exactly N times (and not a
container that exits 0), ``always`` and ``unless-stopped`` restart a container whose command exits
but not one stopped with ``docker stop``, and ``no`` never restarts.

Operational Summary
-------------------

Each sub-subtest starts a container of the test image with ``docker run --detach --restart
<policy>`` (unique name, registered for cleanup), checks ``HostConfig.RestartPolicy`` in ``docker
inspect``, then, polling ``State.Status`` and ``RestartCount`` for at most ``restart_timeout``
seconds:

#. ``on_failure``: with ``on-failure:<max_retries>``, a command exiting ``fail_status`` ends
   ``exited`` with ``RestartCount`` ``max_retries`` and that exit code, and stays so for
   ``settle_time`` seconds; a second container with the same policy whose command exits 0 is never
   restarted.
#. ``always`` and ``unless_stopped``: a command that exits 0 after ``run_time`` seconds is restarted
   until ``RestartCount`` reaches ``min_restarts``; after ``docker stop`` the container stays
   ``exited`` for ``settle_time`` seconds and its ``RestartCount`` no longer grows.
#. ``no``: a command exiting ``fail_status`` stays ``exited`` with ``RestartCount`` 0 for
   ``settle_time`` seconds.
#. Cleanup removes each container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh`` and ``sleep``.

Configuration
-------------

* ``container_name_prefix``: prefix of the container names.
* ``max_retries``: N of ``on-failure:N``.
* ``fail_status``: the exit status of the failing command.
* ``min_restarts``: restarts awaited under ``always`` and ``unless-stopped`` before the stop.
* ``run_time``: seconds the restarting command of ``always`` and ``unless_stopped`` runs.
* ``restart_timeout``: seconds to wait for the restarts (the engine backs off between them).
* ``settle_time``: seconds a container must stay as it is when no more restarts may happen.
"""

import time

from dockertest import dockercalls, polling, subtest
from dockertest.options import Options


class restart_policy(subtest.SubSubtestCaller):
    """Runs the restart policy checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class policy_base(subtest.SubSubtest):
    """Start a container under a policy and watch its state."""

    def start(self, policy, script):
        """Start ``sh -c <script>`` with ``--restart <policy>``; returns the name."""
        name = dockercalls.start_container(
            self, Options(self).text('container_name_prefix'), ['sh', '-c', script], [f'--restart={policy}']
        )
        kind, _, count = policy.partition(':')
        shown = dockercalls.inspect_field(
            self, name, '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}'
        )
        self.failif_ne(shown.split(), [kind, count or '0'], f'HostConfig.RestartPolicy of --restart={policy}')
        return name

    def state(self, name):
        """(``State.Status``, ``RestartCount``, ``State.ExitCode``) of ``name``."""
        status, count, code = dockercalls.inspect_field(
            self, name, '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}'
        ).split()
        return status, int(count), int(code)

    def wait_for(self, name, condition, what):
        """Poll the state of ``name`` until ``condition(state)``; returns the state."""

        def reached():
            state = self.state(name)
            return state if condition(state) else None

        return polling.wait_until(
            reached,
            Options(self).seconds('restart_timeout'),
            f'{name} to be {what}',
            last=lambda: self.state(name),
        )

    def stays(self, name, expected, what):
        """Fail unless the state of ``name`` is ``expected`` throughout ``settle_time``."""
        deadline = time.monotonic() + Options(self).seconds('settle_time')
        while True:
            state = self.state(name)
            self.failif_ne(state, expected, f'(status, RestartCount, exit code) of {name} {what}')
            if time.monotonic() >= deadline:
                return
            time.sleep(0.25)


class on_failure(policy_base):
    """``on-failure:N`` restarts exactly N times, and not after success."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        retries, status = opts.integer('max_retries', minimum=1), opts.integer('fail_status', minimum=1)
        failing = self.start(f'on-failure:{retries}', f'exit {status}')
        final = self.wait_for(
            failing, lambda s: s[0] == 'exited' and s[1] >= retries, f'exited after {retries} restarts'
        )
        self.stays(failing, ('exited', retries, status), f'after on-failure:{retries} (state first seen {final})')
        passing = self.start(f'on-failure:{retries}', 'exit 0')
        self.wait_for(passing, lambda s: s[0] == 'exited', 'exited')
        self.stays(passing, ('exited', 0, 0), f'that exited 0 under on-failure:{retries}')
        self.loginfo('on-failure:%d restarted the failing container exactly %d times', retries, retries)


class restarts_until_stopped(policy_base):
    """A policy that restarts an exiting command, but not after ``docker stop``."""

    policy = None

    def run_once(self):
        super().run_once()
        opts = Options(self)
        wanted = opts.integer('min_restarts', minimum=1)
        name = self.start(self.policy, f'sleep {opts.seconds("run_time"):g}; exit 0')
        self.wait_for(name, lambda s: s[1] >= wanted, f'restarted {wanted} times')
        dockercalls.must_pass(self, 'stop', name)
        status, count, code = self.state(name)
        self.failif_ne(status, 'exited', f'State.Status of {name} after docker stop')
        self.stays(name, (status, count, code), f'after docker stop under --restart={self.policy}')
        self.loginfo('--restart=%s restarted it %d times and left it stopped after docker stop', self.policy, count)


class always(restarts_until_stopped):
    """``always``."""

    policy = 'always'


class unless_stopped(restarts_until_stopped):
    """``unless-stopped``."""

    policy = 'unless-stopped'


class no(policy_base):
    """``no`` never restarts."""

    def run_once(self):
        super().run_once()
        status = Options(self).integer('fail_status', minimum=1)
        name = self.start('no', f'exit {status}')
        self.wait_for(name, lambda s: s[0] == 'exited', 'exited')
        self.stays(name, ('exited', 0, status), 'under --restart=no')
