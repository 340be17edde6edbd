"""The client job: control-file execution, the step engine, ``run_test`` and the status log.

The control file runs with ``job``, ``args``, ``error`` and ``utils`` in its namespace after the preamble
``from autotest.client.shared.error import *`` and ``from autotest.client.utils import *``. When it
defines ``step_init``, the step engine runs: steps are queued with ``job.next_step*`` and the queue
is written to the state file after every change, so a job stopped by ``job.quit()`` resumes with
``autotest-local -c``.

The rules for steps (module-level callables, serialisable arguments) are in
:mod:`autotest.client.steps`. ``job.args`` is kept in the state file and restored on resume
(``--args`` given again with ``-c`` replace them).

A new job keeps the previous results aside (:mod:`autotest.client.previous`) until its first test
starts, so a job rejected before that (bad ``--args``, a config error) leaves them as they were. A
job that ABORTs is over: its state file goes into the results and ``-c`` has nothing to continue.
A test interrupted by Ctrl-C, or by the job being killed (found on ``-c``), is recorded once as
``ABORT`` with what happened.
"""

from __future__ import annotations

import logging
import os
import platform
import shlex
import shutil
import threading
import time
import traceback
from typing import Any, Callable

import autotest.client
from autotest.client import previous, report, steps, testrunner
from autotest.client.job_logging import LoggingManager
from autotest.client.shared import base_job, error
from autotest.client.sysinfo import Sysinfo

__all__ = ['job', 'status_indenter']

LOG = logging.getLogger('autotest.job')
_NO_DEFAULT = object()
_PREAMBLE = """
from autotest.client.shared.error import *
from autotest.client.utils import *
from autotest.client.shared import error
from autotest.client import utils
"""


class status_indenter(base_job.status_indenter):
    """The status-log indentation of a client job, kept in the job state so it survives a resume.

    Args:
        job: the client job.
    """

    def __init__(self, job: job) -> None:
        super().__init__()
        self._job = job

    @property
    def indent(self) -> int:
        """The number of tabs."""
        return int(self._job._state.get('client', 'indent', 0))

    def increment(self) -> None:
        """One level deeper."""
        self._job._state.set('client', 'indent', self.indent + 1)

    def decrement(self) -> None:
        """One level shallower."""
        self._job._state.set('client', 'indent', max(0, self.indent - 1))


class job(steps.step_engine):
    """A client job.

    Args:
        control: the control file path.
        options: the parsed ``autotest-local`` options (``args``, ``cont``, ``tag``, ``output_dir``,
            ``hostname``, ``user``, ``test_directory``, ``verbose``).
    """

    def __init__(self, control: str, options: Any) -> None:
        self.control = os.path.abspath(control)
        self.autodir = self.clientdir = self.bindir = os.path.dirname(os.path.abspath(autotest.client.__file__))
        base = os.path.abspath(getattr(options, 'output_dir', None) or os.getcwd())
        self.tag = ''
        self.job_tag = getattr(options, 'tag', None) or 'default'
        named = getattr(options, 'resultdir', None)
        self.resultdir = os.path.abspath(named) if named else os.path.join(base, 'results', self.job_tag)
        self.tmpdir = os.path.join(base, 'tmp')
        self.pkgdir = os.path.join(self.tmpdir, 'packages')
        self.testdir = os.path.dirname(os.path.dirname(self.control))
        self.site_testdir = os.path.join(self.tmpdir, 'site_tests')
        self.customtestdir = getattr(options, 'test_directory', None)
        self.configdir = os.path.join(self.autodir, 'config')
        self.profdir = os.path.join(self.autodir, 'profilers')
        self.toolsdir = os.path.join(self.autodir, 'tools')
        self.user = getattr(options, 'user', None) or os.environ.get('USER', 'root')
        self.machines = [getattr(options, 'hostname', None) or platform.node()]
        self.hosts: set[Any] = set()
        self.harness = None
        self.logging = LoggingManager()
        self.profilers = None
        self.sysinfo = Sysinfo(self.resultdir, bool(getattr(options, 'sysinfo', False)))
        self.num_tests_run = 0
        self.num_tests_failed = 0
        self.drop_caches = False
        self.drop_caches_between_iterations = False
        self.warning_loggers: set[Any] = set()
        self._config: dict[str, Any] = {}
        self._disabled_warnings: set[str] = set()
        self._init_steps()
        self._state = base_job.job_state()
        self._indenter = status_indenter(self)
        self._logger = base_job.status_logger(self, self._indenter, record_hook=self._echo)
        self.resumed = bool(getattr(options, 'cont', False))
        self._state_file = os.path.join(self.tmpdir, os.path.basename(self.control) + '.state')
        self._start_state(getattr(options, 'args', None))

    # --- state ------------------------------------------------------------------------------------

    def _start_state(self, args_text: str | None) -> None:
        args = split_args(args_text)  # checked before anything is changed on disk
        if self.resumed:
            if not os.path.exists(self._state_file):
                raise error.JobComplete(
                    f'Nothing to continue: no state file {self._state_file} (the job completed or was aborted)'
                )
            self._state.set_backing_file(self._state_file)
            if args_text is None:
                self.args = list(self._state.get('client', 'args', []))
                return
        else:
            for path in (self._state_file, self._state_file + '.lock'):
                if os.path.exists(path):
                    os.unlink(path)
            previous.set_aside(self.resultdir)
            os.makedirs(self.resultdir)
            self._state.set_backing_file(self._state_file, load=False)
        self.args = args
        self._state.set('client', 'args', self.args)

    def _persisted(name: str, default: Any) -> property:  # type: ignore[misc]
        def getter(self: job) -> Any:
            return self._state.get('client', name, default)

        def setter(self: job, value: Any) -> None:
            self._state.set('client', name, value)

        return property(getter, setter, doc=f'Persisted in the job state (default {default!r}).')

    default_profile_only = _persisted('default_profile_only', False)
    run_test_cleanup = _persisted('run_test_cleanup', True)
    last_boot_tag = _persisted('last_boot_tag', None)
    automatic_test_tag = _persisted('automatic_test_tag', None)
    use_sequence_number = _persisted('use_sequence_number', False)
    del _persisted

    def set_state(self, name: str, value: Any) -> None:
        """Store a value in the public namespace of the job state (written to disk at once)."""
        self._state.set('public', name, value)

    def get_state(self, name: str, default: Any = _NO_DEFAULT) -> Any:
        """Read a value from the public namespace of the job state.

        Raises:
            KeyError: it is missing and no default was given.
        """
        return self._state.get('public', name, default)

    # --- status records ---------------------------------------------------------------------------

    def _echo(self, entry: base_job.status_log_entry) -> None:
        indent = self._indenter.indent - (1 if entry.is_start() else 0)
        parts = [entry.status_code, entry.subdir or '----']
        if entry.operation != entry.subdir or entry.subdir is None:
            parts.append(entry.operation or '----')
        parts += [f'{k}={v}' for k, v in sorted(entry.fields.items())]
        if entry.message:
            parts.append(entry.message)
        LOG.info('%s%s', '\t' * indent, '\t'.join(parts))

    def record(
        self,
        status_code: str,
        subdir: str | None,
        operation: str | None,
        status: str = '',
        optional_fields: dict[str, Any] | None = None,
    ) -> None:
        """Append a record to the status log (and the test's own status file).

        Raises:
            ValueError: an invalid status code, or a tab or line break in ``subdir`` or ``operation``.
        """
        entry = base_job.status_log_entry(status_code, subdir, operation, status, optional_fields)
        self._logger.record_entry(entry)

    def _record_abort(self, exc: BaseException) -> None:
        unhandled = (error.UnhandledJobError, error.UnhandledTestError, error.UnhandledTestFail, error.StepError)
        if isinstance(exc, error.AutotestError) and not isinstance(exc, unhandled):
            # A user error (a bad config or --args): its own one-line message, no traceback.
            self.record('END ABORT', None, None, testrunner.clean_message(str(exc)).split('\n', 1)[0])
            return
        text = ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()
        message = f'Unhandled {type(exc).__name__}: {exc}'.split('\n', 1)[0]
        self.record('END ABORT', None, None, testrunner.clean_message(f'{message}\n{text}'))

    # --- tests ------------------------------------------------------------------------------------

    def run_test_detail(self, url: str, *args: Any, **dargs: Any) -> str:
        """Run a test like :meth:`run_test` and return its status (``GOOD``, ``FAIL``, ...)."""
        if args:
            raise error.TestError('Unnamed arguments not accepted. Please call job.run_test with named args only')
        tag = dargs.pop('tag', None)
        subdir_tag = dargs.pop('subdir_tag', None)
        timeout = dargs.pop('timeout', None)
        dargs.pop('master_testpath', None)
        testname = f'{url}.{tag}' if tag else url
        subdir = f'{testname}.{subdir_tag}' if subdir_tag else testname
        if os.path.exists(os.path.join(self.resultdir, subdir)):
            raise error.TestError(
                f'{os.path.join(self.resultdir, subdir)} already exists; multiple tests cannot run with the same subdirectory'
            )
        process = testrunner.TestProcess(self, url, subdir, testname, timeout)
        previous.drop(self.resultdir)
        self.record('START', subdir, testname, optional_fields={'timeout': timeout} if timeout else None)
        self.num_tests_run += 1
        started_at = time.monotonic()

        def started(pid: int) -> None:
            self._state.set('client', 'running_test', (subdir, testname, pid, testrunner.process_identity(pid)))

        try:
            process.run(dargs, started)
        except KeyboardInterrupt as exc:
            if getattr(exc, 'cleaned_up', False):
                how = 'the test ended and its cleanup ran'
            else:
                how = f'the test was killed (it had not ended {testrunner.CLEANUP_GRACE:g} s later)'
            self.record('ABORT', subdir, testname, f'interrupted (Ctrl-C) while the test ran; {how}')
            self.record('END ABORT', subdir, testname)
            self.num_tests_failed += 1
            raise
        except error.TestBaseException as exc:
            if not getattr(exc, '_recorded', False):
                process.record_exception(exc)
            self.record(f'END {exc.exit_status}', subdir, testname)
            self.num_tests_failed += 1
            return str(exc.exit_status)
        except Exception as exc:
            self.record('END ABORT', subdir, testname, testrunner.clean_message(str(exc)))
            raise exc if isinstance(exc, error.JobError) else error.UnhandledJobError(exc) from exc
        finally:
            self._state.discard('client', 'running_test')
            durations = dict(self._state.get('client', 'durations', {}))
            durations[subdir] = round(time.monotonic() - started_at, 3)
            self._state.set('client', 'durations', durations)
            self.sysinfo.collect(os.path.join(self.resultdir, subdir, 'sysinfo'), every_test=True)
        self.record('END GOOD', subdir, testname)
        return 'GOOD'

    def run_test(self, url: str, *args: Any, **dargs: Any) -> bool:
        """Run a client test in a forked child.

        Args:
            url: the test path relative to the test directory, e.g. ``docker/subtests/example``.
            *args: rejected: "Unnamed arguments not accepted".
            **dargs: ``tag``, ``subdir_tag``, ``timeout`` (seconds), ``master_testpath``; the rest go to
                the test's stages by parameter name.

        Returns:
            True if the test passed (GOOD), False for any test status exception.
        """
        return self.run_test_detail(url, *args, **dargs) == 'GOOD'

    def run_group(self, function: Callable[..., Any], tag: str | None = None, **dargs: Any) -> Any:
        """Run ``function(**dargs)`` in this process between ``START`` and ``END`` records."""
        name = tag or getattr(function, '__name__', 'group')
        previous.drop(self.resultdir)
        self.record('START', None, name)
        try:
            result = function(**dargs)
        except error.TestBaseException as exc:
            self.record(exc.exit_status, None, name, testrunner.clean_message(str(exc)))
            self.record(f'END {exc.exit_status}', None, name)
            return None
        except Exception as exc:
            self.record('END ABORT', None, name, testrunner.clean_message(str(exc)))
            raise exc if isinstance(exc, error.JobError) else error.UnhandledJobError(exc) from exc
        self.record('END GOOD', None, name)
        return result

    # --- the job ----------------------------------------------------------------------------------

    def _interrupted_test(self) -> None:
        """Record, once, the test the killed job was running, and stop what it left running."""
        marker = self._state.get('client', 'running_test', None)
        if not marker:
            return
        subdir, testname, pid, identity = marker
        stopped = testrunner.stop_leftovers(pid, identity)
        message = 'interrupted: the job was killed while this test ran'
        if stopped:
            message += f'; {len(stopped)} process(es) it left running were killed on -c'
        self.record('ABORT', subdir, testname, message)
        self.record('END ABORT', subdir, testname)
        self._state.discard('client', 'running_test')

    def _exec_control(self) -> None:
        namespace: dict[str, Any] = {'job': self, 'args': self.args, '__file__': self.control, '__name__': '__main__'}
        exec(compile(_PREAMBLE, '<preamble>', 'exec'), namespace)  # noqa: S102 - running control files is the job
        with open(self.control, encoding='utf-8') as control:
            code = compile(control.read(), self.control, 'exec')
        self._control_globals = namespace
        exec(code, namespace)  # noqa: S102
        if callable(namespace.get('step_init')):
            self._step_engine()

    def run(self) -> int:
        """Run the control file (resuming when started with ``-c``).

        Returns:
            0 when the job completed, 1 after an ABORT. ``job.quit()`` raises ``JobContinue`` (exit 5).
        """
        if self.resumed:
            self._interrupted_test()
        else:
            shutil.copyfile(self.control, os.path.join(self.resultdir, 'control'))
            self.record('START', None, None)
        try:
            self._exec_control()
        except error.TestNAError as exc:
            self.record('TEST_NA', None, None, testrunner.clean_message(str(exc)))
        except Exception as exc:  # noqa: BLE001 - any other exception aborts the job, as recorded
            self._record_abort(exc)
            self._write_reports()
            if previous.restore(self.resultdir):
                LOG.error('No test ran: the previous results in %s are kept', self.resultdir)
                self._drop_state()
            else:
                self._retire_state()
            return 1
        self.record('END GOOD', None, None)
        self.complete()
        return 0

    def _write_reports(self) -> None:
        try:
            report.write_reports(self.resultdir, self.job_tag, self._state.get('client', 'durations', {}))
        except Exception:
            LOG.exception('Writing the job reports failed; the job completes anyway')

    def complete(self) -> None:
        """Collect sysinfo (when enabled), write the reports and move the state file into the results directory."""
        self.sysinfo.collect(self.sysinfo.sysinfodir, every_test=False)
        self._write_reports()
        previous.drop(self.resultdir)
        self._retire_state()

    def _retire_state(self) -> None:
        """Move the state file into the results: the job is over, ``-c`` has nothing to continue."""
        if os.path.exists(self._state_file):
            shutil.move(self._state_file, os.path.join(self.resultdir, os.path.basename(self._state_file)))
        self._drop_state()

    def _drop_state(self) -> None:
        for path in (self._state_file, self._state_file + '.lock'):
            if os.path.exists(path):
                os.unlink(path)

    def quit(self) -> None:
        """Stop here; ``autotest-local -c`` continues with the next queued step (exit status 5)."""
        raise error.JobContinue('more to come')

    def reboot(self, tag: str | None = None) -> None:
        """Not supported: the engine never reboots the host or installs boot scripts.

        Raises:
            JobError: always; use ``job.quit()`` and ``autotest-local -c`` instead.
        """
        raise error.JobError('job.reboot() is not supported by this engine; use job.quit() and autotest-local -c')

    def noop(self, text: str) -> None:
        """Log ``text``."""
        LOG.info('job: noop: %s', text)

    def add_sysinfo_command(self, command: str, logfile: str | None = None, on_every_test: bool = False) -> None:
        """Remember a sysinfo command (collection is off unless explicitly enabled)."""
        self.sysinfo.commands.append((command, logfile, on_every_test))

    def add_sysinfo_logfile(self, file: str, on_every_test: bool = False) -> None:
        """Remember a sysinfo log file (collection is off unless explicitly enabled)."""
        self.sysinfo.logfiles.append((file, on_every_test))

    def setup_dep(self, deps: list[str]) -> None:
        """Dependencies are not built by this engine: a non-empty list raises ``PackageError``."""
        if deps:
            raise error.PackageError(f'Test dependencies are not supported by this engine: {", ".join(deps)}')

    def require_gcc(self) -> None:
        """Raise ``TestNAError`` when no ``gcc`` is on ``PATH``."""
        if shutil.which('gcc') is None:
            raise error.TestNAError('gcc is required but not installed')

    def install_pkg(self, name: str, pkg_type: str, install_dir: str) -> None:
        """Packages are not installed by this engine.

        Raises:
            PackageError: always.
        """
        raise error.PackageError(f'Installing package {name} ({pkg_type}) is not supported by this engine')

    def config_get(self, name: str) -> Any:
        """A job configuration value (None when unset)."""
        return self._config.get(name)

    def config_set(self, name: str, value: Any) -> None:
        """Set a job configuration value."""
        self._config[name] = value

    def cpu_count(self) -> int:
        """The number of CPUs."""
        return os.cpu_count() or 1

    def parallel(self, *tasks: list[Any]) -> None:
        """Run each task (``[function, arg, ...]``) in a thread and wait for all.

        Raises:
            JobError: a task raised; the message names every failed task.
        """
        failures: list[str] = []

        def runner(task: list[Any]) -> None:
            try:
                task[0](*task[1:])
            except Exception as exc:  # noqa: BLE001 - reported together below
                failures.append(f'{getattr(task[0], "__name__", task[0])}: {exc}')

        threads = [threading.Thread(target=runner, args=(list(task),)) for task in tasks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise error.JobError('Parallel tasks failed: ' + '; '.join(failures))

    def barrier(self, *args: Any, **dargs: Any) -> None:
        """Multi-machine barriers are not supported.

        Raises:
            JobError: always.
        """
        raise error.JobError('job.barrier() is not supported by this engine (single machine only)')

    def enable_warnings(self, warning_type: str) -> None:
        """Enable a warning type (recorded only)."""
        self._disabled_warnings.discard(warning_type)

    def disable_warnings(self, warning_type: str) -> None:
        """Disable a warning type (recorded only)."""
        self._disabled_warnings.add(warning_type)


def split_args(text: str | None) -> list[str]:
    """Split the ``--args`` string on whitespace, keeping quoted segments together.

    Args:
        text: the option value.

    Returns:
        The arguments (``job.args``).

    Raises:
        JobError: unbalanced quotes.
    """
    if not text:
        return []
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise error.JobError(f'Cannot split --args {text!r}: {exc}') from exc
