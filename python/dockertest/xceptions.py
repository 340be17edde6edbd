"""The dockertest exception classes, with the original's names and bases.

Classes named after an Autotest error derive from the project's ``autotest.client.shared.error``
classes, so Autotest records the status their base carries (``DockerTestFail`` is a ``FAIL``,
``DockerTestNAError`` a ``TEST_NA``, ...). The others derive from a builtin and from
:class:`autotest.client.shared.error.AutotestError` at once, so callers may catch either.

This module is the one place these classes are defined. Errors from the Rust core arrive as them:
the core's single conversion point imports the class once and raises :class:`DockerConfigError`
for a config problem, :class:`DockerVersionError` and :class:`DockerAutotestVersionError` for a
version mismatch, :class:`DockerOutputError` for output it cannot parse,
:class:`DockerFullNameFormatError` for a malformed image name, :class:`DockerSocketError` and
:class:`DockerAPIError` for the Engine API, and :class:`DockerValueError` for any other bad value.
The core's own single-base classes (:class:`DockertestError`, :class:`ConfigError`,
:class:`VersionError`) are re-exported here and are bases of the matching classes.
``dockertest._core`` answers the names of the four parser and API classes with these very classes.
"""

from __future__ import annotations

import configparser  # noqa: TID251 - only a base class: DockerConfigError is an InterpolationError, as in 2014

from autotest.client.shared import error

from ._core import ConfigError, DockertestError, VersionError

__all__ = [
    'AutotestError',
    'ConfigError',
    'DockerAPIError',
    'DockerAttributeError',
    'DockerAutotestVersionError',
    'DockerCommandError',
    'DockerConfigError',
    'DockerExecError',
    'DockerFullNameFormatError',
    'DockerIOError',
    'DockerKeyError',
    'DockerNotImplementedError',
    'DockerOSError',
    'DockerOutputError',
    'DockerRuntimeError',
    'DockerSocketError',
    'DockerSubSubtestNAError',
    'DockerTestError',
    'DockerTestFail',
    'DockerTestNAError',
    'DockerValueError',
    'DockerVersionError',
    'DockertestError',
    'VersionError',
]

#: The image name format cited by :class:`DockerFullNameFormatError`.
FULL_NAME_FORMAT = '[registry_hostname[:port]/][user_name/](repository_name[:version_tag])'


class AutotestError(error.AutotestError):
    """Base class of the dockertest errors that are not test statuses."""


class DockerCommandError(error.CmdError):
    """A docker command failed, could not be started, or was killed at its timeout (status ``ERROR``)."""

    def __str__(self) -> str:
        if self.result_obj is None:
            return f'Command <{self.command}> {self.additional_text or "failed"}'
        return super().__str__()


class DockerExecError(error.TestFail):
    """A docker command that had to succeed did not (status ``FAIL``)."""


class DockerTestNAError(error.TestNAError):
    """The subtest does not apply here (status ``TEST_NA``)."""


class DockerTestError(error.TestError):
    """The subtest itself is broken (status ``ERROR``)."""


class DockerTestFail(error.TestFail):
    """The engine under test failed (status ``FAIL``)."""


class DockerValueError(ValueError, AutotestError):
    """A value has the wrong form."""


class DockerAttributeError(AttributeError, AutotestError):
    """An attribute is missing or unusable."""


class DockerKeyError(KeyError, AutotestError):
    """A key is missing, e.g. an option a config section does not have."""


class DockerOSError(OSError, AutotestError):
    """An operating-system call failed."""


class DockerIOError(OSError, AutotestError):
    """Reading or writing failed, or was refused (the original's ``IOError``)."""


class DockerConfigError(ConfigError, configparser.InterpolationError, AutotestError):
    """A config file or value is unusable.

    Built as ``DockerConfigError(option, section, message)``, the ``configparser`` way; ``str()`` is
    the message. Raised by the core, it also has ``file`` and ``line`` (``None`` when unknown).
    """

    file = None
    line = None


class DockerNotImplementedError(NotImplementedError, AutotestError):
    """The operation is not implemented."""


class DockerRuntimeError(RuntimeError, AutotestError):
    """Something went wrong at run time."""


class DockerVersionError(VersionError, DockerValueError):
    """The library and config versions disagree (also the core's :class:`VersionError`).

    Args:
        lib_version: the library's API version (``'Unknown'`` when ``None``).
        config_version: the configured version (``'Unknown'`` when ``None``).
    """

    #: Where the configured version was set (``file F, line N, option 'config_version'``), when known.
    where: str | None = None

    def __init__(self, lib_version: str | None = None, config_version: str | None = None) -> None:
        self.lib_version = 'Unknown' if lib_version is None else lib_version
        self.config_version = 'Unknown' if config_version is None else config_version
        super().__init__(self.lib_version, self.config_version)

    def __str__(self) -> str:
        return (
            f'{self.where + ": " if self.where else ""}'
            f'Docker test library version {self.lib_version} incompatible with test configuration version '
            f'{self.config_version}; the major and minor numbers must agree'
        )


class DockerAutotestVersionError(DockerVersionError):
    """The installed Autotest is older than the configured minimum.

    Args:
        lib_version: the installed Autotest version.
        config_version: the minimum ``autotest_version`` the config asks for.
    """

    def __str__(self) -> str:
        return (
            f'{self.where + ": " if self.where else ""}'
            f'installed Autotest version {self.lib_version} is older than the minimum {self.config_version} '
            'the configuration asks for'
        )


class DockerOutputError(DockertestError, DockerValueError):
    """Command output could not be parsed, or failed a check; ``str()`` is the reason.

    Raised by the core's parsers, the reason names the command (when known), the line and the
    column, which are also the attributes ``command``, ``line`` and ``column`` (None when raised by
    an output check).

    Args:
        reason: what was wrong with the output.
    """

    command: str | None = None
    line: int | None = None
    column: int | None = None

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)

    def __str__(self) -> str:
        return str(self.reason)


class DockerFullNameFormatError(DockertestError, DockerValueError):
    """An image name does not have the documented format.

    Args:
        name: the offending name.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f'Image name {self.name!r} does not match the format {FULL_NAME_FORMAT}'


class DockerSocketError(DockertestError, DockerOSError):
    """The Engine API over a unix socket failed (daemon down, timeout, bad answer); the message names
    the socket."""


class DockerAPIError(DockertestError, DockerValueError):
    """The Engine API answered with an HTTP error status.

    Attributes:
        request: ``GET <path> on <socket>``.
        status: The HTTP status code.
        message: The daemon's ``message`` (or the plain-text body).
    """

    request: str | None = None
    status: int | None = None
    message: str | None = None


class DockerSubSubtestNAError(DockerTestNAError):
    """A sub-subtest does not apply or was disabled (status ``TEST_NA``).

    Args:
        child_name: the sub-subtest's class name.
    """

    def __init__(self, child_name: str) -> None:
        self.child_name = child_name
        super().__init__(f'Sub-subtest {child_name} is not applicable or was disabled')
