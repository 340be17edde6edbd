"""
Summary
-------

Checks health checks: a container whose check starts passing goes from ``starting`` to ``healthy``;
one whose check fails turns ``unhealthy`` with its failing streak; ``--no-healthcheck`` turns off
the check an image declares.

Operational Summary
-------------------

#. ``healthy``: ``docker run --detach --health-cmd 'test -e /tmp/ready' --health-interval
   <health_interval> --health-retries <health_retries> --health-start-period <start_period>`` of a
   container that creates ``/tmp/ready`` after ``ready_delay`` seconds (failures within the start
   period do not count, so the container stays ``starting`` however slow the machine). ``State.Health.Status`` is ``starting`` first (and ``docker ps``
   says ``(health: starting)``), then ``healthy`` within ``health_timeout`` seconds (``docker ps``:
   ``(healthy)``), with a failing streak of 0 and a last log entry of exit code 0. Where the engine
   answers the ``docker run`` that it cannot schedule the checks here (``unsupported_msgs``), the
   sub-subtest is TEST_NA quoting it; a timeout names how many checks ``State.Health.Log`` holds.
#. ``unhealthy``: the same with ``--health-cmd 'exit 1'``: ``unhealthy`` within ``health_timeout``
   seconds (``docker ps``: ``(unhealthy)``), ``FailingStreak`` at least ``health_retries``, the last
   log entry exit code 1.
#. ``no_healthcheck``: an image built from the test image (``docker build`` of a Dockerfile read
   from standard input, named uniquely and registered for cleanup) declares a failing
   ``HEALTHCHECK``; its container (run with ``--pull=never``, as the image exists only here) has a
   ``State.Health``, while one run with ``--no-healthcheck`` has none and ``Config.Healthcheck.Test`` is ``["NONE"]``.
#. Cleanup removes the containers, then the image.

Prerequisites
-------------

* The test image, with busybox ``sh``, ``test``, ``touch`` and ``sleep``.
* ``docker build`` working offline from the test image (either builder).

Configuration
-------------

* ``container_name_prefix``: prefix of the container and image names.
* ``health_interval``: the ``--health-interval`` (and the Dockerfile's ``--interval``).
* ``health_retries``: the ``--health-retries``.
* ``start_period``: the ``--health-start-period`` of ``healthy`` (longer than ``ready_delay``).
* ``ready_delay``: seconds before the container of ``healthy`` creates ``/tmp/ready``.
* ``health_timeout``: seconds for a container to become healthy or unhealthy.
* ``unsupported_msgs``: ``|``-separated texts of the engine's answer, on ``docker run`` with a health
  check, that it cannot run the checks here (an engine profile sets them); they make the
  sub-subtest TEST_NA, quoting the engine.
"""

from dockertest import dockercalls, naming, polling, subtest
from dockertest.options import Options


class healthcheck(subtest.SubSubtestCaller):
    """Runs the health check checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class health_base(subtest.SubSubtest):
    """Run a container with a health check and follow its health."""

    def start(self, check, script, image=None, options=()):
        """A detached container running ``sh -c <script>`` with ``--health-cmd <check>`` (unless None)."""
        opts = Options(self)
        flags = list(options)
        if check is not None:
            flags += [
                f'--health-cmd={check}',
                f'--health-interval={opts.text("health_interval")}',
                f'--health-retries={opts.integer("health_retries", minimum=1)}',
            ]
        return dockercalls.start_container(
            self,
            opts.text('container_name_prefix'),
            ['sh', '-c', script],
            flags,
            image,
            na_option='unsupported_msgs' if check is not None else None,
        )

    def health(self, name):
        """``State.Health`` of ``name`` (None without a health check)."""
        return dockercalls.inspect_json(self, name, '.State.Health')

    def ps_status(self, name):
        """The ``docker ps`` status of ``name``."""
        return dockercalls.ps_field(self, name, '{{.Status}}')

    def wait_for_status(self, name, status):
        """Poll until ``State.Health.Status`` is ``status``; returns ``State.Health``."""

        def reached():
            health = self.health(name) or {}
            return health if health.get('Status') == status else None

        return polling.wait_until(
            reached,
            Options(self).seconds('health_timeout'),
            f'{name} to be {status}',
            last=lambda: self.describe_health(name),
        )

    def describe_health(self, name):
        """The status and how many checks ``State.Health.Log`` records (none: no check ever ran)."""
        health = self.health(name) or {}
        return f'{health.get("Status")!r} after {len(health.get("Log") or [])} health check(s) in State.Health.Log'

    def last_exit(self, health):
        """The exit code of the last health log entry."""
        log = health.get('Log') or []
        self.failif(not log, f'State.Health.Log is empty: {health}')
        return log[-1].get('ExitCode')


class healthy(health_base):
    """Starting, then healthy."""

    def run_once(self):
        super().run_once()
        delay = Options(self).seconds('ready_delay')
        period = f'--health-start-period={Options(self).text("start_period")}'
        name = self.start('test -e /tmp/ready', f'sleep {delay:g}; touch /tmp/ready; exec sleep 600', options=[period])
        first = (self.health(name) or {}).get('Status')
        self.failif_ne(first, 'starting', f'State.Health.Status of {name} just after the start')
        self.failif_not_in('(health: starting)', self.ps_status(name), 'the docker ps status of a starting container')
        health = self.wait_for_status(name, 'healthy')
        self.failif_ne(health.get('FailingStreak'), 0, 'FailingStreak of the healthy container')
        self.failif_ne(self.last_exit(health), 0, 'exit code of the last health check')
        self.failif_not_in('(healthy)', self.ps_status(name), 'the docker ps status of a healthy container')
        self.loginfo('%s went from starting to healthy', name)


class unhealthy(health_base):
    """A failing check turns unhealthy with its failing streak."""

    def run_once(self):
        super().run_once()
        retries = Options(self).integer('health_retries', minimum=1)
        name = self.start('exit 1', 'exec sleep 600')
        health = self.wait_for_status(name, 'unhealthy')
        streak = health.get('FailingStreak') or 0
        self.failif(streak < retries, f'FailingStreak {streak} of the unhealthy container; expected at least {retries}')
        self.failif_ne(self.last_exit(health), 1, 'exit code of the last health check')
        self.failif_not_in('(unhealthy)', self.ps_status(name), 'the docker ps status of an unhealthy container')
        self.loginfo('%s turned unhealthy with a failing streak of %d', name, streak)


class no_healthcheck(health_base):
    """``--no-healthcheck`` turns off the image's check."""

    def initialize(self):
        super().initialize()
        opts = Options(self)
        image = self.cleanups.image(
            f'localhost:5000/dockertest/{naming.unique_name(opts.text("container_name_prefix"))}:latest'
        )
        dockerfile = f'FROM {opts.image()}\nHEALTHCHECK --interval={opts.text("health_interval")} CMD exit 1\n'
        dockercalls.must_pass(self, 'build', '--tag', image, '-', stdin=dockerfile)
        self.sub_stuff['image'] = image

    def run_once(self):
        super().run_once()
        image = self.sub_stuff['image']
        checked = self.start(None, 'exec sleep 600', image, ['--pull=never'])
        self.failif(
            self.health(checked) is None, f'a container of {image}, which declares a HEALTHCHECK, has no State.Health'
        )
        unchecked = self.start(None, 'exec sleep 600', image, ['--pull=never', '--no-healthcheck'])
        self.failif_ne(self.health(unchecked), None, 'State.Health with --no-healthcheck')
        test = dockercalls.inspect_json(self, unchecked, '.Config.Healthcheck') or {}
        self.failif_ne(test.get('Test'), ['NONE'], 'Config.Healthcheck.Test with --no-healthcheck')
        self.loginfo('--no-healthcheck turned off the HEALTHCHECK of %s', image)
