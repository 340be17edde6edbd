"""Type stubs for the compiled Rust core, ``dockertest._core``."""

__version__: str
"""The package version, which is also the dockertest API version (``MAJOR.MINOR.REVIS``)."""

class DockertestError(Exception):
    """Base class of every exception raised by the Rust core of dockertest."""

# --- parsers: exceptions ---------------------------------------------------------------------------

class DockerOutputError(DockertestError, ValueError):
    """Docker output could not be parsed.

    The message names the command (when known), the line and the column.

    Attributes:
        command: The command whose output it was, or None.
        line: The 1-based line of the offending text.
        column: The 1-based column, in characters.
        reason: What is wrong there.
    """

    command: str | None
    line: int
    column: int
    reason: str

class DockerFullNameFormatError(DockertestError, ValueError):
    """An image name does not have the form ``[registry_hostname[:port]/][user_name/](repository_name[:version_tag])``.

    Attributes:
        name: The rejected name.
    """

    name: str

class DockerSocketError(DockertestError, OSError):
    """The Engine API over a unix socket failed (daemon down, timeout, bad answer); the message names the socket."""
