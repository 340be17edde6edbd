"""The Autotest client test base class, :class:`test`.

A client test is a module ``<name>.py`` in a directory ``<name>/`` holding ``class <name>(test.test)``
with a ``version`` and a ``run_once()``. ``job.run_test`` builds it in a forked child and drives the
lifecycle: keyval, ``initialize``, ``setup`` (once per version), ``warmup``, ``execute`` (iterations of
``run_once`` and ``postprocess_iteration``, then ``postprocess``), and ``cleanup`` always.

A non-Autotest exception from ``warmup``, ``execute``, ``run_once`` or ``postprocess*`` becomes
``UnhandledTestFail`` (FAIL); from anywhere else it becomes ``UnhandledTestError`` (ERROR).
"""

from __future__ import annotations

import fcntl
import inspect
import logging
import os
import shutil
import tempfile
import time
from typing import Any, Callable

from autotest.client.shared import error, utils

__all__ = ['test']

LOG = logging.getLogger('autotest.test')

#: Keyword arguments consumed by ``execute`` itself (and accepted even when no stage names them).
_EXECUTE_ARGS = ('iterations', 'test_length', 'profile_only', 'constraints', 'postprocess_profiled_run')


def _accepts_any(fn: Callable[..., Any]) -> bool:
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in inspect.signature(fn).parameters.values())


def _cherry_pick_args(fn: Callable[..., Any], args: tuple[Any, ...], dargs: dict[str, Any]) -> tuple[tuple, dict]:
    """The positional and keyword arguments ``fn`` accepts, out of those given."""
    params = inspect.signature(fn).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        picked = dict(dargs)
    else:
        names = {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
        picked = {k: v for k, v in dargs.items() if k in names}
    positional = args if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params) else ()
    return positional, picked


def _call(fn: Callable[..., Any], wrapper: type, args: tuple[Any, ...], dargs: dict[str, Any]) -> Any:
    """Call ``fn`` with the arguments it accepts; a non-Autotest exception becomes ``wrapper``."""
    pos, kw = _cherry_pick_args(fn, args, dargs)
    try:
        return fn(*pos, **kw)
    except error.AutotestError:
        raise
    except Exception as exc:
        raise wrapper(exc) from exc


class test:
    """Base class of every client test.

    Args:
        job: the job running the test.
        bindir: the test's directory (where its module lives).
        outputdir: the test's results directory, ``<resultdir>/<url>[.tag]``.
    """

    #: The test's version; ``setup()`` runs again only when it changes.
    version: Any = None
    #: Keep ``srcdir`` between setups instead of wiping it.
    preserve_srcdir = False
    #: The test may disturb the network (informational).
    network_destabilizing = False

    def __init__(self, job: Any, bindir: str, outputdir: str) -> None:
        self.job = job
        self.autodir = job.autodir
        self.bindir = bindir
        self.outputdir = outputdir
        self.tagged_testname = os.path.basename(outputdir.rstrip(os.sep))
        self.resultsdir = os.path.join(outputdir, 'results')
        self.profdir = os.path.join(outputdir, 'profiling')
        self.debugdir = os.path.join(outputdir, 'debug')
        for path in (self.resultsdir, self.profdir, self.debugdir):
            os.makedirs(path, exist_ok=True)
        self.srcdir = os.path.join(job.tmpdir, os.path.basename(bindir.rstrip(os.sep)), 'src')
        os.makedirs(job.tmpdir, exist_ok=True)
        self.tmpdir = tempfile.mkdtemp(suffix=f'_{self.tagged_testname}', dir=job.tmpdir)
        self.iteration = 0
        self.crash_handling_enabled = False
        self.before_iteration_hooks: list[Callable[[test], Any]] = []
        self.after_iteration_hooks: list[Callable[[test], Any]] = []
        self.failed_constraints: list[str] = []
        self._perf_keyvals: list[dict[str, Any]] = []

    # --- the stages a test overrides -------------------------------------------------------------

    def initialize(self) -> None:
        """Prepare the test (runs first, every time)."""

    def setup(self) -> None:
        """Build static content from ``bindir`` into ``srcdir`` (runs once per ``version``)."""

    def warmup(self) -> None:
        """Run after ``setup``, in ``outputdir``, before the iterations."""

    def run_once(self) -> None:
        """One iteration of the test."""

    def before_run_once(self) -> None:
        """Called before each ``run_once``."""

    def after_run_once(self) -> None:
        """Called after each ``run_once``."""

    def postprocess_iteration(self) -> None:
        """Called after each iteration."""

    def postprocess(self) -> None:
        """Called once after all iterations."""

    def cleanup(self) -> None:
        """Always called last, on the failure path too."""

    # --- helpers ---------------------------------------------------------------------------------

    def assert_(self, expr: Any, msg: str = 'Assertion failed.') -> None:
        """Raise ``TestError(msg)`` unless ``expr`` is true."""
        if not expr:
            raise error.TestError(msg)

    def write_test_keyval(self, attr_dict: dict[str, Any]) -> None:
        """Append keyvals to ``outputdir/keyval``."""
        utils.write_keyval(self.outputdir, attr_dict)

    def write_perf_keyval(self, perf_dict: dict[str, Any]) -> None:
        """Append one iteration's performance keyvals to ``resultsdir/keyval``."""
        self.write_iteration_keyval({}, perf_dict)

    def write_attr_keyval(self, attr_dict: dict[str, Any]) -> None:
        """Append one iteration's attribute keyvals to ``resultsdir/keyval``."""
        self.write_iteration_keyval(attr_dict, {})

    def write_iteration_keyval(self, attr_dict: dict[str, Any], perf_dict: dict[str, Any]) -> None:
        """Append ``key{attr}=v`` and ``key{perf}=v`` lines, then a blank line, to ``resultsdir/keyval``."""
        if attr_dict:
            utils.write_keyval(self.resultsdir, attr_dict, type_tag='attr')
        if perf_dict:
            utils.write_keyval(self.resultsdir, perf_dict, type_tag='perf')
            self._perf_keyvals.append(dict(perf_dict))
        with open(os.path.join(self.resultsdir, 'keyval'), 'a', encoding='utf-8') as keyval:
            keyval.write('\n')

    def register_before_iteration_hook(self, iteration_hook: Callable[[test], Any]) -> None:
        """Call ``iteration_hook(self)`` before each iteration."""
        self.before_iteration_hooks.append(iteration_hook)

    def register_after_iteration_hook(self, iteration_hook: Callable[[test], Any]) -> None:
        """Call ``iteration_hook(self)`` after each iteration."""
        self.after_iteration_hooks.append(iteration_hook)

    def drop_caches_between_iterations(self) -> None:
        """Drop the page cache, only when the job enabled it (never by default)."""
        if getattr(self.job, 'drop_caches_between_iterations', False):
            utils.run('sync; echo 3 > /proc/sys/vm/drop_caches', ignore_status=True, verbose=False)

    def analyze_perf_constraints(self, constraints: Any) -> None:
        """Evaluate each constraint expression against the last performance keyvals."""
        values = self._perf_keyvals[-1] if self._perf_keyvals else {}
        for constraint in constraints or ():
            try:
                ok = eval(constraint, {'__builtins__': {}}, dict(values))
            except Exception as exc:  # noqa: BLE001 - a broken constraint is a failed one
                self.failed_constraints.append(f'{constraint} (iteration {self.iteration}: {exc})')
                continue
            if not ok:
                self.failed_constraints.append(f'{constraint} (iteration {self.iteration})')

    def process_failed_constraints(self) -> None:
        """Raise ``TestFail`` when a performance constraint failed."""
        if self.failed_constraints:
            raise error.TestFail('Failed constraints: ' + ', '.join(self.failed_constraints))

    # --- execution -------------------------------------------------------------------------------

    def _call_run_once(self, constraints: Any, args: tuple[Any, ...], dargs: dict[str, Any]) -> None:
        for hook in self.before_iteration_hooks:
            hook(self)
        self.drop_caches_between_iterations()
        try:
            self.before_run_once()
            _call(self.run_once, error.UnhandledTestFail, args, dargs)
            self.after_run_once()
        finally:
            for hook in self.after_iteration_hooks:
                hook(self)
        self.postprocess_iteration()
        self.analyze_perf_constraints(constraints)

    def execute(
        self,
        iterations: int | None = None,
        test_length: float | None = None,
        profile_only: bool | None = None,
        _get_time: Callable[[], float] = time.time,
        postprocess_profiled_run: bool | None = None,
        constraints: Any = (),
        *args: Any,
        **dargs: Any,
    ) -> None:
        """Run the iterations, then ``postprocess``.

        Args:
            iterations: how many times to call ``run_once`` (1 when neither this nor ``test_length``).
            test_length: seconds to keep iterating instead of a count.
            profile_only: skip the plain iterations' profiling pass (no profilers are configured).
            _get_time: the clock used for ``test_length``.
            postprocess_profiled_run: accepted for compatibility.
            constraints: performance constraint expressions checked after each iteration.
            *args: passed on to ``run_once``.
            **dargs: passed on to ``run_once`` by parameter name.
        """
        if test_length is not None:
            start = _get_time()
            self.iteration = 0
            while _get_time() - start < test_length:
                self.iteration += 1
                self._call_run_once(constraints, args, dargs)
        else:
            for self.iteration in range(1, (1 if iterations is None else iterations) + 1):
                self._call_run_once(constraints, args, dargs)
        if profile_only is None:
            profile_only = getattr(self.job, 'default_profile_only', False)
        if not profile_only:
            # The profiling pass runs run_once again only when profilers are configured; there are none.
            self.iteration += 1
        self.postprocess()
        self.process_failed_constraints()

    def _validate_args(self, dargs: dict[str, Any]) -> None:
        # The base execute() takes **dargs only to hand them on to run_once(), so it accepts nothing
        # by itself; a stage the test defines with **kwargs accepts everything.
        stages = [self.initialize, self.setup, self.warmup, self.run_once, self.cleanup]
        if type(self).execute is not test.execute:
            stages.append(self.execute)
        if any(_accepts_any(stage) for stage in stages):
            return
        known = set(_EXECUTE_ARGS)
        for stage in stages:
            known.update(inspect.signature(stage).parameters)
        for name in sorted(dargs):
            if name not in known:
                raise error.AutotestError(
                    f'Unknown parameter: {name} (test {self.tagged_testname}: accepted by none of initialize, '
                    'setup, warmup, run_once, execute or cleanup)'
                )

    def _setup_if_needed(self, args: tuple[Any, ...], dargs: dict[str, Any]) -> None:
        version_file = os.path.join(self.srcdir, '.version')
        with open(os.path.join(self.job.tmpdir, '.testlock'), 'a') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                try:
                    with open(version_file, encoding='utf-8') as stored:
                        old = stored.read()
                except OSError:
                    old = None
                if old == repr(self.version):
                    return
                if not self.preserve_srcdir and os.path.isdir(self.srcdir):
                    shutil.rmtree(self.srcdir)
                os.makedirs(self.srcdir, exist_ok=True)
                _call(self.setup, error.UnhandledTestError, args, dargs)
                os.makedirs(self.srcdir, exist_ok=True)
                with open(version_file, 'w', encoding='utf-8') as stored:
                    stored.write(repr(self.version))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _exec(self, args: tuple[Any, ...], dargs: dict[str, Any]) -> None:
        """The whole lifecycle, as ``job.run_test`` drives it in the forked child."""
        dargs = dict(dargs)
        run_cleanup = dargs.pop('run_cleanup', getattr(self.job, 'run_test_cleanup', True))
        keyvals: dict[str, Any] = {'version': self.version}
        keyvals.update({f'param-{i}': repr(arg) for i, arg in enumerate(args)})
        keyvals.update({f'param-{name}': repr(value) for name, value in dargs.items()})
        keyvals.update(dargs.pop('test_attributes', None) or {})
        utils.write_keyval(self.outputdir, keyvals)
        self._validate_args(dargs)
        cwd = os.getcwd()
        try:
            try:
                _call(self.initialize, error.UnhandledTestError, args, dargs)
                self._setup_if_needed(args, dargs)
                os.chdir(self.outputdir)
                _call(self.warmup, error.UnhandledTestFail, args, dargs)
                _call(self.execute, error.UnhandledTestFail, args, dargs)
            except BaseException:  # Ctrl-C too: the test cleans up after itself before it ends
                if run_cleanup:
                    try:
                        _call(self.cleanup, error.UnhandledTestError, args, dargs)
                    except Exception:
                        LOG.exception('Ignoring an exception from cleanup() after the test failed:')
                raise
            if run_cleanup:
                _call(self.cleanup, error.UnhandledTestError, args, dargs)
        finally:
            os.chdir(cwd)
            shutil.rmtree(self.tmpdir, ignore_errors=True)
