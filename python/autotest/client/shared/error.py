"""The Autotest exception classes.

A test reports its status by the exception it raises: each subclass of :class:`TestBaseException`
carries the status it records in the class attribute ``exit_status``, which may also be set per
instance (a test may downgrade a failure to ``WARN``).
"""

from __future__ import annotations

import functools
import threading
import traceback
from typing import Any, Callable

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
    'context',
    'context_aware',
    'exception_context',
    'get_context',
]


class AutotestError(Exception):
    """Base class of every Autotest error except the ``SystemExit`` pair."""


class JobError(AutotestError):
    """The job cannot go on; it is recorded as ``ABORT``."""


def _unhandled_message(unhandled: object) -> str:
    """The message of an "unhandled" wrapper: ``Unhandled <Type>: <str>`` plus the traceback.

    A ``str`` is taken as the finished message, so a wrapper survives pickling (which rebuilds it
    from its message).
    """
    if isinstance(unhandled, str):
        return unhandled
    if not isinstance(unhandled, BaseException):
        return f'Unhandled {unhandled!r}'
    tb = ''.join(traceback.format_exception(type(unhandled), unhandled, unhandled.__traceback__))
    return f'Unhandled {type(unhandled).__name__}: {unhandled}\n{tb.rstrip()}'


class UnhandledJobError(JobError):
    """A job error raised from an exception that was not an Autotest error.

    Args:
        unhandled_exception: the original exception (or an already rendered message).
    """

    def __init__(self, unhandled_exception: object) -> None:
        super().__init__(_unhandled_message(unhandled_exception))


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
    """A test error (``ERROR``) raised from an exception that was not an Autotest error.

    ``str()`` is ``Unhandled <Type>: <message>`` followed by the traceback.

    Args:
        unhandled_exception: the original exception (or an already rendered message).
    """

    def __init__(self, unhandled_exception: object) -> None:
        super().__init__(_unhandled_message(unhandled_exception))


class UnhandledTestFail(TestFail):
    """A test failure (``FAIL``) raised from an exception that was not an Autotest error.

    ``str()`` is ``Unhandled <Type>: <message>`` followed by the traceback.

    Args:
        unhandled_exception: the original exception (or an already rendered message).
    """

    def __init__(self, unhandled_exception: object) -> None:
        super().__init__(_unhandled_message(unhandled_exception))


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
        self.message = ' '.join(str(arg) for arg in args)


class JobComplete(SystemExit):
    """The job is complete and stops here (exit status 1)."""

    def __init__(self, *args: object) -> None:
        super().__init__(1)
        self.message = ' '.join(str(arg) for arg in args)


# --- context: extra text added to the message of an exception escaping a context_aware function ---

_context = threading.local()


def _stack() -> list[str]:
    if not hasattr(_context, 'stack'):
        _context.stack = []
    return _context.stack


def get_context() -> str | None:
    """The current context text (the innermost levels joined by ``' --> '``), or ``None``."""
    stack = [item for item in _stack() if item]
    return ' --> '.join(stack) if stack else None


def context(text: str, log: Callable[..., Any] | None = None) -> None:
    """Set the context text of the innermost :func:`context_aware` function.

    Args:
        text: what is being done now.
        log: optionally a logging function that receives ``Context: <text>``.
    """
    stack = _stack()
    if stack:
        stack[-1] = text
    if log is not None:
        log(f'Context: {get_context()}')


def exception_context(exc: BaseException) -> str | None:
    """The context text attached to an exception, if any."""
    return getattr(exc, '_context', None)


def context_aware(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: an exception escaping ``fn`` gets the active context appended to its message.

    Args:
        fn: the function to wrap.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **dargs: Any) -> Any:
        stack = _stack()
        stack.append('')
        try:
            return fn(*args, **dargs)
        except Exception as exc:
            ctx = get_context()
            if ctx and exception_context(exc) is None:
                exc._context = ctx  # type: ignore[attr-defined]
                if exc.args and isinstance(exc.args[0], str):
                    exc.args = (f'{exc.args[0]}    [context: {ctx}]', *exc.args[1:])
            raise
        finally:
            stack.pop()

    return wrapper
