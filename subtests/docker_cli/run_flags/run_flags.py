"""
Summary
-------

Checks ``docker run`` options that the 2014 suite never knew, one sub-subtest each: ``--env-file``,
``--hostname``, ``--entrypoint``, ``--cidfile``, ``--read-only``, ``--tmpfs``,
``--cap-drop``/``--cap-add``, ``--init``, ``--rm``, ``--label``, ``--pids-limit``, ``--memory`` and
``--security-opt no-new-privileges``.

Operational Summary
-------------------

Each sub-subtest runs containers of the test image in the foreground (``docker run --name <unique>
<options> <test image> sh -c <script>``; every name is registered for cleanup) and checks what the
option did, with a control run without it where the option must make the difference:

#. ``env_file``: a file of ``NAME=VALUE`` lines (with a comment and a value with spaces) given to
   ``--env-file`` sets those variables.
#. ``hostname``: ``--hostname <hostname>``; ``hostname`` prints it.
#. ``entrypoint``: ``--entrypoint /bin/echo`` runs echo with the command as its arguments.
#. ``cidfile``: ``--cidfile <tmpdir>/cid`` of a detached container holds its full id.
#. ``read_only``: with ``--read-only`` a write to the root filesystem fails with
   ``read_only_msg``; without it, it passes.
#. ``tmpfs``: with ``--read-only --tmpfs /scratch``, ``/scratch`` is a writable ``tmpfs`` mount.
#. ``capabilities``: with ``--cap-drop CHOWN``, ``chown`` fails with ``denied_msg``; with
   ``--cap-drop ALL --cap-add CHOWN`` it passes.
#. ``init``: with ``--init``, PID 1 is one of ``init_names``; without it, PID 1 is the shell.
#. ``rm``: after a ``--rm`` container exits, the engine has no container of that name (within
   ``rm_timeout`` seconds).
#. ``label``: ``--label <label>`` shows in ``docker inspect`` and ``docker ps --all --filter
   label=<label>`` lists the container (and only it).
#. ``pids_limit``: with ``--pids-limit <pids_limit>``, a loop starting ``fork_count`` background
   processes is stopped by ``fork_failed_msg`` by fork number ``pids_limit`` at the latest.
#. ``memory``: with ``--memory <memory_limit> --memory-swap <memory_limit>``, a shell that fills a
   variable of ``allocate_mb`` MB is killed: exit status 137 and ``State.OOMKilled`` true (or, when
   the engine left that flag false, an ``oom`` event of the container in ``docker events``: docker
   20.10 under load can handle the exit after the OOM notice and clear the flag).
#. ``no_new_privileges``: with ``--security-opt no-new-privileges``, ``/proc/self/status`` says
   ``NoNewPrivs: 1``; without it, ``0``.

Where the engine warns or fails because the kernel lacks what the option needs (texts in
``unsupported_msgs``), the sub-subtest is TEST_NA quoting the engine's line.

Prerequisites
-------------

* The test image, with busybox ``sh``, ``hostname``, ``chown``, ``head``, ``tr`` and ``grep``.
* The kernel's memory and pids cgroup controllers for ``memory`` and ``pids_limit`` (otherwise
  TEST_NA).

Configuration
-------------

* ``container_name_prefix``: prefix of the container names.
* ``hostname``: the host name given to ``--hostname``.
* ``read_only_msg``, ``denied_msg``: the errors of a write to a read-only filesystem and of an
  operation without its capability.
* ``init_names``: ``|``-separated names PID 1 may have with ``--init``.
* ``rm_timeout``: seconds for a ``--rm`` container to be gone after it exits.
* ``label``: the ``KEY=VALUE`` label of ``label``.
* ``pids_limit``, ``fork_count``, ``fork_failed_msg``: the limit, how many processes the loop tries to
  start, and the shell's error when a fork fails.
* ``memory_limit``, ``allocate_mb``: the memory limit and how many MB the shell fills past it.
* ``unsupported_msgs``: ``|``-separated texts of the engine's warnings and errors when the kernel
  lacks a controller or capability.
"""

import os
import re
import time

from dockertest import dockercalls, polling, subtest
from dockertest.options import Options


class run_flags(subtest.SubSubtestCaller):
    """Runs the ``docker run`` option checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class flag_base(subtest.SubSubtest):
    """Helpers: run a registered container in the foreground with options."""

    def new_name(self):
        """A unique container name, registered for cleanup."""
        return dockercalls.container_name(self)

    def docker_run(self, options, *command, must_pass=True):
        """``docker run --name <unique> <options> <test image> <command>``; (name, result).

        The engine's warnings about missing kernel support make the sub-subtest TEST_NA; with
        ``must_pass``, a non-zero exit fails it.
        """
        name = self.new_name()
        result = dockercalls.run(self, 'run', f'--name={name}', *options, Options(self).image(), *command)
        dockercalls.na_if_unsupported(self, 'unsupported_msgs', result, f'docker run {" ".join(options)}'.strip())
        self.failif(must_pass and result.exit_status != 0, dockercalls.describe(result))
        return name, result

    def shell(self, options, script, must_pass=True):
        """:meth:`docker_run` of ``sh -c <script>``."""
        return self.docker_run(options, 'sh', '-c', script, must_pass=must_pass)

    def output_is(self, result, expected, what):
        """Fail unless the standard output, stripped, is ``expected``."""
        self.failif_ne(result.stdout.strip(), expected, what)


class env_file(flag_base):
    """``--env-file`` sets the variables of the file."""

    def run_once(self):
        super().run_once()
        path = os.path.join(self.tmpdir, 'env.list')
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('# a comment line\nDOCKERTEST_A=1\nDOCKERTEST_B=two words\n')
        _, result = self.shell([f'--env-file={path}'], 'echo "$DOCKERTEST_A|$DOCKERTEST_B"')
        self.output_is(result, '1|two words', 'variables set from --env-file')


class hostname(flag_base):
    """``--hostname`` names the container's host."""

    def run_once(self):
        super().run_once()
        wanted = Options(self).text('hostname')
        _, result = self.docker_run([f'--hostname={wanted}'], 'hostname')
        self.output_is(result, wanted, 'hostname in the container')


class entrypoint(flag_base):
    """``--entrypoint`` replaces the program; the command becomes its arguments."""

    def run_once(self):
        super().run_once()
        _, result = self.docker_run(['--entrypoint=/bin/echo'], 'entry', 'point')
        self.output_is(result, 'entry point', 'output of --entrypoint=/bin/echo with the command "entry point"')


class cidfile(flag_base):
    """``--cidfile`` holds the container's full id."""

    def run_once(self):
        super().run_once()
        path = os.path.join(self.tmpdir, 'cid')
        name, _ = self.docker_run([f'--cidfile={path}', '--detach'], 'sleep', '600')
        with open(path, encoding='ascii') as handle:
            written = handle.read().strip()
        self.failif_ne(written, dockercalls.inspect_field(self, name, '{{.Id}}'), 'the id in --cidfile')


class read_only(flag_base):
    """``--read-only`` makes writes to the root filesystem fail."""

    def run_once(self):
        super().run_once()
        _, refused = self.shell(['--read-only'], 'echo x > /dockertest-ro', must_pass=False)
        self.failif(refused.exit_status == 0, 'a write to the root filesystem passed with --read-only')
        self.failif_not_in(Options(self).text('read_only_msg'), refused.stderr, 'the error of the write')
        self.shell([], 'echo x > /dockertest-ro')


class tmpfs(flag_base):
    """``--tmpfs`` mounts a writable tmpfs, even on a read-only root."""

    def run_once(self):
        super().run_once()
        script = 'echo written > /scratch/f && cat /scratch/f && grep " /scratch " /proc/mounts'
        _, result = self.shell(['--read-only', '--tmpfs=/scratch'], script)
        lines = result.stdout.splitlines()
        self.failif_ne(lines[:1], ['written'], 'what was read back from /scratch')
        self.failif(len(lines) < 2 or lines[1].split()[2:3] != ['tmpfs'], f'/scratch is not a tmpfs mount: {lines[1:]}')


class capabilities(flag_base):
    """``--cap-drop`` takes a capability away; ``--cap-add`` gives it back."""

    def run_once(self):
        super().run_once()
        script = 'touch /tmp/f && chown 1234 /tmp/f'
        _, denied = self.shell(['--cap-drop=CHOWN'], script, must_pass=False)
        self.failif(denied.exit_status == 0, 'chown passed with --cap-drop=CHOWN')
        self.failif_not_in(Options(self).text('denied_msg'), denied.stderr, 'the chown error with --cap-drop=CHOWN')
        self.shell(['--cap-drop=ALL', '--cap-add=CHOWN'], script)


class init(flag_base):
    """``--init`` puts an init process at PID 1."""

    def run_once(self):
        super().run_once()
        names = [n.strip() for n in Options(self).text('init_names').split('|') if n.strip()]
        script = 'cat /proc/1/comm; exit 0'  # a second command keeps the shell from exec'ing cat
        _, with_init = self.shell(['--init'], script)
        self.failif(
            with_init.stdout.strip() not in names,
            f'PID 1 with --init is {with_init.stdout.strip()!r}, not one of {names}',
        )
        _, without = self.shell([], script)
        self.output_is(without, 'sh', 'PID 1 without --init')


class rm(flag_base):
    """``--rm`` removes the container after it exits."""

    def run_once(self):
        super().run_once()
        name, _ = self.docker_run(['--rm'], 'true')
        polling.wait_until(
            lambda: dockercalls.run(self, 'ps', '--all', '--quiet', '--filter', f'name=^{name}$').stdout.strip() == '',
            Options(self).seconds('rm_timeout'),
            f'the --rm container {name} to be gone',
        )


class label(flag_base):
    """``--label`` shows in inspect and in ``ps --filter label=``."""

    def run_once(self):
        super().run_once()
        wanted = Options(self).text('label')
        key, _, value = wanted.partition('=')
        name, _ = self.docker_run([f'--label={wanted}'], 'true')
        labels = dockercalls.inspect_json(self, name, '.Config.Labels') or {}
        self.failif_ne(labels.get(key), value, f'Config.Labels[{key}]')
        listed = dockercalls.must_pass(self, 'ps', '--all', '--filter', f'label={wanted}', '--format', '{{.Names}}')
        self.failif_ne(listed.stdout.split(), [name], f'docker ps --all --filter label={wanted}')


class pids_limit(flag_base):
    """``--pids-limit`` stops a bounded fork loop."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        limit, count = opts.integer('pids_limit', minimum=2), opts.integer('fork_count', minimum=2)
        script = f'n=0; while [ $n -lt {count} ]; do n=$((n+1)); echo forking $n; sleep 30 & done; echo all-started'
        _, result = self.shell([f'--pids-limit={limit}'], script, must_pass=False)
        self.failif('all-started' in result.stdout, f'all {count} processes started despite --pids-limit={limit}')
        self.failif_not_in(opts.text('fork_failed_msg'), result.stderr, 'the error of the fork loop')
        forks = [int(n) for n in re.findall(r'^forking (\d+)$', result.stdout, re.MULTILINE)]
        self.failif(not forks or forks[-1] > limit, f'the loop got to fork {forks[-1:]} under --pids-limit={limit}')
        self.loginfo('--pids-limit=%d stopped the fork loop at fork %d', limit, forks[-1])


class memory(flag_base):
    """``--memory`` gets a process past it OOM-killed."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        limit, size = opts.text('memory_limit'), opts.integer('allocate_mb', minimum=1)
        script = f'x=$(head -c {size * 1024 * 1024} /dev/zero | tr "\\0" a); echo survived ${{#x}}'
        since = int(time.time()) - 1
        name, result = self.shell([f'--memory={limit}', f'--memory-swap={limit}'], script, must_pass=False)
        self.failif_ne(result.exit_status, 137, f'exit status after allocating {size} MB past --memory={limit}')
        oom_killed = dockercalls.inspect_field(self, name, '{{.State.OOMKilled}}')
        if oom_killed != 'true' and self.oom_event(name, since):
            # docker 20.10 under load may handle the container's exit after its OOM notice and leave
            # OOMKilled false; the engine's own 'oom' event still reports the kill.
            self.loginfo('State.OOMKilled is %s, but the engine reported an oom event for %s', oom_killed, name)
            return
        self.failif_ne(oom_killed, 'true', 'State.OOMKilled')

    def oom_event(self, name, since):
        """Whether the engine reported an ``oom`` event for container ``name`` since ``since``."""
        filters = ['--filter', f'container={name}', '--filter', 'event=oom', '--format', '{{.Action}}']
        until = str(int(time.time()) + 1)
        result = dockercalls.run(self, 'events', f'--since={since}', f'--until={until}', *filters)
        return result.exit_status == 0 and 'oom' in result.stdout.split()


class no_new_privileges(flag_base):
    """``--security-opt no-new-privileges`` sets NoNewPrivs."""

    def run_once(self):
        super().run_once()
        script = 'grep NoNewPrivs /proc/self/status'
        _, with_opt = self.shell(['--security-opt=no-new-privileges'], script)
        self.failif_ne(with_opt.stdout.split(), ['NoNewPrivs:', '1'], 'with --security-opt no-new-privileges')
        _, without = self.shell([], script)
        self.failif_ne(without.stdout.split(), ['NoNewPrivs:', '0'], 'without --security-opt no-new-privileges')
