"""
Summary
-------

Checks ``docker logs``: ``--tail``, ``--timestamps`` (parsed, in order, close to the host clock),
``--since``, standard output and standard error kept apart, ``--follow`` seeing lines written after
it started, and the error for a removed container.

Operational Summary
-------------------

Each sub-subtest starts its own container of the test image (``docker run --detach``, no tty, under a
unique name registered for cleanup) whose shell command prints known lines, then waits until
``docker logs`` holds them (at most ``log_timeout`` seconds), and:

#. ``tail``: the container prints ``line_count`` numbered lines; ``docker logs --tail N`` prints
   exactly the last N (``tail_count``), and ``--tail 0`` nothing.
#. ``timestamps``: ``docker logs --timestamps`` starts every line with a timestamp that parses, the
   timestamps never go backwards, and each lies between the host's clock before ``docker run`` and
   after ``docker logs``, widened by ``clock_tolerance`` seconds.
#. ``since``: the container prints early lines, sleeps ``since_gap`` seconds, prints late lines;
   ``docker logs --since <a time between them>`` prints only the late ones.
#. ``streams``: the container writes lines to its standard output and its standard error;
   ``docker logs`` prints the first on its standard output and the second on its standard error,
   unmixed.
#. ``follow``: ``docker logs --follow`` runs in the background; once it has shown the first line,
   ``docker exec`` lets the container print a later one, which the follower must show within
   ``log_timeout`` seconds (the wait stops at once if the follower fails).
#. ``removed``: after ``docker rm --force``, ``docker logs`` fails with ``missing_msg``.
#. Cleanup stops any follower and removes each container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh``, ``seq``, ``sleep`` and ``touch``.
* The engine's default log driver keeps logs readable by ``docker logs`` (``json-file`` or
  ``local``).

Configuration
-------------

* ``container_name_prefix``: prefix of the container names.
* ``log_timeout``: seconds to wait for expected lines to show in ``docker logs`` (or the follower).
* ``line_count``, ``tail_count``: lines printed and lines asked for with ``--tail``.
* ``clock_tolerance``: seconds by which a log timestamp may lie outside the host's clock readings.
* ``since_gap``: seconds between the early and the late lines of ``since``.
* ``missing_msg``: the error of ``docker logs`` for a removed container.
"""

import time

from dockertest import dockercalls, polling, subtest
from dockertest.dockercmd import AsyncDockerCmd
from dockertest.options import Options
from dockertest.output import DockerTime


class logs(subtest.SubSubtestCaller):
    """Runs the ``docker logs`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class logs_base(subtest.SubSubtest):
    """A container printing known lines; helpers to read its log."""

    #: The shell script of the container; ``{n}`` is ``line_count``, ``{gap}`` is ``since_gap``.
    script = 'seq 1 {n}; exec sleep 600'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        self.sub_stuff['began'] = time.time()
        script = self.script.format(n=opts.integer('line_count', minimum=2), gap=opts.number('since_gap'))
        self.sub_stuff['name'] = dockercalls.start_container(
            self, opts.text('container_name_prefix'), ['sh', '-c', script]
        )

    def log(self, *options):
        """``docker logs <options> <container>``, which must pass."""
        return dockercalls.must_pass(self, 'logs', *options, self.sub_stuff['name'])

    def wait_for_line(self, line, *options):
        """Wait until ``docker logs <options>`` has ``line`` as a whole line; returns that result."""

        def has_line():
            result = self.log(*options)
            return result if line in result.stdout.splitlines() else None

        return polling.wait_until(
            has_line,
            Options(self).seconds('log_timeout'),
            f'the line {line!r} in docker logs',
            last=lambda: self.log(*options).stdout[-300:],
        )


class tail(logs_base):
    """``--tail N`` prints the last N lines."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        count, want = opts.integer('line_count'), opts.integer('tail_count', minimum=1)
        self.wait_for_line(str(count))
        lines = self.log('--tail', str(want)).stdout.splitlines()
        self.failif_ne(lines, [str(i) for i in range(count - want + 1, count + 1)], f'docker logs --tail {want}')
        self.failif_ne(self.log('--tail', '0').stdout, '', 'docker logs --tail 0')


class timestamps(logs_base):
    """``--timestamps`` lines: parsed, in order, close to the host clock."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        count, tolerance = opts.integer('line_count'), opts.seconds('clock_tolerance')
        self.wait_for_line(str(count))
        result = self.log('--timestamps')
        after = time.time()
        earliest, stamps = self.sub_stuff['began'] - tolerance, []
        for line in result.stdout.splitlines():
            stamp, _, text = line.partition(' ')
            try:
                when = DockerTime(stamp).timestamp()
            except ValueError:
                self.failif(True, f'docker logs --timestamps line {line!r} does not start with a timestamp')
            self.failif(
                not earliest <= when <= after + tolerance,
                f'timestamp {stamp} of {text!r} is outside the host clock readings '
                f'{time.strftime("%H:%M:%S", time.gmtime(self.sub_stuff["began"]))}..'
                f'{time.strftime("%H:%M:%S", time.gmtime(after))} UTC (+- {tolerance:g} s)',
            )
            self.failif(bool(stamps) and when < stamps[-1], f'timestamp {stamp} of {text!r} goes backwards')
            stamps.append(when)
        self.failif_ne(len(stamps), count, 'timestamped lines')
        self.loginfo('%d timestamps parsed, in order, within %g s of the host clock', count, tolerance)


class since(logs_base):
    """``--since`` leaves out the lines written before it."""

    script = 'echo early-1; echo early-2; sleep {gap}; echo late-1; echo late-2; exec sleep 600'

    def run_once(self):
        super().run_once()
        self.wait_for_line('late-2')
        stamped = dict(reversed(line.split(' ', 1)) for line in self.log('--timestamps').stdout.splitlines())
        middle = (DockerTime(stamped['early-2']).timestamp() + DockerTime(stamped['late-1']).timestamp()) / 2
        lines = self.log('--since', f'{middle:.6f}').stdout.splitlines()
        self.failif_ne(lines, ['late-1', 'late-2'], f'docker logs --since {middle:.6f} (between early-2 and late-1)')


class streams(logs_base):
    """Standard output and standard error are kept apart."""

    script = 'echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2; exec sleep 600'

    def run_once(self):
        super().run_once()
        polling.wait_until(
            lambda: 'err-2' in self.log().stderr,
            Options(self).seconds('log_timeout'),
            'err-2 in the standard error of docker logs',
            last=lambda: self.log().stderr,
        )
        result = self.log()
        self.failif_ne(result.stdout.splitlines(), ['out-1', 'out-2'], 'the standard output of docker logs')
        self.failif_ne(result.stderr.splitlines(), ['err-1', 'err-2'], 'the standard error of docker logs')


class follow(logs_base):
    """``--follow`` shows a line written after it started."""

    script = 'echo first; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo later; exec sleep 600'

    def run_once(self):
        super().run_once()
        timeout = Options(self).seconds('log_timeout')
        follower = AsyncDockerCmd(self, 'logs', ['--follow', self.sub_stuff['name']], raw_subargs=True)
        self.sub_stuff['follower'] = follower
        follower.execute()
        gave_up = polling.command_failed(follower)
        polling.wait_until(
            lambda: 'first' in follower.stdout.splitlines(),
            timeout,
            'the first line in docker logs --follow',
            abort=gave_up,
            last=lambda: follower.stdout,
        )
        self.failif('later' in follower.stdout, 'the follower showed the later line before it was written')
        dockercalls.must_pass(self, 'exec', self.sub_stuff['name'], 'touch', '/tmp/go')
        polling.wait_until(
            lambda: 'later' in follower.stdout.splitlines(),
            timeout,
            'the line written after docker logs --follow started',
            abort=gave_up,
            last=lambda: follower.stdout,
        )
        self.failif(follower.exit_status is not None, f'docker logs --follow ended: {follower.exit_status}')
        self.loginfo('docker logs --follow showed the line written after it started')

    def cleanup(self):
        follower = self.sub_stuff.get('follower')
        if follower is not None and follower.exit_status is None:
            follower.kill(9)
            follower.wait(10)
        super().cleanup()


class removed(logs_base):
    """Logs of a removed container fail."""

    def run_once(self):
        super().run_once()
        name = self.sub_stuff['name']
        dockercalls.must_pass(self, 'rm', '--force', name)
        dockercalls.refused(
            self, dockercalls.run(self, 'logs', name), 'missing_msg', f'docker logs of the removed {name}'
        )
