"""
Summary
-------

Checks ``docker top`` against the processes the container itself sees, while processes are added,
and that it fails once the container has stopped.

Operational Summary
-------------------

#. ``docker run <run_options_csv> --name <unique> <test image> <container_cmd>`` starts a container
   running an interactive shell (detached, with a tty).
#. ``top_iterations`` times: one more long-running process is started in the container with
   ``docker exec --detach``; then, polling up to ``check_timeout`` seconds until they agree:

   * ``docker top <name>`` has the header ``top_header`` and one row per process, and its PID
     column holds the container's main process (``docker inspect`` ``State.Pid``, a host PID; with
     ``host_pid_options_csv`` set, the ``host_pid_column`` of ``docker top <name> <those options>``
     must hold it instead);
   * ``docker top <name> <top_options_csv>`` lists the same commands, as many times each, as
     ``ps -o pid,comm`` run inside the container (less that ``ps`` itself).

#. After ``docker kill``, ``docker top`` must fail with ``not_running_msg``.
#. Cleanup removes the container (``docker rm --force --volumes``) when ``remove_after_test`` is set.

Compared with 2014: the extra processes are started with ``docker exec --detach`` instead of being
typed into an attached shell, and the comparison runs ``ps`` with ``docker exec``, because the
command runner feeds a client's standard input only when it starts. ``docker top`` lists host PIDs,
so process identity is compared by command name, and the main process by its host PID. The test
image's ``ps`` is busybox's.

Prerequisites
-------------

* The test image, with busybox ``sh``, ``sleep`` and ``ps``.

Configuration
-------------

* ``container_name_prefix``: prefix of the container name, followed by random characters.
* ``run_options_csv``: the ``docker run`` options; ``container_cmd``: the container's command.
* ``top_options_csv``: the ``ps`` options given to ``docker top`` for the comparison (they must
  produce a ``PID`` and a ``COMMAND`` column).
* ``top_header``: the column names of plain ``docker top``.
* ``host_pid_options_csv``, ``host_pid_column``: the ``docker top`` options and the column that
  list host PIDs, when plain ``docker top``'s ``PID`` column does not (empty: plain ``PID``).
* A table whose rows are not aligned with its header fails the subtest, naming the output.
* ``top_iterations``: how many processes are added, one per comparison.
* ``extra_cmd``: the command of each added process.
* ``check_timeout``: seconds to wait for ``docker top`` and ``ps`` to agree.
* ``not_running_msg``: the error of ``docker top`` on a stopped container.
* ``remove_after_test``: remove the container in cleanup.
"""

from collections import Counter

from dockertest import naming, polling, subtest, xceptions
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputNotBad, TextTable, mustpass


class top(subtest.Subtest):
    """Compare ``docker top`` with ``ps`` in the container while processes are added."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        cfg = self.config
        name = self.cleanups.container(naming.unique_name(str(cfg['container_name_prefix'])))
        self.stuff['name'] = name
        subargs = [*Options(self).list('run_options_csv'), f'--name={name}']
        subargs += [Options(self).image(), *str(cfg['container_cmd']).split()]
        NoFailDockerCmd(self, 'run', subargs, raw_subargs=True).execute()
        self.stuff['main_pid'] = self.docker('inspect', '--format={{.State.Pid}}', name).stdout.strip()

    def docker(self, subcmd, *args):
        """A docker command that must pass."""
        return mustpass(DockerCmd(self, subcmd, list(args), raw_subargs=True).execute(), f'docker {subcmd}')

    def top_table(self, *options):
        """``docker top`` of the container, parsed; a table that cannot be read fails the subtest."""
        result = self.docker('top', self.stuff['name'], *options)
        try:
            return TextTable(result.stdout, allow_duplicate=True, command=result.command)
        except xceptions.DockerOutputError as err:
            raise xceptions.DockerTestFail(
                f'the output of {result.command} is not a table: {err}; the output: {result.stdout!r}'
            ) from err

    def host_pids(self, plain):
        """The host PIDs docker top lists: the PID column of ``plain``, or the ``host_pid_column`` of
        ``docker top <host_pid_options_csv>`` when that is set."""
        options = Options(self).list('host_pid_options_csv')
        table = self.top_table(*options) if options else plain
        column = str(self.config.get('host_pid_column') or 'PID')
        return [row.get(column) for row in table]

    def inside_commands(self):
        """The command names ``ps`` lists inside the container, less that ``ps``."""
        lines = self.docker('exec', self.stuff['name'], 'ps', '-o', 'pid,comm').stdout.splitlines()[1:]
        names = [line.split(None, 1)[1].strip() for line in lines if len(line.split(None, 1)) == 2]
        if 'ps' in names:
            names.remove('ps')
        return Counter(names)

    def compare(self, expected_count):
        """One comparison; returns a description of the disagreement, or None."""
        plain = self.top_table()
        header = str(self.config['top_header']).split()
        if list(plain.columns) != header:
            return f'docker top header {list(plain.columns)}; expected {header}'
        if len(plain) != expected_count:
            return f'docker top lists {len(plain)} processes; expected {expected_count}: {list(plain)}'
        host_pids = self.host_pids(plain)
        if self.stuff['main_pid'] not in host_pids:
            return f'the main process (host PID {self.stuff["main_pid"]}) is not in docker top ({host_pids}): {list(plain)}'
        listed = Counter(row['COMMAND'] for row in self.top_table(*Options(self).list('top_options_csv')))
        inside = self.inside_commands()
        if listed != inside:
            return f'docker top lists the commands {dict(listed)}; ps in the container {dict(inside)}'
        return None

    def run_once(self):
        super().run_once()
        timeout = float(self.config['check_timeout'])
        for added in range(1, int(self.config['top_iterations']) + 1):
            self.docker('exec', '--detach', self.stuff['name'], *str(self.config['extra_cmd']).split())
            seen = {}

            def agreed(expected=added + 1, seen=seen):
                seen['problem'] = self.compare(expected)
                return seen['problem'] is None

            what = f'docker top and ps to agree after adding process {added}'
            polling.wait_until(agreed, timeout, what, last=lambda seen=seen: seen['problem'])
            self.loginfo('docker top agrees with ps after adding process %d', added)
        self.docker('kill', self.stuff['name'])
        self.docker('wait', self.stuff['name'])
        self.stuff['stopped_top'] = DockerCmd(self, 'top', [self.stuff['name']]).execute()

    def postprocess(self):
        super().postprocess()
        result = self.stuff['stopped_top']
        OutputNotBad(result)
        self.failif(result.exit_status == 0, f'docker top of a stopped container passed: {result.stdout!r}')
        self.failif_not_in(str(self.config['not_running_msg']), result.stderr, 'the docker top error')
