"""Docker commands run for a subtest, on the Rust command runner.

Each class builds ``<docker_path> <docker_options> <subcmd> <subargs...>`` from the subtest's config
and runs it with no shell: every command runs in a process group of its own, is killed with that
group when ``timeout`` (default ``docker_timeout``) expires, has its output decoded as UTF-8
incrementally, and may be fed ``stdin``.

Sub-arguments keep the original's meaning: ``subargs`` is a list, or one string, and each one is
split like a POSIX shell would split it, so the legacy ``subargs=["/bin/sh -c 'echo hi'"]`` gives the
three words ``/bin/sh``, ``-c`` and ``echo hi``. Text inside single quotes is literal. Text that needs
a real shell (an unquoted ``$``, backticks, ``;``, ``|``, redirections...) is refused with an error
naming it rather than handed to one: nothing ever reaches a shell on the host. Pass
``raw_subargs=True`` to give each sub-argument verbatim as one word.

``stdin`` may be text, bytes, an open file object or an integer file descriptor (a pipe the subtest
writes to while the command runs). Results are Autotest ``CmdResult`` objects, the core's one result
type (``str()`` shows the command, exit status, duration, stdout and stderr; ``timed_out`` and ``pid``
besides); a background command's result (:class:`LiveCmdResult`) follows it until it ends. The
command line is built by :func:`dockertest.environment.docker_argv`. The command also keeps its last result
(``cmdresult``, ``stdout``, ``stderr``, ``exit_status``, ``duration``, as in 0.8.x), each raising
DockerTestError before ``execute()``.

This is the command layer through which a job's docker commands go: inside a job, a command that
creates something carries the job's labels and every command is recorded
(:mod:`dockertest.ownership`); ``job_label=False`` leaves a command's labels as written.

- :class:`DockerCmd`: run to completion; a non-zero exit is returned, not raised.
- :class:`NoFailDockerCmd`: a non-zero exit raises :class:`~dockertest.xceptions.DockerExecError`.
- :class:`MustFailDockerCmd`: a zero exit raises :class:`~dockertest.xceptions.DockerExecError`.
- :class:`AsyncDockerCmd`: run in the background; the interpreter is never blocked while it waits.

A command that cannot be started, or that is killed at its timeout, raises
:class:`~dockertest.xceptions.DockerCommandError` naming the command and the reason.
"""

from __future__ import annotations

import io
import os
import shlex
import stat
import time
from collections.abc import Iterable
from typing import IO, Any, Union

from autotest.client.shared import utils

from . import _core, environment, ownership, xceptions
from .cmdresult import details
from .subtest import SubSubtest, Subtest

#: What ``execute()`` takes as standard input.
Stdin = Union[str, bytes, int, IO[Any], None]

__all__ = ['AsyncDockerCmd', 'DockerCmd', 'DockerCmdBase', 'MustFailDockerCmd', 'NoFailDockerCmd']


#: The result of a docker command: Autotest's ``CmdResult`` (the core's one result type), which also
#: has ``timed_out`` and ``pid``.
DockerCmdResult = utils.CmdResult


def _live(field: str) -> property:
    """A field of a :class:`LiveCmdResult`: read from the command as it stands; setting it pins the
    result (it stops following the command until ``wait()`` completes it)."""

    def get(self: LiveCmdResult) -> Any:
        return getattr(self._now(), field)

    def put(self: LiveCmdResult, value: Any) -> None:
        if self._final is None:
            self._final = self._job.result()
        setattr(self._final, field, value)

    return property(get, put, doc=f'``{field}`` of the command as it stands.')


class LiveCmdResult(utils.CmdResult):
    """The result of a background command: it shows the output so far, and ``exit_status`` once the
    command has ended; ``AsyncDockerCmd.wait()`` completes it. Its fields may be set, as those of any
    ``CmdResult``; it pickles as the result it shows.

    Args:
        job: the running command.
    """

    def __init__(self, job: Any) -> None:
        self._job = job
        self._final: Any = None

    def _now(self) -> Any:
        return self._final if self._final is not None else self._job.result()

    def complete(self, result: Any) -> None:
        """Fix the result at the command's final one."""
        self._final = result

    def __repr__(self) -> str:
        return repr(self._now())

    def __reduce__(self) -> Any:
        state = self._now().__reduce__()[2]
        return (utils.CmdResult, (), state)

    command = _live('command')
    stdout = _live('stdout')
    stderr = _live('stderr')
    exit_status = _live('exit_status')
    duration = _live('duration')
    timed_out = _live('timed_out')
    pid = _live('pid')


def _stdin(stdin: Stdin) -> str | bytes | int | None:
    """What the core feeds the command: text or bytes as given, the rest of a regular file, or the
    descriptor of a pipe, FIFO or terminal (read by the command while it runs).

    Raises:
        DockerValueError: ``stdin`` is none of str, bytes, a file object or a file descriptor.
    """
    if stdin is None or isinstance(stdin, (str, bytes)):
        return stdin
    if isinstance(stdin, (bytearray, memoryview)):
        return bytes(stdin)
    if isinstance(stdin, int) and not isinstance(stdin, bool):
        if stat.S_ISREG(os.fstat(stdin).st_mode):
            with os.fdopen(os.dup(stdin), 'rb') as handle:
                data = handle.read()
            os.lseek(stdin, 0, os.SEEK_END)
            return data
        return stdin
    if hasattr(stdin, 'read'):
        try:
            fd = stdin.fileno()
        except (OSError, io.UnsupportedOperation):
            fd = None
        if fd is None or stat.S_ISREG(os.fstat(fd).st_mode):
            return stdin.read()
        return fd
    raise xceptions.DockerValueError(
        f'stdin must be text, bytes, an open file or a file descriptor, not {type(stdin).__name__}'
    )


class DockerCmdBase:
    """The command line of one docker invocation for a subtest.

    Args:
        subtest: the :class:`~dockertest.subtest.Subtest` or :class:`~dockertest.subtest.SubSubtest`
            whose config supplies ``docker_path``, ``docker_options`` and ``docker_timeout``.
        subcmd: the docker subcommand (``run``, ``images``, ...).
        subargs: its arguments: a list, or one string split like a shell would (without one).
        timeout: seconds before the command is killed; ``docker_timeout`` when None.
        raw_subargs: pass each sub-argument as one word instead of splitting it like a shell.
        job_label: add the job's ownership labels when the command creates something (inside a job).
        env: environment variables set for the command on top of the inherited ones (a client's
            ``DOCKER_CONFIG``, for instance).

    Raises:
        DockerTestError: ``subtest`` is not a Subtest or a SubSubtest.
        DockerValueError: a sub-argument cannot be split without a shell; the message names the text.
    """

    def __init__(
        self,
        subtest: Subtest | SubSubtest,
        subcmd: str,
        subargs: Iterable[str] | None = None,
        timeout: float | None = None,
        raw_subargs: bool = False,
        job_label: bool = True,
        env: dict[str, str] | None = None,
    ) -> None:
        if not isinstance(subtest, (Subtest, SubSubtest)):
            raise xceptions.DockerTestError(f'{type(subtest).__name__} is not a Subtest or a SubSubtest')
        if isinstance(subargs, bytes):
            subargs = subargs.decode()
        if isinstance(subargs, str):
            subargs = [subargs]  # one string of arguments, split like the items of a list
        self.subtest = subtest
        self.subcmd = str(subcmd)
        self.subargs = [str(arg) for arg in subargs] if subargs else []
        self.raw_subargs = raw_subargs
        self.job_label = job_label
        self.env = dict(env) if env else None
        self.timeout = float(subtest.config['docker_timeout'] if timeout is None else timeout)
        self.executed = 0
        self._cmdresult: Any = None
        self.argv()  # refuse unsplittable sub-arguments now, not when the command runs

    @property
    def docker_command(self) -> str:
        """The docker client under test, ``docker_path``."""
        return str(self.subtest.config['docker_path'])

    @property
    def docker_options(self) -> str:
        """The options placed before every subcommand, ``docker_options``."""
        return str(self.subtest.config.get('docker_options') or '')

    def argv(self) -> list[str]:
        """The argument list that is run."""
        return environment.docker_argv(self.docker_command, self.docker_options, *self._words())

    def _words(self) -> list[str]:
        """The subcommand and its arguments, with the job's labels when ``job_label``."""
        words: list[str] = []
        if self.subcmd:  # an empty sub-command adds no empty argument
            words.extend(_core.split_subargs(self.subcmd) if not self.raw_subargs else [self.subcmd])
        for arg in self.subargs:
            words.extend([arg] if self.raw_subargs else _core.split_subargs(arg))
        return ownership.label_words(words) if self.job_label else words

    def _recorded_argv(self) -> list[str]:
        """The argv to run, after appending the command to the job's record."""
        ownership.note(self._words())
        return self.argv()

    @property
    def command(self) -> str:
        """The command as one line of text (for logs; it is not run through a shell)."""
        return shlex.join(self.argv())

    def __str__(self) -> str:
        return self.command

    def execute(self, stdin: Stdin = None) -> Any:
        """Run the command; subclasses define how."""
        raise xceptions.DockerNotImplementedError(f'{type(self).__name__}.execute() is not implemented')

    def _result(self, what: str) -> Any:
        result = self.cmdresult
        if result is None:
            raise xceptions.DockerTestError(f'Attempted to access {what} before execute() called.')
        return result

    @property
    def cmdresult(self) -> Any:
        """The result of the last ``execute()`` (an Autotest ``CmdResult``), or None before it."""
        return self._cmdresult

    @property
    def stdout(self) -> str:
        """Standard output of the last run; DockerTestError before ``execute()``."""
        return self._result('stdout').stdout

    @property
    def stderr(self) -> str:
        """Standard error of the last run; DockerTestError before ``execute()``."""
        return self._result('stderr').stderr

    @property
    def exit_status(self) -> int | None:
        """Exit status of the last run; DockerTestError before ``execute()``."""
        return self._result('exit_status').exit_status

    @property
    def duration(self) -> float:
        """Seconds the last run took; DockerTestError before ``execute()``."""
        return self._result('duration').duration

    def execute_calls(self) -> int:
        """How many times the command ran."""
        return self.executed

    def _fail_to_start(self, err: Exception) -> xceptions.DockerCommandError:
        return xceptions.DockerCommandError(
            self.command, None, f'cannot be run: {err} (docker_path is {self.docker_command!r})'
        )

    def _finished(self, result: Any) -> Any:
        """A finished command: what its output says it made goes to the job's record; a command
        killed at its timeout raises."""
        ownership.note_output(self._words(), result.stdout)
        if result.timed_out:
            raise xceptions.DockerCommandError(
                self.command, result, f'did not complete within {self.timeout:g} seconds and was killed'
            )
        return result


class DockerCmd(DockerCmdBase):
    """Run a docker command to completion; a non-zero exit is returned in the result, not raised."""

    def execute(self, stdin: Stdin = None) -> DockerCmdResult:
        """Run the command, feeding ``stdin`` (text, bytes, an open file or a file descriptor).

        Returns:
            The result: ``command``, ``exit_status``, ``stdout``, ``stderr``, ``duration``, ``pid``.

        Raises:
            DockerCommandError: the command could not be started, or was killed at its timeout.
        """
        self.executed += 1
        try:
            result = _core.run(self._recorded_argv(), timeout=self.timeout, stdin=_stdin(stdin), env=self.env)
        except _core.CommandError as err:
            raise self._fail_to_start(err) from err
        self._cmdresult = result
        return self._finished(result)


class NoFailDockerCmd(DockerCmd):
    """A docker command that must succeed."""

    def execute(self, stdin: Stdin = None) -> DockerCmdResult:
        """Run the command; a non-zero exit raises DockerExecError with the whole result."""
        result = super().execute(stdin)
        if result.exit_status != 0:
            raise xceptions.DockerExecError(f'Unexpected command failure:\n{details(result)}')
        return result


class MustFailDockerCmd(DockerCmd):
    """A docker command that must fail."""

    def execute(self, stdin: Stdin = None) -> DockerCmdResult:
        """Run the command; a zero exit raises DockerExecError with the whole result."""
        result = super().execute(stdin)
        if result.exit_status == 0:
            raise xceptions.DockerExecError(f'Unexpected command success:\n{details(result)}')
        return result


class AsyncDockerCmd(DockerCmdBase):
    """A docker command running in the background.

    ``execute()`` starts it and returns at once; ``wait()`` waits with the interpreter released.
    ``done``, ``stdout``, ``stderr``, ``process_id`` and ``exit_status`` read its state so far; each
    raises DockerTestError before ``execute()``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._job: _core.AsyncCmd | None = None

    def _started(self) -> _core.AsyncCmd:
        if self._job is None:
            raise xceptions.DockerTestError(f'{self.command} has not been executed')
        return self._job

    def execute(self, stdin: Stdin = None) -> LiveCmdResult:
        """Start the command, feeding ``stdin`` (text, bytes, an open file, or a file descriptor such
        as the read end of a pipe the subtest writes to while the command runs).

        Returns:
            The live result: it shows the output so far, ``exit_status`` once the command ends, and
            ``wait()`` completes it.

        Raises:
            DockerCommandError: the command could not be started.
        """
        self.executed += 1
        try:
            self._job = _core.AsyncCmd(self._recorded_argv(), timeout=self.timeout, stdin=_stdin(stdin), env=self.env)
        except _core.CommandError as err:
            raise self._fail_to_start(err) from err
        self._cmdresult = LiveCmdResult(self._job)
        return self._cmdresult

    def execute_calls(self) -> int:
        """Not counted for a background command, as in the original.

        Raises:
            DockerRuntimeError: always.
        """
        raise xceptions.DockerRuntimeError(
            'AsyncDockerCmd does not count its executions; check executed or exit_status instead'
        )

    def wait(self, timeout: float | None = None) -> LiveCmdResult:
        """Wait up to ``timeout`` seconds (default: until the command ends or is killed at its own timeout).

        Returns:
            The result ``execute()`` returned: final, or still partial (``exit_status`` None) if
            ``timeout`` ran out first.

        Raises:
            DockerCommandError: the command was killed at its own timeout.
        """
        job = self._started()
        result = job.wait(timeout)
        if result is not None:
            self._cmdresult.complete(result)
            self._finished(result)
        return self._cmdresult

    def _container(self, cid: str | None) -> str | None:
        """The container this command runs or attaches to, as far as its arguments tell."""
        if cid is not None:
            return cid
        words = self.argv()
        if self.subcmd == 'attach' and self.subargs:
            return words[-1]
        for index, word in enumerate(words):
            if word.startswith('--name='):
                return word.split('=', 1)[1]
            if word == '--name' and index + 1 < len(words):
                return words[index + 1]
        return None

    def wait_for_ready(self, cid: str | None = None, timeout: float | None = None, timestep: float = 0.2) -> None:
        """Wait until ``READY`` shows on the command's output or in ``docker logs`` of its container.

        Args:
            cid: the container; by default the one ``attach`` names or ``--name`` gives.
            timeout: seconds to wait; this command's ``timeout`` when None.
            timestep: seconds between looks.

        Raises:
            DockerExecError: the command ended first, or ``timeout`` ran out; the message says which.
        """
        job = self._started()
        name = self._container(cid)
        end = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            ended = job.poll() is not None
            if 'READY' in job.stdout:
                return
            if name is not None:
                logs = DockerCmd(self.subtest, 'logs', [name], raw_subargs=True).execute()
                if 'READY' in logs.stdout:
                    return
            if ended or time.monotonic() >= end:
                break
            time.sleep(timestep)
        if ended:
            status = job.poll()
            why = ' (normal exit status)' if status == 0 else f'; exit status = {status}'
            raise xceptions.DockerExecError(f'Container exited before READY{why}; stderr={job.stderr!r}')
        raise xceptions.DockerExecError(f'Timed out waiting for container READY; stdout={job.stdout!r}')

    def kill(self, signal: int = 15) -> None:
        """Send ``signal`` to the command's process group (the docker client, not the container)."""
        self._started().kill(signal)

    @property
    def done(self) -> bool:
        """Whether the command has exited and all its output has been read."""
        return self._started().done

    @property
    def stdout(self) -> str:
        """Standard output so far."""
        return self._started().stdout

    @property
    def stderr(self) -> str:
        """Standard error so far."""
        return self._started().stderr

    @property
    def process_id(self) -> int:
        """The pid of the docker client (also its process group id)."""
        return self._started().pid

    @property
    def exit_status(self) -> int | None:
        """The exit status, or None while the command runs."""
        return self._started().poll()
