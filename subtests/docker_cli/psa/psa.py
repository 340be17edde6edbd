"""
Summary
-------

Checks the table output of ``docker ps -a`` as a container starts and stops.

Operational Summary
-------------------

#. ``docker ps -a`` is listed and parsed (the table sliced by its header offsets): ``n`` rows.
#. ``docker run --cidfile <tmpdir>/cid --detach --name <random> <test image> /bin/bash -c '<trap
   SIGUSR1 and exit 0; print READY; loop>'``.
#. Up to ``wait_start`` seconds, the container's logs are polled for ``READY``; ``docker ps -a``
   must then list ``n + 1`` rows, the container among them by name, with the id of the cidfile and a
   status starting ``Up``.
#. ``docker kill --signal USR1 <name>``; up to ``wait_stop`` seconds, ``docker ps -a`` is polled
   until the container's status no longer starts ``Up``.
#. The last listing must hold ``n + 1`` rows, and the container's status must be ``Exited (0) ...``
   (2014's ``Exit 0`` is accepted too).
#. ``cleanup()`` removes the container (``docker rm --force --volumes``) when ``remove_after_test``
   is on.

The original slept ``wait_start`` and ``wait_stop`` seconds; they are upper bounds of polls now, so
the subtest neither waits longer than it needs nor fails on a slow host that needs a little longer
than a fixed sleep. ``--sig-proxy`` is dropped from the run command: it means nothing with
``--detach``.

Prerequisites
-------------

A docker daemon answering on its socket, and the test image (with ``/bin/bash``) present locally.
No other subtest may create or remove containers meanwhile (the row counts are compared).

Configuration
-------------

``wait_start`` and ``wait_stop`` bound, in seconds, the waits for the container to start and to
stop. ``remove_after_test`` says whether to remove the container made by the test.
"""

import os

from dockertest import dockercalls, naming, polling, subtest
from dockertest.containers import DockerContainersBase
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.options import Options

SCRIPT = "trap 'exit 0' USR1; echo READY; while :; do sleep 0.1; done"


class psa(subtest.Subtest):
    """Lists containers before, while and after a container runs."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['name'] = naming.unique_name('psa', 12)
        self.stuff['cidfile'] = os.path.join(self.tmpdir, 'cid')
        self.stuff['listings'] = []

    def listing(self):
        """The parsed ``docker ps -a`` table."""
        result = NoFailDockerCmd(self, 'ps', ['-a']).execute()
        return DockerContainersBase.containers_from_table(result.stdout, result.command)

    def mine(self, listing):
        """The listed row of the test container, or None."""
        found = [c for c in listing if c.container_name == self.stuff['name']]
        self.failif(len(found) > 1, f'{len(found)} rows of docker ps -a are named {self.stuff["name"]}')
        return found[0] if found else None

    def poll_status(self, bound, done, what):
        """List until ``done(status)`` of the test container; that listing.

        Raises:
            DockerTestFail: ``bound`` seconds passed first (the message names ``what`` and the last status).
        """
        seen = {}

        def settled():
            seen['listing'] = self.listing()
            row = self.mine(seen['listing'])
            seen['status'] = None if row is None else row.status
            return seen['listing'] if row is not None and done(row.status or '') else None

        return polling.wait_until(settled, float(bound), what, last=lambda: seen.get('status'))

    def run_once(self):
        super().run_once()
        self.stuff['listings'].append(self.listing())
        name = self.cleanups.container(self.stuff['name'])
        image = Options(self).image()
        subargs = ['--cidfile', self.stuff['cidfile'], '--detach', '--name', name, image, '/bin/bash', '-c', SCRIPT]
        NoFailDockerCmd(self, 'run', subargs, raw_subargs=True).execute()
        self.stuff['ready'] = polling.wait_until(
            lambda: 'READY' in dockercalls.run(self, 'logs', name).stdout,
            float(self.config['wait_start']),
            f'container {name} to print READY (wait_start)',
        )
        self.stuff['listings'].append(
            self.poll_status(self.config['wait_start'], lambda s: s.startswith('Up'), f'container {name} to be Up')
        )
        NoFailDockerCmd(self, 'kill', ['--signal', 'USR1', name]).execute()
        self.stuff['listings'].append(
            self.poll_status(
                self.config['wait_stop'], lambda s: not s.startswith('Up'), f'container {name} to stop after SIGUSR1'
            )
        )

    def postprocess(self):
        super().postprocess()
        before, running, stopped = self.stuff['listings']
        name = self.stuff['name']
        self.failif_ne(len(running), len(before) + 1, 'Rows of docker ps -a with the container running')
        self.failif_ne(len(stopped), len(before) + 1, 'Rows of docker ps -a with the container stopped')
        row = self.mine(running)
        self.failif(row is None, f'Container {name} missing from docker ps -a while running')
        with open(self.stuff['cidfile'], encoding='utf-8') as handle:
            cid = handle.read().strip()
        self.failif(
            not row.cmp_id(cid[:12]), f'Container {name} is listed with id {row.long_id}, its cidfile has {cid}'
        )
        self.failif(not (row.status or '').startswith('Up'), f'Container {name} status while running: {row.status!r}')
        row = self.mine(stopped)
        self.failif(row is None, f'Container {name} missing from docker ps -a once stopped')
        status = row.status or ''
        self.failif(
            not status.startswith(('Exited (0)', 'Exit 0')),
            f'Container {name} status after SIGUSR1: expected Exited (0); got {status!r}',
        )
        self.loginfo('docker ps -a: %d, %d, %d rows; final status %r', len(before), len(running), len(stopped), status)
