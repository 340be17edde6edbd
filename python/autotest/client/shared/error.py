"""The Autotest exception classes.

A test reports its status by the exception it raises: each subclass of :class:`TestBaseException`
carries the status it records in the class attribute ``exit_status``, which may also be set per
instance (a test may downgrade a failure to ``WARN``).
"""

from __future__ import annotations

__all__ = [
    'AutotestError',
    'CmdError',
    'JobComplete',
    'JobContinue',
    'JobError',
    'PackageError',
    'StepError',
    'TestBaseException',
    'TestBug',
    'TestError',
    'TestFail',
    'TestNAError',
    'TestWarn',
    'UnhandledJobError',
    'UnhandledTestError',
    'UnhandledTestFail',
]


class AutotestError(Exception):
    """Base class of every Autotest error except the ``SystemExit`` pair."""


class JobError(AutotestError):
    """The job cannot go on; it is recorded as ``ABORT``."""


class UnhandledJobError(JobError):
    """A job error raised from an exception that was not an Autotest error."""


class TestBaseException(AutotestError):
    """Base class of the test exceptions; ``exit_status`` is the status the test records."""

    exit_status = 'NEVER_RAISE_THIS'


class TestError(TestBaseException):
    """The test itself is broken (status ``ERROR``)."""

    exit_status = 'ERROR'


class TestNAError(TestBaseException):
    """The test does not apply here (status ``TEST_NA``)."""

    exit_status = 'TEST_NA'


class TestFail(TestBaseException):
    """The thing under test failed (status ``FAIL``)."""

    exit_status = 'FAIL'


class TestWarn(TestBaseException):
    """The test passed with a warning (status ``WARN``)."""

    exit_status = 'WARN'


class TestBug(TestBaseException):
    """A bug in the test framework (status ``BUG``)."""

    exit_status = 'BUG'


class UnhandledTestError(TestError):
    """A test error raised from an exception that was not an Autotest error."""


class UnhandledTestFail(TestFail):
    """A test failure raised from an exception that was not an Autotest error."""


class CmdError(TestError):
    """A command exited non-zero or timed out.

    Args:
        command: the command line that was run.
        result_obj: its ``CmdResult``.
        additional_text: optional text appended to the message (for example the timeout).
    """

    def __init__(self, command: str, result_obj: object, additional_text: str | None = None) -> None:
        super().__init__(command, result_obj, additional_text)
        self.command = command
        self.result_obj = result_obj
        self.additional_text = additional_text

    def __str__(self) -> str:
        status = getattr(self.result_obj, 'exit_status', None)
        msg = f'Command <{self.command}> failed, rc={status}'
        if self.additional_text:
            msg += f', {self.additional_text}'
        return f'{msg}\n{self.result_obj!r}'


class StepError(AutotestError):
    """A step function given to the step engine is not usable."""


class PackageError(AutotestError):
    """A package could not be fetched or installed."""


class JobContinue(SystemExit):
    """The job stops here and continues later from its state file (exit status 5)."""

    def __init__(self, *args: object) -> None:
        super().__init__(5)


class JobComplete(SystemExit):
    """The job is complete and stops here (exit status 1)."""

    def __init__(self, *args: object) -> None:
        super().__init__(1)
