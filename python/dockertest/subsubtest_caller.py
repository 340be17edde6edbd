"""Subtests made of sub-subtests: :class:`SubSubtestCaller` runs them one after another,
:class:`SubSubtestCallerSimultaneous` stage by stage (the original import name is
:mod:`dockertest.subtest`)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path

from autotest.client.shared import error
from dockertest import config, selection, xceptions
from dockertest.subsubtest import SubSubtest
from dockertest.subtest_base import Subtest

__all__ = ['SubSubtestCaller', 'SubSubtestCallerSimultaneous']


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
