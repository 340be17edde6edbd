"""Type stubs for the compiled Rust core, ``dockertest._core``."""

__version__: str
"""The package version, which is also the dockertest API version (``MAJOR.MINOR.REVIS``)."""

class DockertestError(Exception):
    """Base class of every exception raised by the Rust core of dockertest."""

# --- command runner (src/cmd/, src/python/cmd.rs) ---

class CommandError(OSError):
    """A command could not be started (missing program, bad working directory, empty argument list)."""

class CmdResult:
    """The outcome of a command.

    Attributes:
        command: the command as text (the shell line, or the argument list joined by spaces).
        exit_status: the exit code, or minus the signal that ended the process (``-15`` after a
            timeout); ``None`` only for a partial result of a command still running.
        stdout: everything written to stdout, decoded incrementally as UTF-8 (invalid bytes become U+FFFD).
        stderr: everything written to stderr, decoded the same way.
        duration: wall time in seconds.
        timed_out: whether the timeout expired and the command's process group was killed.
        pid: the process id, which is also the command's process group id.
    """

    @property
    def command(self) -> str: ...
    @property
    def exit_status(self) -> int | None: ...
    @property
    def stdout(self) -> str: ...
    @property
    def stderr(self) -> str: ...
    @property
    def duration(self) -> float: ...
    @property
    def timed_out(self) -> bool: ...
    @property
    def pid(self) -> int: ...

def run(
    command: str | list[str] | tuple[str, ...],
    *,
    timeout: float | None = None,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
) -> CmdResult:
    """Run a command to completion in a process group of its own, with the interpreter released.

    Args:
        command: a ``str`` runs as ``/bin/sh -c command``; a list or tuple of ``str`` runs with no shell.
        timeout: seconds before the whole process group gets SIGTERM (SIGKILL one second later);
            the result then has ``timed_out`` set. No limit when ``None``.
        stdin: text (encoded as UTF-8) or bytes fed to stdin, which is then closed; ``/dev/null`` when ``None``.
        env: variables set on top of the inherited environment.
        cwd: the working directory of the command.

    Returns:
        The result; a non-zero exit is not an error here.

    Raises:
        CommandError: the command could not be started.
        ValueError: a negative timeout.
        TypeError: a command or stdin of the wrong type.
    """

class AsyncCmd:
    """A command running in the background; the arguments are those of :func:`run`.

    The timeout is enforced by the runner whether or not anybody waits. Dropping the object does not
    stop the command.
    """

    def __init__(
        self,
        command: str | list[str] | tuple[str, ...],
        *,
        timeout: float | None = None,
        stdin: str | bytes | None = None,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ) -> None: ...
    @property
    def pid(self) -> int:
        """The process id, which is also the process group id."""
    @property
    def command(self) -> str:
        """The command as text."""
    @property
    def stdout(self) -> str:
        """Everything read from stdout so far."""
    @property
    def stderr(self) -> str:
        """Everything read from stderr so far."""
    @property
    def done(self) -> bool:
        """Whether the process has exited and all its output has been read."""
    def poll(self) -> int | None:
        """The exit status once the process has exited, else ``None``."""
    def wait(self, timeout: float | None = None) -> CmdResult | None:
        """Wait (interpreter released) until the command finishes, or at most ``timeout`` seconds.

        Returns:
            The final result, or ``None`` if the command is still running. Nothing is killed.
        """
    def result(self) -> CmdResult:
        """The result as it stands (partial while the command runs)."""
    def kill(self, signal: int = 15) -> None:
        """Send ``signal`` to the command's whole process group, unless it has already exited."""
