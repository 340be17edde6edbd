"""Docker commands run for a subtest, on the Rust command runner.

Each class builds ``<docker_path> <docker_options> <subcmd> <subargs...>`` from the subtest's config
and runs it with no shell: every command runs in a process group of its own, is killed with that
group when ``timeout`` (default ``docker_timeout``) expires, has its output decoded as UTF-8
incrementally, and may be fed ``stdin``.

Sub-arguments keep the original's meaning: each one is split like a POSIX shell would split it, so
the legacy ``subargs=["/bin/sh -c 'echo hi'"]`` gives the three words ``/bin/sh``, ``-c`` and
``echo hi``. Text that needs a real shell (pipes, redirections, ``$``...) is refused with a clear
error rather than handed to one; pass ``raw_subargs=True`` to give each sub-argument verbatim as one
word.

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

import shlex
from collections.abc import Iterable
from typing import Any

from . import _core, ownership, xceptions
from .subtest import SubSubtest, Subtest

__all__ = ['AsyncDockerCmd', 'DockerCmd', 'DockerCmdBase', 'MustFailDockerCmd', 'NoFailDockerCmd']


def _describe(result: Any) -> str:
    """A multi-line account of a finished command, for error messages."""
    return (
        f'Command: {result.command}\nExit status: {result.exit_status}\nDuration: {result.duration:.3f} s\n'
        f'Standard output:\n{result.stdout}\nStandard error:\n{result.stderr}'
    )


class DockerCmdBase:
    """The command line of one docker invocation for a subtest.

    Args:
        subtest: the :class:`~dockertest.subtest.Subtest` or :class:`~dockertest.subtest.SubSubtest`
            whose config supplies ``docker_path``, ``docker_options`` and ``docker_timeout``.
        subcmd: the docker subcommand (``run``, ``images``, ...).
        subargs: its arguments, a list (a bare string is refused: it used to be split into characters).
        timeout: seconds before the command is killed; ``docker_timeout`` when None.
        raw_subargs: pass each sub-argument as one word instead of splitting it like a shell.
        job_label: add the job's ownership labels when the command creates something (inside a job).

    Raises:
        DockerTestError: ``subtest`` is not a Subtest or a SubSubtest.
        DockerValueError: ``subargs`` is a string, or a sub-argument cannot be split without a shell.
    """

    def __init__(
        self,
        subtest: Subtest | SubSubtest,
        subcmd: str,
        subargs: Iterable[str] | None = None,
        timeout: float | None = None,
        raw_subargs: bool = False,
        job_label: bool = True,
    ) -> None:
        if not isinstance(subtest, (Subtest, SubSubtest)):
            raise xceptions.DockerTestError(f'{type(subtest).__name__} is not a Subtest or a SubSubtest')
        if isinstance(subargs, (str, bytes)):
            raise xceptions.DockerValueError(f'subargs must be a list of arguments, not the string {subargs!r}')
        self.subtest = subtest
        self.subcmd = str(subcmd)
        self.subargs = [str(arg) for arg in subargs] if subargs else []
        self.raw_subargs = raw_subargs
        self.job_label = job_label
        self.timeout = float(subtest.config['docker_timeout'] if timeout is None else timeout)
        self.executed = 0
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
        return [self.docker_command, *_core.split_subargs(self.docker_options), *self._words()]

    def _words(self) -> list[str]:
        """The subcommand and its arguments, with the job's labels when ``job_label``."""
        words = [self.subcmd]
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

    def execute(self, stdin: str | bytes | None = None) -> Any:
        """Run the command; subclasses define how."""
        raise xceptions.DockerNotImplementedError(f'{type(self).__name__}.execute() is not implemented')

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

    def execute(self, stdin: str | bytes | None = None) -> _core.CmdResult:
        """Run the command, feeding ``stdin``.

        Returns:
            The result: ``command``, ``exit_status``, ``stdout``, ``stderr``, ``duration``, ``pid``.

        Raises:
            DockerCommandError: the command could not be started, or was killed at its timeout.
        """
        self.executed += 1
        try:
            result = _core.run(self._recorded_argv(), timeout=self.timeout, stdin=stdin)
        except _core.CommandError as err:
            raise self._fail_to_start(err) from err
        return self._finished(result)


class NoFailDockerCmd(DockerCmd):
    """A docker command that must succeed."""

    def execute(self, stdin: str | bytes | None = None) -> _core.CmdResult:
        """Run the command; a non-zero exit raises DockerExecError with the whole result."""
        result = super().execute(stdin)
        if result.exit_status != 0:
            raise xceptions.DockerExecError(f'Unexpected command failure:\n{_describe(result)}')
        return result


class MustFailDockerCmd(DockerCmd):
    """A docker command that must fail."""

    def execute(self, stdin: str | bytes | None = None) -> _core.CmdResult:
        """Run the command; a zero exit raises DockerExecError with the whole result."""
        result = super().execute(stdin)
        if result.exit_status == 0:
            raise xceptions.DockerExecError(f'Unexpected command success:\n{_describe(result)}')
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

    def execute(self, stdin: str | bytes | None = None) -> _core.CmdResult:
        """Start the command, feeding ``stdin``; returns the partial result.

        Raises:
            DockerCommandError: the command could not be started.
        """
        self.executed += 1
        try:
            self._job = _core.AsyncCmd(self._recorded_argv(), timeout=self.timeout, stdin=stdin)
        except _core.CommandError as err:
            raise self._fail_to_start(err) from err
        return self._job.result()

    def wait(self, timeout: float | None = None) -> _core.CmdResult:
        """Wait up to ``timeout`` seconds (default: until the command ends or is killed at its own timeout).

        Returns:
            The final result, or the partial one (``exit_status`` None) if ``timeout`` ran out first.

        Raises:
            DockerCommandError: the command was killed at its own timeout.
        """
        job = self._started()
        result = job.wait(timeout)
        return job.result() if result is None else self._finished(result)

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
