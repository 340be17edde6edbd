"""
Summary
-------

Runs a short-lived ``/bin/true`` container while ``docker events`` listens, and checks that the
container's expected events are reported.

Operational Summary
-------------------

#. A ``docker events --since=<now - 1 s> --filter=container=<name>`` listener starts **before**
   anything is done: today's daemon keeps only its last 256 events, so a listener started afterwards
   with ``--since=0`` (as in 2014) may find them gone on a busy daemon. ``--since`` makes the daemon
   replay what happened between that moment and the listener's subscription.
#. ``docker run`` with ``run_args`` (``${NAME}`` and ``${IMAGE}`` substituted) starts the container;
   its id is read with ``docker inspect``, which is then polled, up to ``wait_stop`` seconds, until
   the container no longer runs.
#. With ``rm_after_run``, ``docker rm --force --volumes`` removes it.
#. The listener's output is polled, up to ``wait_stop`` seconds, until every event of
   ``expect_events`` is seen for the container; then the listener is stopped.
#. Each output line is parsed as today's ``<RFC3339Nano time> <type> <action> <id> (<k=v, ...>)``
   (podman's ``<Go time> <type> <action> <id> (...)`` too). At most ``unparseable_allowance`` lines may
   fail to parse; every event of ``expect_events`` must be there for the container's id, first seen in
   the listed order.
#. ``cleanup()`` stops the listener and removes the container when ``remove_after_test`` is on.

The 2014 line grammar (``[date time zone] <id>: (from <image>) <action>``) is no longer printed by any
docker; see ``docker-cli-today.md`` section 3.5.

Prerequisites
-------------

A docker daemon answering on its socket, the test image present locally, and the host clock shared
with the daemon (the listener's ``--since`` is the host's time).

Configuration
-------------

``run_args`` is the CSV of arguments to ``docker run`` (``${NAME}`` is the container name,
``${IMAGE}`` the test image). ``rm_after_run`` says whether to ``docker rm`` the container after it
finishes (``destroy`` can only be expected with it). ``wait_stop`` bounds, in seconds, each wait: for
the container to finish and for its events to arrive. ``expect_events`` is the CSV of required
events, in the order they happen. ``name_prefix`` starts the container's name, before random
characters. ``unparseable_allowance`` is the number of lines allowed to fail to parse.
``remove_after_test`` says whether ``cleanup()`` removes the container.
"""

import re
import time
from string import Template

from dockertest import naming, polling, subtest, xceptions
from dockertest.dockercmd import AsyncDockerCmd, NoFailDockerCmd
from dockertest.options import Options

EVENT_LINE = re.compile(
    r'^(?P<time>\d{4}-\d\d-\d\d[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d| [+-]\d{4} [A-Z]{2,5})?) '
    r'(?P<type>[a-z]+) (?P<action>.+?) (?P<id>\S*) \((?P<attrs>.*)\)$'
)


def parse_events(text):
    """``(events, unparseable)``: ``(type, action, id)`` of each parsed line, and the lines that are not events."""
    events, bad = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        found = EVENT_LINE.match(line.strip())
        if found:
            events.append((found.group('type'), found.group('action'), found.group('id')))
        else:
            bad.append(line)
    return events, bad


class events(subtest.Subtest):
    """Checks the create, start, die and destroy events of a short-lived container."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['name'] = self.cleanups.container(naming.unique_name(str(self.config['name_prefix']), 12))
        self.stuff['expect'] = Options(self).list('expect_events')
        self.stuff['listener'] = None

    def seen(self, cid):
        """The expected actions seen so far for ``cid`` in the listener's output."""
        parsed, _ = parse_events(self.stuff['listener'].stdout)
        return {action for kind, action, ident in parsed if kind == 'container' and ident == cid}

    def state(self):
        """``[id, running]`` of the test container, from ``docker inspect``."""
        inspect = ['--format', '{{.Id}} {{.State.Running}}', self.stuff['name']]
        return NoFailDockerCmd(self, 'inspect', inspect, raw_subargs=True).execute().stdout.split()

    def run_once(self):
        super().run_once()
        name = self.stuff['name']
        since = int(time.time()) - 1
        listener = AsyncDockerCmd(self, 'events', [f'--since={since}', f'--filter=container={name}'])
        self.stuff['listener'] = listener
        listener.execute()
        values = {'NAME': name, 'IMAGE': Options(self).image()}
        run_args = [Template(arg).safe_substitute(values) for arg in Options(self).list('run_args')]
        NoFailDockerCmd(self, 'run', run_args).execute()
        self.stuff['cid'] = self.state()[0]
        wait_stop = float(self.config['wait_stop'])
        polling.wait_until(lambda: self.state()[1] == 'false', wait_stop, f'container {name} to finish (wait_stop)')
        if self.config['rm_after_run']:
            NoFailDockerCmd(self, 'rm', ['--force', '--volumes', name]).execute()
        expect = set(self.stuff['expect'])
        try:
            polling.wait_until(lambda: expect <= self.seen(self.stuff['cid']), wait_stop, 'the expected events')
        except xceptions.DockerTestFail:
            pass  # postprocess names the events that are missing and those seen
        self.stop_listener()

    def stop_listener(self):
        """Stop the listener (it never ends by itself) and wait for its last output."""
        listener = self.stuff.get('listener')
        if listener is None or listener.exit_status is not None:
            return
        listener.kill(15)
        listener.wait(10)

    def postprocess(self):
        super().postprocess()
        output = self.stuff['listener'].stdout
        parsed, bad = parse_events(output)
        for line in bad:
            self.logwarning('Unparseable event line: %r', line)
        self.failif(
            len(bad) > int(self.config['unparseable_allowance']),
            f'{len(bad)} unparseable lines of docker events output (unparseable_allowance is '
            f'{self.config["unparseable_allowance"]}): {bad[:3]!r}',
        )
        cid, name = self.stuff['cid'], self.stuff['name']
        actions = [action for kind, action, ident in parsed if kind == 'container' and ident == cid]
        missing = [event for event in self.stuff['expect'] if event not in actions]
        self.failif(
            bool(missing),
            f'Missing events for container {name} ({cid[:12]}): {", ".join(missing)}; seen: {", ".join(actions)}'
            + (
                f'; listener stderr: {self.stuff["listener"].stderr.strip()!r}' if self.stuff['listener'].stderr else ''
            ),
        )
        order = sorted(self.stuff['expect'], key=actions.index)
        self.failif_ne(order, self.stuff['expect'], f'Order of the events of container {name}')
        self.loginfo('Events of container %s: %s', name, ', '.join(actions))

    def cleanup(self):
        self.stop_listener()
        super().cleanup()  # removes the container (the cleanup registry)
