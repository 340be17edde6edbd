"""
Summary
-------

Checks ``docker exec``: the exit status of the command is passed through, ``--env``, ``--workdir``
and ``--user`` reach the process, standard input reaches it only with ``--interactive``, a missing
command fails with its documented status, and exec into a stopped or paused container fails with
the engine's error.

Operational Summary
-------------------

Each sub-subtest starts its own container of the test image (``docker run --detach`` running
``container_cmd``, under a unique name registered for cleanup), then:

#. ``exit_status``: ``docker exec <name> sh -c 'exit N'`` for each N of ``exit_statuses``; the
   client's exit status is N.
#. ``env_workdir_user``: ``docker exec --env <exec_env> --workdir <exec_workdir> --user
   <exec_user>`` of a shell printing the variable, ``pwd``, ``id -u`` and ``id -g``; the lines are
   the variable's value, the directory, and the user's uid and gid.
#. ``stdin``: ``stdin_text`` is fed to ``docker exec --interactive <name> cat``, which prints it
   back unchanged; fed to ``docker exec <name> cat`` (no ``--interactive``), it must not arrive.
#. ``missing_command``: ``docker exec <name> <missing_cmd>`` exits with one of
   ``missing_cmd_statuses`` and names the command in its error; ``docker exec <name>
   <not_executable>`` (a file without the execute bit) exits with one of
   ``not_executable_statuses``.
#. ``stopped``: after ``docker kill`` and ``docker wait``, ``docker exec`` fails (non-zero) with
   ``stopped_msg``; ``paused``: after ``docker pause``, it fails with ``paused_msg``, and passes
   again after ``docker unpause``.
#. Cleanup removes each container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh``, ``cat``, ``id``, ``pwd`` and ``sleep``.
* ``paused`` needs the engine's freezer (cgroup ``freezer`` on cgroup v1); without it ``docker
  pause`` fails and the sub-subtest is TEST_NA quoting the engine's error.

Configuration
-------------

* ``container_cmd``: the command of each container (long-running).
* ``container_name_prefix``: prefix of the container names.
* ``exit_statuses``: space-separated exit statuses checked by ``exit_status``.
* ``exec_env``, ``exec_workdir``, ``exec_user``: the ``--env``, ``--workdir`` and ``--user`` values of
  ``env_workdir_user`` (``exec_user`` is ``uid:gid`` in numbers).
* ``stdin_text``: what is fed to ``cat``.
* ``missing_cmd``, ``missing_cmd_statuses``: a command that does not exist and the exit statuses
  allowed for it (space-separated; docker documents 126 and 127).
* ``not_executable``, ``not_executable_statuses``: a file that is not executable and its statuses.
* ``stopped_msg``, ``paused_msg``: the errors of exec into a stopped and into a paused container.
* ``no_freezer_msgs``: ``|``-separated texts of the engine's error for ``docker pause`` when the
  kernel has no freezer; they make ``paused`` TEST_NA instead of FAIL.
"""

from dockertest import dockercalls, subtest, xceptions
from dockertest.options import Options


class exec(subtest.SubSubtestCaller):
    """Runs the ``docker exec`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class exec_base(subtest.SubSubtest):
    """Start a container of the test image for the checks."""

    def initialize(self):
        super().initialize()
        opts = Options(self)
        self.sub_stuff['name'] = dockercalls.start_container(
            self, opts.text('container_name_prefix'), opts.words('container_cmd', allow_empty=False)
        )

    def exec_in(self, *args, options=(), stdin=None):
        """``docker exec <options> <container> <args>``; the result."""
        return dockercalls.run(self, 'exec', *options, self.sub_stuff['name'], *args, stdin=stdin)

    def expect_status(self, result, allowed, what):
        """Fail unless ``result`` exited with one of ``allowed``."""
        self.failif(
            result.exit_status not in allowed,
            f'{what}: exit status {result.exit_status}; expected {" or ".join(map(str, allowed))} '
            f'({dockercalls.describe(result)})',
        )


class exit_status(exec_base):
    """The exec'd command's exit status is the client's."""

    def run_once(self):
        super().run_once()
        for status in Options(self).words('exit_statuses', allow_empty=False):
            result = self.exec_in('sh', '-c', f'exit {int(status)}')
            self.expect_status(result, [int(status)], f"docker exec of 'exit {status}'")
        self.loginfo('exit statuses passed through: %s', self.config['exit_statuses'])


class env_workdir_user(exec_base):
    """``--env``, ``--workdir`` and ``--user`` reach the process."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        env, workdir, user = opts.text('exec_env'), opts.text('exec_workdir'), opts.text('exec_user')
        variable, _, value = env.partition('=')
        uid, _, gid = user.partition(':')
        if not (variable and value and uid.isdigit() and gid.isdigit()):
            raise xceptions.DockerValueError(
                f'[{self.config_section}] exec_env must be NAME=VALUE and exec_user uid:gid in numbers; '
                f'got {env!r} and {user!r}'
            )
        script = f'echo "${variable}"; pwd; id -u; id -g'
        options = ['--env', env, '--workdir', workdir, '--user', user]
        result = dockercalls.must_pass(self, 'exec', *options, self.sub_stuff['name'], 'sh', '-c', script)
        self.failif_ne(result.stdout.splitlines(), [value, workdir, uid, gid], 'variable, directory, uid and gid')


class stdin(exec_base):
    """Standard input reaches the process with ``--interactive`` only."""

    def run_once(self):
        super().run_once()
        text = Options(self).text('stdin_text') + '\n'
        with_i = self.exec_in('cat', options=['--interactive'], stdin=text)
        self.failif(with_i.exit_status != 0, dockercalls.describe(with_i))
        self.failif_ne(with_i.stdout, text, 'what cat printed of its input with --interactive')
        without = self.exec_in('cat', stdin=text)
        self.failif(without.exit_status != 0, dockercalls.describe(without))
        self.failif_ne(without.stdout, '', 'what cat printed without --interactive')


class missing_command(exec_base):
    """A missing or non-executable command fails with the documented status."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        missing = opts.text('missing_cmd')
        result = self.exec_in(missing)
        allowed = [int(s) for s in opts.words('missing_cmd_statuses', allow_empty=False)]
        self.expect_status(result, allowed, f'docker exec of the missing {missing}')
        self.failif_not_in(missing, result.stderr + result.stdout, 'the docker exec error')
        not_executable = opts.text('not_executable')
        result = self.exec_in(not_executable)
        allowed = [int(s) for s in opts.words('not_executable_statuses', allow_empty=False)]
        self.expect_status(result, allowed, f'docker exec of the non-executable {not_executable}')


class stopped(exec_base):
    """Exec into a stopped container fails with the engine's error."""

    def run_once(self):
        super().run_once()
        name = self.sub_stuff['name']
        dockercalls.must_pass(self, 'kill', name)
        dockercalls.must_pass(self, 'wait', name)
        dockercalls.refused(self, self.exec_in('true'), 'stopped_msg', f'docker exec into the stopped {name}')


class paused(exec_base):
    """Exec into a paused container fails, and passes again after unpause."""

    def run_once(self):
        super().run_once()
        name = self.sub_stuff['name']
        dockercalls.must_pass_or_na(self, 'no_freezer_msgs', 'pause', name)
        result = self.exec_in('true')
        dockercalls.must_pass(self, 'unpause', name)
        dockercalls.refused(self, result, 'paused_msg', f'docker exec into the paused {name}')
        after = self.exec_in('true')
        self.failif(after.exit_status != 0, f'after unpause: {dockercalls.describe(after)}')
