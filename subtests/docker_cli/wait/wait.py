"""
Summary
-------

Several variations of running the ``docker wait`` command on containers that exit with known
statuses after known delays, named or by id, with missing containers mixed in.

Operational Summary
-------------------

#. Each sub-subtest starts the ``containers`` (``docker run --detach <run_options_csv> --name
   <unique> <test image> sh -c <command>``), each running its ``exec_cmd_<container>`` (or
   ``exec_cmd``), and reads when each started (``docker inspect`` ``State.StartedAt``).
#. ``docker wait <wait_options_csv> <targets>`` runs, where ``wait_for`` lists the targets: an index
   into ``containers`` (given by name or by id, per ``use_names``), or ``_<string>`` for a missing
   container named ``<string>``.
#. Checks: standard output is the exit statuses (``exit N`` of each command) of the existing targets,
   in order; standard error holds ``missing_msg`` for each missing one; the exit status is non-zero
   exactly when one is missing; no panic. The command took as long as the last awaited container
   still had to run (its start plus the ``sleep N`` of its command, less the time ``docker wait``
   began), give or take ``wait_duration_tolerance``.
#. Cleanup removes the containers (``docker rm --force --volumes``).

Sub-subtests: ``no_wait`` (the commands exit at once), ``wait_first`` and ``wait_last`` (targets in
both orders), ``wait_missing`` (missing names around the existing ones).

Compared with 2014: the commands are given to the containers when they start instead of being typed
into an attached shell, because the command runner feeds a client's standard input only when it
starts; the expected duration is computed from each container's own start time, which is more
exact than the longest sleep. Today's error for a missing container is "No such container: X". The
sleeps are shorter than 2014's 10 s to keep the suite fast.

Prerequisites
-------------

* The test image, with a busybox ``sh``.

Configuration
-------------

* ``run_options_csv``: the ``docker run`` options (``--detach`` is always added).
* ``wait_options_csv``: the ``docker wait`` options.
* ``containers``: space-separated container labels.
* ``exec_cmd``: the command of each container, overridden per container by ``exec_cmd_<label>``;
  it must contain ``exit N`` (the expected status) and may contain ``sleep N`` (how long it runs).
* ``wait_for``: space-separated targets: indexes into ``containers``, or ``_<name>`` for a missing
  container (the ``_`` is removed).
* ``use_names``: ``yes`` (names), ``no`` (ids) or ``RANDOM`` (either, per target).
* ``missing_msg``: the error for a missing container (``%s`` is its name).
* ``wait_duration_tolerance``: allowed difference, in seconds, from the expected duration.
* ``container_name_prefix``: prefix of the container names.
"""

import random
import re
import time

from dockertest import naming, subtest, xceptions
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import DockerTime, OutputNotBad


class wait(subtest.SubSubtestCaller):
    """Runs the ``docker wait`` variations named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class wait_base(subtest.SubSubtest):
    """Start the containers, wait for the targets, check statuses, errors and duration."""

    def command_of(self, label):
        """The command of container ``label`` and its expected exit status and run time."""
        option = f'exec_cmd_{label}' if f'exec_cmd_{label}' in self.config else 'exec_cmd'
        command = str(self.config[option])
        exits = re.findall(r'\bexit (\d+)', command)
        if not exits:
            raise xceptions.DockerValueError(
                f'[{self.config_section}] {option} = {command!r}: the command must contain "exit N"'
            )
        return command, int(exits[-1]), sum(float(s) for s in re.findall(r'\bsleep (\d+(?:\.\d+)?)', command))

    def initialize(self):
        super().initialize()
        cfg = self.config
        image = Options(self).image()
        self.sub_stuff['containers'] = []
        for label in str(cfg['containers']).split():
            command, status, runtime = self.command_of(label)
            name = self.cleanups.container(naming.unique_name(f'{cfg["container_name_prefix"]}_{label}'))
            subargs = ['--detach', *Options(self).list('run_options_csv'), f'--name={name}', image]
            self.sub_stuff['containers'].append({'label': label, 'name': name})
            cid = NoFailDockerCmd(self, 'run', [*subargs, 'sh', '-c', command], raw_subargs=True).execute()
            started = NoFailDockerCmd(self, 'inspect', ['--format={{.State.StartedAt}}', name]).execute()
            end = DockerTime(started.stdout.strip()).timestamp() + runtime
            self.sub_stuff['containers'][-1].update(id=cid.stdout.strip(), status=status, end=end)

    def targets(self):
        """(argument, container or None for a missing one) for each ``wait_for`` entry."""
        use_names = str(self.config['use_names']).lower()
        out = []
        for token in str(self.config['wait_for']).split():
            if token.startswith('_'):
                out.append((token[1:], None))
                continue
            try:
                cont = self.sub_stuff['containers'][int(token)]
            except (ValueError, IndexError):
                raise xceptions.DockerValueError(
                    f'[{self.config_section}] wait_for: {token!r} is neither an index into containers nor _<name>'
                ) from None
            by_name = random.choice((True, False)) if use_names == 'random' else use_names in ('yes', 'true', '1')
            out.append((cont['name'] if by_name else cont['id'], cont))
        return out

    def run_once(self):
        super().run_once()
        targets = self.targets()
        self.sub_stuff['targets'] = targets
        self.loginfo('docker wait targets: %s', ' '.join(arg for arg, _ in targets))
        subargs = [*Options(self).list('wait_options_csv'), *(arg for arg, _ in targets)]
        self.sub_stuff['began'] = time.time()
        self.sub_stuff['result'] = DockerCmd(self, 'wait', subargs, raw_subargs=True).execute()

    def postprocess(self):
        super().postprocess()
        result, targets = self.sub_stuff['result'], self.sub_stuff['targets']
        OutputNotBad(result)
        found = [cont for _, cont in targets if cont is not None]
        missing = [arg for arg, cont in targets if cont is None]
        self.failif_ne(result.stdout.split(), [str(c['status']) for c in found], 'exit statuses printed by docker wait')
        for name in missing:
            self.failif_not_in(str(self.config['missing_msg']) % name, result.stderr, 'the docker wait errors')
        self.failif_ne(result.exit_status != 0, bool(missing), 'docker wait exited non-zero (a target is missing)')
        expected = max([0.0, *(c['end'] - self.sub_stuff['began'] for c in found)])
        tolerance = float(self.config['wait_duration_tolerance'])
        self.loginfo('docker wait took %.2f s (expected %.2f +- %g s)', result.duration, expected, tolerance)
        self.failif(
            abs(result.duration - expected) > tolerance,
            f'docker wait took {result.duration:.2f} s; expected {expected:.2f} +- {tolerance:g} s',
        )


class no_wait(wait_base):
    """The containers have finished before the wait."""


class wait_first(wait_base):
    """Targets in start order."""


class wait_last(wait_base):
    """Targets in reverse start order."""


class wait_missing(wait_base):
    """Missing containers among the targets."""
