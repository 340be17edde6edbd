"""Running one test in a forked child: the process model of ``job.run_test``.

The child starts a new session (so it leads its own process group), loads the test module, runs the
lifecycle and records the result line. An exception is pickled to ``<resultdir>/debug/error-<pid>``
for the parent, which renames the file ``error-<pid>-N`` and re-raises the exception. On timeout the
parent signals every process of the child's session (its whole process group, plus the process
groups the command runner made for the commands the test started), SIGTERM first and SIGKILL after a
grace period, so no process the test started survives.

The child is tied to its parent: it gets SIGKILL when the job's process dies (``PR_SET_PDEATHSIG``),
so a killed job leaves no test driving the engine unsupervised; what the test's commands left running
is stopped when the job continues (:func:`kill_session` on the session recorded in the job state).
On Ctrl-C the parent passes SIGINT on to the child, so the test's ``cleanup`` runs, waits up to
:data:`CLEANUP_GRACE` seconds (a second Ctrl-C stops waiting), then kills whatever is left.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import os
import pickle
import select
import signal
import sys
import time
from typing import Any, Callable

from autotest.client.shared import error, utils

__all__ = [
    'TestProcess',
    'clean_message',
    'find_test',
    'kill_session',
    'load_test',
    'process_identity',
    'session_members',
    'stop_leftovers',
]

LOG = logging.getLogger('autotest.job')

#: Seconds between SIGTERM and SIGKILL when a test times out.
KILL_GRACE = 2.0
#: Seconds an interrupted (Ctrl-C) test has to run its cleanup before it is killed.
CLEANUP_GRACE = 30.0
#: ``prctl`` option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """Ask the kernel for SIGKILL when the parent dies; exit at once if it already has."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def session_members(sid: int) -> list[int]:
    """The processes whose session id is ``sid`` (from ``/proc``).

    Args:
        sid: the session id (the pid of the session leader).
    """
    members = []
    for entry in os.listdir('/proc'):
        fields = utils.process_stat(entry) if entry.isdigit() else None
        # state, ppid, pgrp, session, ...
        if fields and len(fields) > 3 and fields[3] == str(sid) and fields[0] != 'Z':
            members.append(int(entry))
    return members


def kill_session(sid: int, sig: int) -> list[int]:
    """Signal the process group ``sid`` and every other member of the session ``sid``.

    Args:
        sid: the session id.
        sig: the signal.

    Returns:
        The members that were signalled.
    """
    members = session_members(sid)
    with contextlib.suppress(OSError):
        os.killpg(sid, sig)
    members += [pid for pid in session_members(sid) if pid not in members]
    for pid in members:
        with contextlib.suppress(OSError):
            os.kill(pid, sig)
    return members


def process_identity(pid: int) -> str | None:
    """What tells this process from a later one with the same pid: the boot id and its start time.

    Args:
        pid: the process id.

    Returns:
        ``<boot id>:<start time>``, or None when the process is gone.
    """
    fields = utils.process_stat(pid)
    if not fields or len(fields) < 20:
        return None
    try:
        with open('/proc/sys/kernel/random/boot_id', encoding='ascii') as boot:
            boot_id = boot.read().strip()
    except OSError:
        boot_id = ''
    return f'{boot_id}:{fields[19]}'


def stop_leftovers(sid: int, identity: str | None) -> list[int]:
    """SIGKILL what is left of a test session a killed job started (found again on ``-c``).

    Nothing is signalled when the session leader's pid now belongs to another process or the
    machine has rebooted since (``identity`` from :func:`process_identity` disagrees).

    Args:
        sid: the test's session id (the pid of the forked test).
        identity: the test's identity when it was started.

    Returns:
        The processes that were killed.
    """
    now = process_identity(sid)
    if identity is None or (now is not None and now != identity):
        return []
    if now is None and identity.split(':', 1)[0] != (process_identity(os.getpid()) or '').split(':', 1)[0]:
        return []
    return kill_session(sid, signal.SIGKILL)


def find_test(job: Any, url: str) -> str:
    """The directory of a test: ``url`` under the job's test, site-test or custom-test directory.

    Args:
        job: the job.
        url: a path such as ``docker/subtests/docker_cli/version``, or an absolute path.

    Returns:
        The directory holding ``<basename(url)>.py``.

    Raises:
        TestError: no such test.
    """
    name = os.path.basename(url.rstrip('/'))
    roots = [''] if os.path.isabs(url) else [job.testdir, job.site_testdir, job.customtestdir]
    candidates = [os.path.join(root, url) for root in roots if root is not None]
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, f'{name}.py')):
            return candidate
    raise error.TestError(f'Test {url} not found: no {name}.py in ' + ', '.join(candidates))


def load_test(job: Any, url: str, outputdir: str) -> Any:
    """Import a test module with its directory first on ``sys.path`` and build its test object.

    Args:
        job: the job.
        url: the test url.
        outputdir: the test's results directory.

    Returns:
        ``<name>.<name>(job, bindir, outputdir)``.

    Raises:
        TestError: the test or its class is missing.
        UnhandledTestError: the import or the constructor raised a non-Autotest exception.
    """
    bindir = find_test(job, url)
    name = os.path.basename(bindir.rstrip('/'))
    sys.path.insert(0, bindir)
    try:
        spec = importlib.util.spec_from_file_location(name, os.path.join(bindir, f'{name}.py'))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        cls = getattr(module, name, None)
        if cls is None:
            raise error.TestError(f'Test module {bindir}/{name}.py defines no class {name}')
        return cls(job, bindir, outputdir)
    except error.AutotestError:
        raise
    except Exception as exc:
        raise error.UnhandledTestError(exc) from exc


def clean_message(text: str) -> str:
    """An exception's text as a status message: line breaks normalised, other control whitespace spaced."""
    text = text.replace('\r\n', '\n').rstrip('\n')
    return text.replace('\r', '\n').replace('\v', ' ').replace('\f', ' ')


class TestProcess:
    """One forked test.

    Args:
        job: the job (for records and paths).
        url: the test url.
        subdir: the results subdirectory (``<url>[.tag][.subdir_tag]``).
        testname: the test name (``<url>[.tag]``).
        timeout: seconds before the test is killed; None for no limit.
    """

    def __init__(self, job: Any, url: str, subdir: str, testname: str, timeout: float | None) -> None:
        self.job = job
        self.url = url
        self.subdir = subdir
        self.testname = testname
        self.timeout = timeout
        self.outputdir = os.path.join(job.resultdir, subdir)
        self.debugdir = os.path.join(job.resultdir, 'debug')

    def record_exception(self, exc: BaseException, status: str | None = None) -> None:
        """Record the result line of a failed test."""
        code = status or getattr(exc, 'exit_status', 'ERROR')
        self.job.record(code, self.subdir, self.testname, clean_message(str(exc)))

    def run(self, dargs: dict[str, Any], started: Callable[[int], None] | None = None) -> None:
        """Fork, run the test in the child, wait in the parent.

        Args:
            dargs: the test's arguments.
            started: called with the child's pid (its session id) once it is forked.

        Raises:
            KeyboardInterrupt: Ctrl-C; the test was given :data:`CLEANUP_GRACE` seconds to clean up,
                then its whole session was killed. ``cleaned_up`` on the exception tells whether
                the test finished by itself.
            TestBaseException: the test did not pass; ``_recorded`` tells whether its result line is
                already written.
            JobError: the test raised a job error (the job aborts).
        """
        os.makedirs(self.debugdir, exist_ok=True)
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        # The child starts the test only once ``started`` has run (the parent closes its end of the
        # pipe), so a test that kills its job at once still finds itself recorded as running.
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                os.close(go_write)
                os.setsid()
                _die_with_parent(parent)
                os.read(go_read, 1)
                os.close(go_read)
                code = self._child(dargs)
            finally:
                logging.shutdown()
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(go_read)
        try:
            if started is not None:
                started(pid)
        finally:
            os.close(go_write)
        try:
            status = self._wait(pid)
        except KeyboardInterrupt as interrupt:
            interrupt.cleaned_up = self._interrupt(pid)  # type: ignore[attr-defined]
            raise
        except BaseException:
            self._kill(pid)
            raise
        if status is None:
            signum = self._kill(pid)
            raise error.TestError(f'Test timeout expired, rc={signum}')
        exc = self._load_error(pid)
        if exc is not None:
            exc._recorded = True  # type: ignore[attr-defined]
            raise exc
        rc = os.waitstatus_to_exitcode(status)
        if rc != 0:
            raise error.TestError(f'Test subprocess failed rc={rc}')

    def _child(self, dargs: dict[str, Any]) -> int:  # pragma: no cover - runs in the child
        handlers = self.job.logging.tee_redirect_debug_dir(
            os.path.join(self.outputdir, 'debug'), os.path.basename(self.subdir)
        )
        try:
            test = load_test(self.job, self.url, self.outputdir)
            test._exec((), dargs)
        except error.TestBaseException as exc:
            self.record_exception(exc)
            return self._dump(exc)
        except error.JobError as exc:
            return self._dump(exc)
        except error.AutotestError as exc:
            wrapped = error.TestError(str(exc))
            self.record_exception(wrapped)
            return self._dump(wrapped)
        except Exception as exc:  # noqa: BLE001 - import and constructor errors are ERROR records
            wrapped = error.UnhandledTestError(exc)
            self.record_exception(wrapped)
            return self._dump(wrapped)
        finally:
            self.job.logging.restore(handlers)
        self.job.record('GOOD', self.subdir, self.testname, 'completed successfully')
        return 0

    def _dump(self, exc: BaseException) -> int:  # pragma: no cover - runs in the child
        path = os.path.join(self.debugdir, f'error-{os.getpid()}')
        try:
            data = pickle.dumps(exc)
        except Exception:  # noqa: BLE001 - an unpicklable exception travels as its text
            fallback = error.TestError(str(exc))
            fallback.exit_status = getattr(exc, 'exit_status', 'ERROR')
            data = pickle.dumps(fallback)
        with open(path, 'wb') as out:
            out.write(data)
        return 1

    def _load_error(self, pid: int) -> BaseException | None:
        path = os.path.join(self.debugdir, f'error-{pid}')
        if not os.path.exists(path):
            return None
        try:
            with open(path, 'rb') as dumped:
                exc = pickle.load(dumped)
        except Exception as load_exc:  # noqa: BLE001 - a damaged report is itself an ERROR
            exc = error.TestError(f'Test error report {path} is unreadable: {load_exc}')
        index = 0
        while os.path.exists(f'{path}-{index}'):
            index += 1
        os.rename(path, f'{path}-{index}')
        return exc

    def _wait(self, pid: int) -> int | None:
        """The child's wait status, or None when the timeout expired first."""
        deadline = None if self.timeout is None else time.monotonic() + float(self.timeout)
        try:
            pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        try:
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return status
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return None
                if pidfd is not None:
                    select.select([pidfd], [], [], left)
                else:
                    time.sleep(0.02 if left is None else min(0.02, left))
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _interrupt(self, pid: int) -> bool:
        """Pass Ctrl-C on to the test and give it :data:`CLEANUP_GRACE` seconds; then kill its session.

        Returns:
            Whether the test ended by itself (its cleanup ran) before the grace period was over.
        """
        LOG.warning('Interrupted: letting the test clean up (up to %g s; Ctrl-C again to kill it now)', CLEANUP_GRACE)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGINT)
        timeout, self.timeout = self.timeout, CLEANUP_GRACE
        ended = False
        try:
            ended = self._wait(pid) is not None
        except KeyboardInterrupt:
            LOG.warning('Interrupted again: killing the test now')
        finally:
            self.timeout = timeout
            if ended:
                kill_session(pid, signal.SIGKILL)  # what the test left running (it is reaped)
            else:
                self._kill(pid)
        return ended

    def _kill(self, pid: int) -> int:
        """Kill the child's session: SIGTERM, SIGKILL after the grace period; reap the child.

        Returns:
            The signal that ended the child.
        """
        signum = signal.SIGTERM
        kill_session(pid, signal.SIGTERM)
        end = time.monotonic() + KILL_GRACE
        reaped = False
        while time.monotonic() < end:
            with contextlib.suppress(ChildProcessError):
                reaped = os.waitpid(pid, os.WNOHANG)[0] != 0
            if reaped and not session_members(pid):
                break
            time.sleep(0.02)
        if not reaped or session_members(pid):
            if not reaped:
                signum = signal.SIGKILL
            kill_session(pid, signal.SIGKILL)
        if not reaped:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        end = time.monotonic() + KILL_GRACE
        while session_members(pid) and time.monotonic() < end:
            kill_session(pid, signal.SIGKILL)
            time.sleep(0.02)
        return int(signum)
