"""Command running and small helpers shared by the Autotest client.

``run`` and ``AsyncJob`` are backed by the Rust command runner of ``dockertest._core``: every command
runs in a process group of its own, a timeout kills the whole group, output is decoded incrementally
as UTF-8 (a multi-byte character split between two reads stays intact), and a ``str`` stdin is
encoded as UTF-8. Shell command lines run through ``/bin/sh -c``.
"""

from __future__ import annotations

import logging
import os
import random
import re
import signal
import socket
import string
import time
from typing import Any, Callable

from autotest.client.shared import error
from dockertest import _core

__all__ = [
    'AsyncJob',
    'CmdResult',
    'generate_random_string',
    'get_unique_name',
    'is_port_free',
    'pid_is_alive',
    'read_keyval',
    'run',
    'safe_kill',
    'sh_escape',
    'signal_pid',
    'system',
    'system_output',
    'wait_for',
    'write_keyval',
]

LOG = logging.getLogger('autotest.utils')
DEFAULT_STDOUT_LEVEL = logging.DEBUG
DEFAULT_STDERR_LEVEL = logging.ERROR

_KEYVAL_KEY = re.compile(r'^[-.\w]+$')
_TYPED_KEYVAL_KEY = re.compile(r'^[-.\w]+\{(\w+)\}$')


class CmdResult:
    """The outcome of a command.

    Args:
        command: the command line.
        stdout: its standard output (text).
        stderr: its standard error (text).
        exit_status: its exit status; ``None`` while it runs, minus the signal number if one ended it.
        duration: wall time in seconds.
    """

    def __init__(
        self, command: str = '', stdout: str = '', stderr: str = '', exit_status: int | None = None, duration: float = 0
    ) -> None:
        self.command = command
        self.exit_status = exit_status
        self.stdout = stdout
        self.stderr = stderr
        self.duration = duration

    def __repr__(self) -> str:
        lines = [
            f'* Command: {self.command}',
            f'Exit status: {self.exit_status}',
            f'Duration: {self.duration}',
            '',
            f'stdout:\n{self.stdout.rstrip()}',
            f'stderr:\n{self.stderr.rstrip()}',
        ]
        return '\n'.join(lines)


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


def _to_result(command: str, core_result: Any) -> CmdResult:
    return CmdResult(
        command=command,
        stdout=core_result.stdout,
        stderr=core_result.stderr,
        exit_status=core_result.exit_status,
        duration=core_result.duration,
    )


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
    outcome = _core.run(command, timeout=timeout, stdin=stdin)
    result = _to_result(command, outcome)
    _write_tee(stdout_tee, result.stdout)
    _write_tee(stderr_tee, result.stderr)
    if outcome.timed_out:
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
        self.result = _to_result(self.command, final)
        _write_tee(self.stdout_tee, self.result.stdout)
        _write_tee(self.stderr_tee, self.result.stderr)
        if timed_out:
            raise _timeout_error(self.command, self.result, timeout or 0)
        return self.result


def wait_for(
    func: Callable[[], Any], timeout: float, first: float = 0.0, step: float = 1.0, text: str | None = None
) -> Any:
    """Call ``func`` until it returns a true value or ``timeout`` seconds pass.

    Args:
        func: the condition to poll.
        timeout: seconds to keep trying.
        first: seconds to sleep before the first call.
        step: seconds between calls.
        text: logged at debug level before each call.

    Returns:
        The first true value of ``func()``, or ``None`` on timeout.
    """
    end_time = time.time() + timeout
    time.sleep(first)
    while time.time() < end_time:
        if text:
            LOG.debug('%s (%f secs)', text, end_time - time.time())
        output = func()
        if output:
            return output
        time.sleep(step)
    return None


def generate_random_string(length: int, ignore_str: str = string.punctuation, convert_str: str = '') -> str:
    """Return a random string of letters, digits and punctuation.

    Args:
        length: how many characters.
        ignore_str: characters never to use (punctuation by default).
        convert_str: characters that are used backslash-escaped.

    Returns:
        The string (longer than ``length`` when characters were escaped).
    """
    rng = random.SystemRandom()
    chars = ''.join(c for c in string.ascii_letters + string.digits + string.punctuation if c not in (ignore_str or ''))
    out = []
    for _ in range(length):
        char = rng.choice(chars)
        out.append('\\' + char if char in convert_str else char)
    return ''.join(out)


def get_unique_name(
    check: Callable[[str], bool], prefix: str = '', suffix: str = '', length: int | None = None, skip: int | None = None
) -> str:
    """Return the first generated name that ``check`` accepts.

    The names come from the one generator of the Rust core (``dockertest._core.unique_name``, which
    the docker listings use too): ``prefix``, the variable part and ``suffix`` joined by ``_``,
    without doubled separators.

    Args:
        check: returns True when a name is free.
        prefix: text before the variable part.
        suffix: text after the variable part.
        length: with a length, the variable part is that many random letters and digits; otherwise
            it is a counter.
        skip: the first counter value (0 by default).

    Returns:
        The name.

    Raises:
        AutotestError: no free name among 1,000 tries.
    """
    return _core.unique_name(prefix, suffix, length or None, is_free=check, lowercase=False, start=skip or 0)


def pid_is_alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie.

    Args:
        pid: the process id.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    fields = process_stat(pid)
    return fields is None or fields[0] != 'Z'


def process_stat(pid: int | str) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (state, ppid, pgrp, session, ...).

    Args:
        pid: the process id.

    Returns:
        The fields, or None when the process is gone or the file is unreadable.
    """
    try:
        with open(f'/proc/{pid}/stat', encoding='utf-8', errors='replace') as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields or None


def safe_kill(pid: int, sig: int) -> bool:
    """Send a signal, ignoring a vanished process.

    Args:
        pid: the process id.
        sig: the signal number.

    Returns:
        True if the signal was sent.
    """
    try:
        os.kill(pid, sig)
    except OSError:
        return False
    return True


def signal_pid(pid: int, sig: int) -> bool:
    """Send a signal and wait up to five seconds for the process to die.

    Args:
        pid: the process id.
        sig: the signal number.

    Returns:
        True if the process is gone.
    """
    safe_kill(pid, sig)
    for _ in range(50):
        if not pid_is_alive(pid):
            return True
        time.sleep(0.1)
    return False


def is_port_free(port: int, address: str) -> bool:
    """Whether a TCP port can be bound (``localhost``) or is not listening (other addresses).

    Args:
        port: the port number.
        address: the host to check.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            if address == 'localhost':
                sock.bind(('localhost', port))
            else:
                sock.connect((address, port))
                return False
        except OSError:
            return address != 'localhost'
    return True


def write_keyval(path: str, dictionary: dict[str, Any], type_tag: str | None = None) -> None:
    """Append ``key=value`` lines, sorted by key, to a keyval file.

    Args:
        path: the file, or a directory holding ``keyval``.
        dictionary: the values.
        type_tag: ``perf`` or ``attr``: keys are written as ``key{type_tag}``.

    Raises:
        ValueError: a key does not match ``^[-.\\w]+$`` or the type tag is unknown.
    """
    if os.path.isdir(path):
        path = os.path.join(path, 'keyval')
    if type_tag not in (None, 'attr', 'perf'):
        raise ValueError(f'Invalid type tag {type_tag!r} for keyval file {path}: use attr or perf')
    lines = []
    for key in sorted(dictionary):
        if not _KEYVAL_KEY.match(str(key)):
            raise ValueError(f'Invalid key {key!r} for keyval file {path}: keys must match ^[-.\\w]+$')
        shown = f'{key}{{{type_tag}}}' if type_tag else key
        lines.append(f'{shown}={dictionary[key]}\n')
    with open(path, 'a', encoding='utf-8') as keyval:
        keyval.writelines(lines)


def read_keyval(path: str) -> dict[str, str]:
    """Read a keyval file (or a directory holding ``keyval``); a missing file gives ``{}``.

    Args:
        path: the file or directory.

    Returns:
        The values; a ``{perf}``/``{attr}`` suffix is kept in the key, later lines win.
    """
    if os.path.isdir(path):
        path = os.path.join(path, 'keyval')
    values: dict[str, str] = {}
    if not os.path.exists(path):
        return values
    with open(path, encoding='utf-8') as keyval:
        for number, line in enumerate(keyval, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            key, sep, value = line.partition('=')
            if not sep or not (_KEYVAL_KEY.match(key) or _TYPED_KEYVAL_KEY.match(key)):
                raise ValueError(f'{path}, line {number}: invalid keyval line {line!r}')
            values[key] = value
    return values
