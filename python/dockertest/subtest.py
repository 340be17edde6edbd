"""Subtests: Autotest client tests configured from the suite's ini files.

:class:`Subtest` is the base of every subtest module (``subtests/<name>/<name>.py`` defines
``class <name>(subtest.Subtest)``). :class:`SubSubtest` is a light child test, run in sequence by
:class:`SubSubtestCaller` or stage by stage by :class:`SubSubtestCallerSimultaneous`.
"""

from __future__ import annotations

import copy
import importlib.util
import logging
import sys
import tempfile
import traceback
from collections.abc import Iterable
from pathlib import Path

from autotest.client import test
from autotest.client.job import status_indenter
from autotest.client.shared import error
from autotest.client.shared import version as autotest_version
from dockertest import config, remote, selection, version, xceptions
from dockertest.cleanup import CleanupRegistry

__all__ = ['SubSubtest', 'SubSubtestCaller', 'SubSubtestCallerSimultaneous', 'Subtest']

_LOG = logging.getLogger(__name__)
_LEVELS = {'DEBUG': logging.DEBUG, 'INFO': logging.INFO, 'WARNING': logging.WARNING, 'ERROR': logging.ERROR}


def _format(message: str, args: tuple) -> str:
    return message % args if args else str(message)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _failif(condition, reason, xcept) -> None:
    if condition:
        raise xcept(reason)


def _failif_ne(actual, expected, reason, xcept) -> None:
    if actual == expected:
        return
    if _is_number(actual) and _is_number(expected):
        detail = f'expected {expected}; got {actual}'
    else:
        detail = f"expected '{expected}'; got '{actual}'"
    raise xcept(f'{reason}: {detail}' if reason else detail)


def _failif_not_in(needle, haystack, description, xcept) -> None:
    needle, haystack = str(needle), str(haystack)
    if needle in haystack:
        return
    if '|' in needle and any(alt.strip() in haystack for alt in needle.split('|')):
        return
    what = description or 'text'
    raise xcept(f"Expected '{needle}' in {what}; not found in '{haystack}'")


class _Checks:
    """The ``failif*`` helpers shared by Subtest and SubSubtest."""

    @staticmethod
    def failif(condition, reason=None, xcept=xceptions.DockerTestFail) -> None:
        """Raise ``xcept(reason)`` when ``condition`` is true."""
        _failif(condition, reason or 'Failed test condition', xcept)

    @staticmethod
    def failif_ne(actual, expected, reason=None, xcept=xceptions.DockerTestFail) -> None:
        """Raise ``xcept`` with "reason: expected 'E'; got 'A'" unless ``actual == expected``."""
        _failif_ne(actual, expected, reason, xcept)

    @staticmethod
    def failif_not_in(needle, haystack, description=None, xcept=xceptions.DockerTestFail) -> None:
        """Raise ``xcept`` unless ``needle`` (or one of its ``|``-separated alternatives) is in ``haystack``."""
        _failif_not_in(needle, haystack, description, xcept)


def section_from_bindir(bindir: str) -> str:
    """The config section of a subtest directory: its path after the last ``subtests`` component."""
    parts = Path(bindir).parts
    if 'subtests' not in parts:
        return Path(bindir).name
    last = len(parts) - 1 - parts[::-1].index('subtests')
    return '/'.join(parts[last + 1 :])


def _keyval_safe(config_dict) -> dict[str, str]:
    return {str(k): str(v).replace('\n', '\\n') for k, v in config_dict.items()}


class Subtest(_Checks, test.test):
    """The base of every subtest: an Autotest test configured from its ini section.

    Attributes:
        config: the subtest's configuration (its section, over DEFAULTS).
        config_section: the section name, ``docker_cli/version`` for ``subtests/docker_cli/version``.
        iterations: how many times ``run_once`` runs (the ``iterations`` option, default 1).
        stuff: a dict for the subtest's own state between stages.
        cleanups: the objects ``cleanup`` removes (see :mod:`dockertest.cleanup`).
    """

    version = None
    iteration = None
    iterations = 1
    config_section = None
    stuff = None

    def __init__(self, *args, **dargs) -> None:
        super().__init__(*args, **dargs)
        config.set_test_location(self.bindir)
        all_configs = config.Config()
        name = self.config_section if self.config_section in all_configs else section_from_bindir(self.bindir)
        if name in all_configs:
            self.config_section = name
            self.config = all_configs[name]
            self.version = version.str2int(self.config['config_version'])
        else:
            self.config_section = name
            self.config = all_configs['DEFAULTS']
            self.config['config_version'] = version.NOVERSIONCHECK
            self.version = 0
        if not self.config.get('enable', True):
            raise xceptions.DockerTestNAError('Subtest disabled in configuration.')
        remote.check_engine_host(self.config, self.config_section)
        self.write_test_keyval(_keyval_safe(self.config))
        self.iterations = self.config.get('iterations', self.iterations)
        self.stuff = {}
        self.cleanups = CleanupRegistry(self)

    # -- logging, indented like the status lines -------------------------------------------------
    def _log(self, level: str, message: str, args: tuple) -> None:
        # Rendered like a status line, indented to the current status level, as in the quickstart:
        # "\t\tRUNNING\t----\tINFO: initialize()". It goes to the log only, not to the status file.
        indent = '\t' * status_indenter(self.job).indent
        for line in f'{level}: {_format(message, args)}'.splitlines() or ['']:
            _LOG.log(_LEVELS[level], '%sRUNNING\t----\t%s', indent, line)

    def logdebug(self, message, *args) -> None:
        """Log at debug level, prefixed "DEBUG:"."""
        self._log('DEBUG', message, args)

    def loginfo(self, message, *args) -> None:
        """Log at info level, prefixed "INFO:"; it shows as ``RUNNING ---- INFO: ...`` on the console."""
        self._log('INFO', message, args)

    def logwarning(self, message, *args) -> None:
        """Log at warning level, prefixed "WARNING:"."""
        self._log('WARNING', message, args)

    def logerror(self, message, *args) -> None:
        """Log at error level, prefixed "ERROR:"."""
        self._log('ERROR', message, args)

    def logtraceback(self, name, exc_info, error_source, detail) -> None:
        """Log "name failed to source: Class: detail" as an error and the traceback at debug level."""
        self.logerror('%s failed to %s: %s: %s', name, error_source, exc_info[0].__name__, detail)
        self.logdebug(''.join(traceback.format_exception(*exc_info)))

    # -- lifecycle ---------------------------------------------------------------------------------
    def execute(self, *args, **dargs):
        """Run the iterations; the count is always the configured ``iterations``."""
        dargs['iterations'] = self.iterations
        return super().execute(*args, **dargs)

    def initialize(self) -> None:
        """Check the Autotest version, then the config version, and log the config."""
        super().initialize()
        for option, check in (
            ('autotest_version', lambda: version.check_autotest_version(self.config, autotest_version.get_version())),
            ('config_version', lambda: version.check_version(self.config)),
        ):
            try:
                check()
            except xceptions.DockerVersionError as err:
                found = config.Config.loaded().location(self.config_section, option)
                if found:
                    err.where = f'file {found[0]}, line {found[1]}, section [{self.config_section}], option {option!r}'
                raise
        self.loginfo('initialize()')
        if 'subsubtests' not in self.config:
            for key, value in sorted(self.config.items()):
                self.logdebug('config %s = %r', key, value)

    def setup(self) -> None:
        """Runs once per version, after ``initialize``."""
        super().setup()
        self.loginfo('setup() for subtest version %s', self.version)

    def run_once(self) -> None:
        """Runs once per iteration."""
        super().run_once()
        if self.iteration and self.iteration > 1:
            self.loginfo('run_once() iteration %d of %d', self.iteration, self.iterations)
        else:
            self.loginfo('run_once()')

    def postprocess_iteration(self) -> None:
        """Runs after each ``run_once``."""
        super().postprocess_iteration()
        self.loginfo('postprocess_iteration(), iteration #%d', self.iteration)

    def postprocess(self) -> None:
        """Runs after the last iteration."""
        super().postprocess()
        self.loginfo('postprocess()')

    def cleanup(self) -> None:
        """Always runs, last: removes what ``cleanups`` holds."""
        super().cleanup()
        self.loginfo('cleanup()')
        self.cleanups.run()


class SubSubtest(_Checks):
    """A light child test of a :class:`SubSubtestCaller`, configured from ``[<parent section>/<Class>]``.

    Attributes:
        parent_subtest: the calling subtest.
        config: a deep copy of the parent's config, with the child's section merged over it.
        tmpdir: a temporary directory under the parent's, made by ``initialize``.
        sub_stuff: a dict for the child's own state between stages.
        cleanups: the objects ``cleanup`` removes (see :mod:`dockertest.cleanup`).
    """

    def __init__(self, parent_subtest: Subtest) -> None:
        self.parent_subtest = parent_subtest
        name = self.__class__.__name__
        self.config_section = self.make_name(parent_subtest.config_section)
        all_configs = config.Config()
        parent_config = copy.deepcopy(dict(parent_subtest.config))
        if self.config_section in all_configs:
            merged = self.make_subsubtest_config(all_configs, parent_config, all_configs[self.config_section])
        else:
            merged = parent_config
        self.config = merged
        if not self.config.get('enable', True):
            raise xceptions.DockerSubSubtestNAError(name)
        parent_subtest.write_test_keyval({'Configuration_for_Subsubtest': self.config_section})
        self.tmpdir = None
        self.sub_stuff = {}
        self.cleanups = CleanupRegistry(self)

    @classmethod
    def make_name(cls, parent_name: str) -> str:
        """The config section of this class under the parent's section, ``<parent_name>/<Class>`` (0.8.x)."""
        return f'{parent_name}/{cls.__name__}'

    @staticmethod
    def make_subsubtest_config(all_configs, parent_config: dict, section) -> dict:
        """Merge a child section over the parent's config, keeping the parent's overrides of globals.

        For an option that DEFAULTS also holds: where the child's value is the DEFAULTS value, the
        parent's value wins (so a parent override such as ``docker_timeout = 60`` reaches the child);
        where the child's value differs, the child's wins. Values are compared typed.
        """
        defaults = all_configs['DEFAULTS']
        merged = copy.deepcopy(parent_config)
        for key, value in section.items():
            if key in defaults and value == defaults[key] and key in parent_config:
                continue
            merged[key] = value
        return merged

    def _log(self, method, message, args) -> None:
        method(f'SubSubtest {self.__class__.__name__} {_format(message, args)}')

    def logdebug(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.logdebug, message, args)

    def loginfo(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.loginfo, message, args)

    def logwarning(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.logwarning, message, args)

    def logerror(self, message, *args) -> None:
        """Log through the parent, prefixed with this child's name."""
        self._log(self.parent_subtest.logerror, message, args)

    def initialize(self) -> None:
        """Make ``tmpdir`` under the parent's temporary directory."""
        self.tmpdir = tempfile.mkdtemp(prefix=self.__class__.__name__, suffix='tmp', dir=self.parent_subtest.tmpdir)
        self.loginfo('initialize()')

    def run_once(self) -> None:
        """The child's test."""
        self.loginfo('run_once()')

    def postprocess(self) -> None:
        """Check the child's results."""
        self.loginfo('postprocess()')

    def cleanup(self) -> None:
        """Always runs, last: removes what ``cleanups`` holds."""
        self.loginfo('cleanup()')
        self.cleanups.run()


class SubSubtestCaller(Subtest):
    """Runs the sub-subtests named by ``subsubtests``, in config order, each through all its stages.

    A child that fails is recorded and the others still run; the subtest then fails with
    ``Sub-subtest failures: <names>``. A child raising TestNAError is skipped (logged and written to
    the keyvals); when every child is skipped the subtest is TEST_NA. A child raising anything that
    is not an Autotest error is logged with its traceback, its cleanup runs, the others still run,
    and the subtest ends in ERROR naming it.
    """

    #: Whether the verdict gives each failed child's reason, ``Sub-subtest failures: a (reason)``,
    #: rather than only its name; a subtest sets it so its one status line names the problem.
    failure_details = False

    def __init__(self, *args, **dargs) -> None:
        super().__init__(*args, **dargs)
        self.subsubtest_names: list[str] = []
        self.start_subsubtests: dict[str, SubSubtest] = {}
        self.final_subsubtests: list[str] = []
        self.skipped_subsubtests: list[str] = []
        self.errored_subsubtests: list[str] = []
        self.exception_info: dict[str, tuple] = {}

    def initialize(self) -> None:
        """Read the sub-subtest names, less those the job's selection leaves out."""
        super().initialize()
        names = config.get_as_list(str(self.config.get('subsubtests') or ''))
        if not names:
            raise xceptions.DockerTestNAError(
                f"Missing or empty 'subsubtests' option in config section [{self.config_section}]"
            )
        self.subsubtest_names = self._selected(names)
        if not self.subsubtest_names:
            raise xceptions.DockerTestNAError(f'Every sub-subtest of {self.config_section} is deselected')

    def _selected(self, names: list[str]) -> list[str]:
        """Apply the job's ``control.ini`` (written by the control file) to the child names."""
        path = Path(getattr(self.job, 'resultdir', '') or '.') / 'control.ini'
        if not path.is_file():
            return names
        lists = selection.read_control_file(path)
        prefix = f'{self.config_section}/'

        def listed(option: str) -> list[str]:
            return [item[len(prefix) :] for item in lists.get(option, []) if item.startswith(prefix)]

        wanted, excluded = listed('subthings') + listed('include'), listed('exclude')
        return [n for n in names if (not wanted or n in wanted) and n not in excluded]

    # -- finding and running children --------------------------------------------------------------
    def import_if_not_loaded(self, name: str, pkg_path: str):
        """The module ``<pkg_path>/<name>.py``, imported once per process."""
        module_name = f'{Path(pkg_path).name}.{name}'
        if module_name in sys.modules:
            return sys.modules[module_name]
        path = Path(pkg_path) / f'{name}.py'
        if not path.is_file():
            raise xceptions.DockerTestError(
                f'sub-subtest {name!r}: no class {name} in {self.__class__.__module__} and no module {path}'
            )
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[module_name]
            raise
        return module

    def new_subsubtest(self, name: str) -> SubSubtest | None:
        """Instantiate the child ``name``: a class of that name in this module, or in ``bindir/<name>.py``."""
        cls = getattr(sys.modules[self.__class__.__module__], name, None)
        if cls is None:
            cls = getattr(self.import_if_not_loaded(name, self.bindir), name, None)
            if cls is None:
                raise xceptions.DockerTestError(f'sub-subtest module {self.bindir}/{name}.py has no class {name}')
        if not (isinstance(cls, type) and issubclass(cls, SubSubtest)):
            raise xceptions.DockerTestError(f'sub-subtest {name!r} is {cls!r}, not a SubSubtest class')
        try:
            return cls(self)
        except xceptions.DockerSubSubtestNAError:
            self.logwarning('Sub-subtest %s disabled in configuration: skipped', name)
            self.skipped_subsubtests.append(name)
            return None

    def call_subsubtest_method(self, name: str, method) -> None:
        """Call one stage of a child, recording which stage raised what."""
        try:
            method()
        except BaseException:
            self.exception_info[name] = (method.__name__, sys.exc_info())
            raise

    def _child_failed(self, name: str, err: BaseException) -> None:
        stage = self.exception_info.get(name, ('construction', None))[0]
        if isinstance(err, error.TestNAError):
            self.loginfo('Sub-subtest %s skipped in %s(): %s', name, stage, err)
            self.skipped_subsubtests.append(name)
        elif isinstance(err, error.AutotestError):
            self.logerror('Sub-subtest %s failed in %s(): %s: %s', name, stage, err.__class__.__name__, err)
        else:
            self.logtraceback(f'Sub-subtest {name}', sys.exc_info(), stage, err)
            self.errored_subsubtests.append(name)

    def run_all_stages(self, name: str, subsubtest: SubSubtest | None) -> None:
        """Run ``initialize``, ``run_once`` and ``postprocess`` of a child, then always its ``cleanup``."""
        if subsubtest is None:
            return
        self.start_subsubtests[name] = subsubtest
        try:
            for stage in (subsubtest.initialize, subsubtest.run_once, subsubtest.postprocess):
                self.call_subsubtest_method(name, stage)
            self.final_subsubtests.append(name)
        except Exception as err:  # noqa: BLE001 - every child error is recorded; the others still run
            self._child_failed(name, err)
        finally:
            try:
                subsubtest.cleanup()
            except Exception as err:
                self.logtraceback(f'Sub-subtest {name}', sys.exc_info(), 'cleanup', err)
                raise error.TestError(f'Sub-subtest {name} cleanup failures: {err}') from err

    def _start(self, name: str) -> SubSubtest | None:
        try:
            return self.new_subsubtest(name)
        except Exception as err:  # noqa: BLE001 - a child that cannot be built is that child's error
            self.start_subsubtests.setdefault(name, None)
            self._child_failed(name, err)
            if name not in self.errored_subsubtests and name not in self.skipped_subsubtests:
                self.errored_subsubtests.append(name)
            return None

    def run_once(self) -> None:
        """Run every selected child in config order."""
        super().run_once()
        for name in self.subsubtest_names:
            self.run_all_stages(name, self._start(name))

    def subsubtest_status(self, name: str) -> str:
        """A child's outcome: GOOD, FAIL, ERROR, TEST_NA, or NOSTATUS when it never started."""
        if name in self.skipped_subsubtests:
            return 'TEST_NA'
        if name in self.errored_subsubtests:
            return 'ERROR'
        if name in self.final_subsubtests:
            return 'GOOD'
        return 'FAIL' if name in self.start_subsubtests else 'NOSTATUS'

    def _verdict(self) -> None:
        # Every child's outcome, for the job report: subsubtest_results=one=GOOD,two=FAIL
        outcomes = ','.join(f'{name}={self.subsubtest_status(name)}' for name in self.subsubtest_names)
        self.write_test_keyval({'subsubtest_results': outcomes})
        started = [n for n in self.subsubtest_names if n in self.start_subsubtests or n in self.skipped_subsubtests]
        if self.skipped_subsubtests:
            self.write_test_keyval({'skipped_subsubtests': ','.join(self.skipped_subsubtests)})
        failed = [
            n
            for n in started
            if n not in self.final_subsubtests
            and n not in self.skipped_subsubtests
            and n not in self.errored_subsubtests
        ]
        if self.errored_subsubtests:
            extra = f'; Sub-subtest failures: {", ".join(failed)}' if failed else ''
            raise xceptions.DockerTestError(f'Sub-subtest errors: {", ".join(self.errored_subsubtests)}{extra}')
        if failed:
            raise xceptions.DockerTestFail(f'Sub-subtest failures: {", ".join(map(self._described, failed))}')
        if started and all(n in self.skipped_subsubtests for n in started):
            raise xceptions.DockerTestNAError(f'Every sub-subtest was skipped: {", ".join(started)}')

    def _described(self, name: str) -> str:
        """``name``, followed by its error on one line (at most 600 characters) when ``failure_details`` is set."""
        exc_info = self.exception_info.get(name, (None, None))[1]
        if not (self.failure_details and exc_info and exc_info[1] is not None):
            return name
        reason = ' '.join(str(exc_info[1]).split()) or exc_info[0].__name__
        return f'{name} ({reason if len(reason) <= 600 else reason[:599] + "…"})'

    def postprocess(self) -> None:
        """Fail naming the children that failed, in config order."""
        super().postprocess()
        self._verdict()


class SubSubtestCallerSimultaneous(SubSubtestCaller):
    """Runs the children stage by stage: every ``initialize``, then every ``run_once``, and so on."""

    def __init__(self, *args, **dargs) -> None:
        super().__init__(*args, **dargs)
        self.run_subsubtests: list[str] = []
        self.post_subsubtests: list[str] = []

    def _stage(self, names: Iterable[str], stage: str) -> list[str]:
        passed = []
        for name in names:
            child = self.start_subsubtests[name]
            try:
                self.call_subsubtest_method(name, getattr(child, stage))
                passed.append(name)
            except Exception as err:  # noqa: BLE001 - recorded per child
                self._child_failed(name, err)
        return passed

    def initialize(self) -> None:
        """Instantiate and initialize every selected child."""
        super().initialize()
        for name in self.subsubtest_names:
            child = self._start(name)
            if child is not None:
                self.start_subsubtests[name] = child
        self.run_subsubtests = self._stage([n for n, c in self.start_subsubtests.items() if c], 'initialize')

    def run_once(self) -> None:
        """``run_once`` of every child that initialized."""
        Subtest.run_once(self)
        self.post_subsubtests = self._stage(self.run_subsubtests, 'run_once')

    def postprocess(self) -> None:
        """``postprocess`` of every child that ran, then the verdict."""
        Subtest.postprocess(self)
        self.final_subsubtests = self._stage(self.post_subsubtests, 'postprocess')
        self._verdict()

    def cleanup(self) -> None:
        """``cleanup`` of every started child; their Autotest errors are raised together."""
        super().cleanup()
        failures = []
        for name, child in self.start_subsubtests.items():
            if child is None:
                continue
            try:
                child.cleanup()
            except error.AutotestError as err:
                failures.append(f'{name}: {err}')
        if failures:
            raise xceptions.DockerTestError(f'Sub-subtest cleanup failures: {"; ".join(failures)}')
