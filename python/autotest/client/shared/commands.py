"""Running commands: :func:`run`, :func:`system`, :func:`system_output`, :class:`AsyncJob` and :class:`CmdResult`.

They are backed by the Rust command runner of ``dockertest._core``: every command runs in a process
group of its own, a timeout kills the whole group, output is decoded incrementally as UTF-8 (a
multi-byte character split between two reads stays intact), and a ``str`` stdin is encoded as UTF-8.
Shell command lines run through ``/bin/sh -c``. The original import name is
:mod:`autotest.client.shared.utils`.
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any, Callable

from autotest.client.shared import error
from dockertest import _core

__all__ = ['AsyncJob', 'CmdResult', 'run', 'sh_escape', 'system', 'system_output']

LOG = logging.getLogger('autotest.utils')
DEFAULT_STDOUT_LEVEL = logging.DEBUG
DEFAULT_STDERR_LEVEL = logging.ERROR


#: The outcome of a command: the core's result type (``dockertest._core.CmdResult``), built with the
#: original signature ``CmdResult(command='', stdout='', stderr='', exit_status=None, duration=0)``.
#: Its fields are settable, it also has ``timed_out`` and ``pid``, and ``str()``/``repr()`` show the
#: command, exit status, duration, stdout and stderr in the original layout.
CmdResult = _core.CmdResult


def sh_escape(command: str) -> str:
    """Escape ``command`` for use inside a double-quoted shell string.

    Args:
        command: the text to escape.

    Returns:
        The text with backslash, dollar, double quote and backquote escaped.
    """
    for char in ('\\', '$', '"', '`'):
        command = command.replace(char, '\\' + char)
    return command


def _write_tee(tee: Any, text: str) -> None:
    if tee is None or not text:
        return
    if isinstance(tee, logging.Logger):
        for line in text.splitlines():
            tee.debug(line)
    else:
        tee.write(text)
        if hasattr(tee, 'flush'):
            tee.flush()


def _timeout_error(command: str, result: CmdResult, timeout: float) -> error.CmdError:
    return error.CmdError(command, result, f'Command(s) did not complete within {timeout:g} seconds')


def run(
    command: str,
    timeout: float | None = None,
    ignore_status: bool = False,
    stdout_tee: Any = None,
    stderr_tee: Any = None,
    verbose: bool = True,
    stdin: str | bytes | None = None,
    stderr_is_expected: bool | None = None,
    args: tuple[str, ...] | list[str] = (),
) -> CmdResult:
    """Run a command line through ``/bin/sh -c`` and wait for it.

    Args:
        command: the shell command line.
        timeout: seconds before the command's whole process group is killed; no limit when ``None``.
        ignore_status: do not raise on a non-zero exit status.
        stdout_tee: a file-like object or logger that receives the standard output.
        stderr_tee: the same for standard error.
        verbose: log ``Running '<command>'`` at debug level.
        stdin: text (encoded as UTF-8) or bytes fed to the command.
        stderr_is_expected: accepted for compatibility; it has no effect.
        args: extra arguments, each appended double-quoted and shell-escaped.

    Returns:
        The command's result.

    Raises:
        CmdError: the command exited non-zero (unless ``ignore_status``), or did not finish within
            ``timeout`` seconds (exit status -15, always raised).
    """
    for arg in args:
        command += f' "{sh_escape(arg)}"'
    if verbose:
        LOG.debug("Running '%s'", command)
    result = _core.run(command, timeout=timeout, stdin=stdin)
    _write_tee(stdout_tee, result.stdout)
    _write_tee(stderr_tee, result.stderr)
    if result.timed_out:
        raise _timeout_error(command, result, timeout or 0)
    if result.exit_status != 0 and not ignore_status:
        raise error.CmdError(command, result, 'Command returned non-zero exit status')
    return result


def system(command: str, timeout: float | None = None, ignore_status: bool = False, verbose: bool = True) -> int:
    """Run a command line and return its exit status.

    Args:
        command: the shell command line.
        timeout: seconds before it is killed.
        ignore_status: do not raise on a non-zero exit status.
        verbose: log the command.

    Returns:
        The exit status.
    """
    result = run(command, timeout=timeout, ignore_status=ignore_status, verbose=verbose)
    return result.exit_status if result.exit_status is not None else -1


def system_output(
    command: str,
    timeout: float | None = None,
    ignore_status: bool = False,
    retain_output: bool = False,
    args: tuple[str, ...] | list[str] = (),
    verbose: bool = True,
) -> str:
    """Run a command line and return its standard output without one trailing newline.

    Args:
        command: the shell command line.
        timeout: seconds before it is killed.
        ignore_status: do not raise on a non-zero exit status.
        retain_output: accepted for compatibility; it has no effect.
        args: extra arguments, each appended double-quoted and shell-escaped.
        verbose: log the command.

    Returns:
        The standard output.
    """
    out = run(command, timeout=timeout, ignore_status=ignore_status, args=args, verbose=verbose).stdout
    return out.removesuffix('\n')


class _Process:
    """The ``sp`` attribute of an :class:`AsyncJob`, shaped like ``subprocess.Popen``."""

    def __init__(self, cmd: Any) -> None:
        self._cmd = cmd
        self.pid = cmd.pid

    @property
    def returncode(self) -> int | None:
        return self._cmd.poll()

    def poll(self) -> int | None:
        """The exit status once the process has exited, else ``None``."""
        return self._cmd.poll()

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the process and return its exit status (``None`` if still running at ``timeout``)."""
        self._cmd.wait(timeout)
        return self._cmd.poll()

    def send_signal(self, sig: int) -> None:
        """Signal the command's whole process group."""
        self._cmd.kill(sig)

    def terminate(self) -> None:
        """Send SIGTERM to the command's process group."""
        self._cmd.kill(signal.SIGTERM)

    def kill(self) -> None:
        """Send SIGKILL to the command's process group."""
        self._cmd.kill(signal.SIGKILL)


class AsyncJob:
    """A shell command running in the background.

    Args:
        command: the shell command line.
        stdout_tee: a file-like object or logger that receives the standard output when the job ends.
        stderr_tee: the same for standard error.
        verbose: log the command.
        stdin: text (encoded as UTF-8) or bytes fed to the command.
        stderr_level: accepted for compatibility.
        kill_func: called instead of the default process-group kill when :meth:`wait_for` times out.
        close_fds: accepted for compatibility; descriptors are never leaked to the command.
    """

    def __init__(
        self,
        command: str,
        stdout_tee: Any = None,
        stderr_tee: Any = None,
        verbose: bool = True,
        stdin: str | bytes | None = None,
        stderr_level: int = DEFAULT_STDERR_LEVEL,
        kill_func: Callable[[], Any] | None = None,
        close_fds: bool = False,
    ) -> None:
        if verbose:
            LOG.debug("Running '%s'", command)
        self.command = command
        self.stdout_tee = stdout_tee
        self.stderr_tee = stderr_tee
        self.kill_func = kill_func
        self.start_time = time.time()
        self._cmd = _core.AsyncCmd(command, stdin=stdin)
        self.sp = _Process(self._cmd)
        self.result = CmdResult(command)

    def get_stdout(self) -> str:
        """The standard output read so far."""
        return self._cmd.stdout

    def get_stderr(self) -> str:
        """The standard error read so far."""
        return self._cmd.stderr

    def output_prepare(self, stdout_file: Any = None, stderr_file: Any = None) -> None:
        """Accepted for compatibility: output is always captured by the runner."""

    def process_output(self, stdout: bool = True, final_read: bool = False) -> None:
        """Accepted for compatibility: output is always captured by the runner."""

    def cleanup(self) -> None:
        """Accepted for compatibility: the runner closes its pipes itself."""

    def wait_for(self, timeout: float | None = None) -> CmdResult:
        """Wait for the command and return its result.

        Args:
            timeout: seconds to wait; on expiry the command's process group is killed (or
                ``kill_func`` is called).

        Returns:
            The final result.

        Raises:
            CmdError: the command did not finish within ``timeout`` seconds.
        """
        final = self._cmd.wait(timeout)
        timed_out = final is None
        if timed_out:
            if self.kill_func is not None:
                self.kill_func()
            else:
                self._cmd.kill(signal.SIGTERM)
                if self._cmd.wait(1.0) is None:
                    self._cmd.kill(signal.SIGKILL)
            final = self._cmd.wait(5.0) or self._cmd.result()
        self.result = final
        _write_tee(self.stdout_tee, self.result.stdout)
        _write_tee(self.stderr_tee, self.result.stderr)
        if timed_out:
            raise _timeout_error(self.command, self.result, timeout or 0)
        return self.result
