"""
Summary
-------

Checks ``docker pause`` and ``docker unpause``: the paused state shows in ``docker ps`` and in
``docker inspect``, the container's processes are frozen (a counter it writes does not advance while
it is paused), and they resume after ``docker unpause``.

Operational Summary
-------------------

#. ``docker run --detach --volume <tmpdir>:/out`` starts a container (unique name, registered for
   cleanup) whose shell increments a counter in ``/out/counter`` every ``counter_interval`` seconds;
   the host reads the file directly. The counter must advance within ``advance_timeout`` seconds.
#. ``docker pause``: ``docker ps`` shows a status holding ``ps_paused_status``, ``docker inspect``
   ``State.Paused`` is true and ``State.Status`` is ``paused``. The counter read after the pause is
   read again after ``frozen_interval`` seconds: it must not have moved.
#. ``docker unpause``: ``State.Paused`` is false, ``State.Status`` is ``running``, ``docker ps`` no
   longer says ``ps_paused_status``, and the counter advances again within ``advance_timeout``
   seconds.
#. Cleanup removes the container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh`` and ``sleep``.
* The engine's freezer (cgroup ``freezer`` on cgroup v1). Without it ``docker pause`` fails, and the
  subtest is TEST_NA quoting the engine's error (recognised by ``no_freezer_msgs``).

Configuration
-------------

* ``container_name_prefix``: prefix of the container name.
* ``counter_interval``: seconds between two increments of the counter.
* ``advance_timeout``: seconds for the counter to advance (on start and after unpause).
* ``frozen_interval``: seconds the counter is watched while the container is paused; it must be
  several times ``counter_interval``.
* ``ps_paused_status``: what ``docker ps`` shows in the status of a paused container.
* ``no_freezer_msgs``: ``|``-separated texts of the engine's error when the kernel has no freezer.
"""

import os
import time

from dockertest import dockercalls, polling, subtest, xceptions
from dockertest.options import Options


class pause(subtest.Subtest):
    """Pause a container that counts, check it is frozen, unpause it, check it counts again."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        interval = opts.seconds('counter_interval')
        if opts.seconds('frozen_interval') < 3 * interval:
            raise xceptions.DockerValueError(
                f'[{self.config_section}] frozen_interval must be at least 3 times counter_interval ({interval:g})'
            )
        self.stuff['counter'] = os.path.join(self.tmpdir, 'counter')
        script = f'i=0; while true; do i=$((i+1)); echo $i > /out/counter.new; mv /out/counter.new /out/counter; sleep {interval:g}; done'
        self.stuff['name'] = dockercalls.start_container(
            self, opts.text('container_name_prefix'), ['sh', '-c', script], [f'--volume={self.tmpdir}:/out']
        )

    def count(self):
        """The counter's value, or -1 before it is first written."""
        try:
            with open(self.stuff['counter'], encoding='ascii') as handle:
                return int(handle.read().strip() or -1)
        except (OSError, ValueError):
            return -1

    def wait_for_advance(self, since, when):
        """Wait until the counter is above ``since``."""
        polling.wait_until(
            lambda: self.count() > since,
            Options(self).seconds('advance_timeout'),
            f'the counter to advance past {since} {when}',
            last=self.count,
        )

    def state(self):
        """(``State.Paused``, ``State.Status``, the ``docker ps`` status)."""
        name = self.stuff['name']
        paused, status = dockercalls.inspect_field(self, name, '{{.State.Paused}} {{.State.Status}}').split()
        listed = dockercalls.ps_field(self, name, '{{.Status}}')
        return paused, status, listed

    def run_once(self):
        super().run_once()
        opts, name = Options(self), self.stuff['name']
        self.wait_for_advance(0, 'after the start')
        dockercalls.must_pass_or_na(self, 'no_freezer_msgs', 'pause', name)
        frozen_at = self.count()
        paused, status, listed = self.state()
        self.failif_ne((paused, status), ('true', 'paused'), 'State.Paused and State.Status after docker pause')
        self.failif(not listed, 'docker ps does not list the paused container (docker lists paused ones as running)')
        self.failif_not_in(opts.text('ps_paused_status'), listed, 'the docker ps status after docker pause')
        time.sleep(opts.seconds('frozen_interval'))
        later = self.count()
        self.failif(
            later != frozen_at,
            f'the container was not frozen: its counter went from {frozen_at} to {later} '
            f'in the {opts.seconds("frozen_interval"):g} s it was paused',
        )
        self.loginfo('paused: ps says %r, and the counter stayed at %d', listed, later)
        dockercalls.must_pass(self, 'unpause', name)
        paused, status, listed = self.state()
        self.failif_ne((paused, status), ('false', 'running'), 'State.Paused and State.Status after docker unpause')
        self.failif(opts.text('ps_paused_status') in listed, f'docker ps still says {listed!r} after docker unpause')
        self.wait_for_advance(later, 'after docker unpause')
        self.loginfo('unpaused: the counter advanced past %d', later)
