"""The suite harness end to end: the control file, Subtest and SubSubtest classes, run by autotest-local."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from dockertest.summary import status_records

# Each test runs a job, and a job checks that the engine answers before its first subtest.
pytestmark = pytest.mark.daemon

REPO = Path(__file__).resolve().parents[1]
AUTOTEST_LOCAL = str(Path(sys.executable).parent / 'autotest-local')
DOCKER = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'


def make_suite(tmp_path: Path, subtests: dict[str, str], inis: dict[str, str] | None = None) -> Path:
    """A suite directory with the real control file and DEFAULTS, and the given subtests and ini files."""
    suite = tmp_path / 'suite'
    (suite / 'config_defaults').mkdir(parents=True)
    shutil.copy(REPO / 'control', suite / 'control')
    shutil.copy(REPO / 'config_defaults' / 'defaults.ini', suite / 'config_defaults' / 'defaults.ini')
    for name, code in subtests.items():
        path = suite / 'subtests' / name / f'{Path(name).name}.py'
        path.parent.mkdir(parents=True)
        path.write_text(textwrap.dedent(code))
    for rel, text in (inis or {}).items():
        path = suite / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return suite


def run_job(suite: Path, tmp_path: Path, *args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, Path]:
    env = dict(os.environ, DOCKERTEST_SUITE_DIR=str(suite))
    out = tmp_path / 'out'
    proc = subprocess.run(
        [AUTOTEST_LOCAL, 'run', 'docker', '--output_dir', str(out), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc, out / 'results' / 'default'


def records(resultdir: Path) -> list[tuple[int, str, str, str]]:
    """(indent, code, subdir, message) of each status record, continuation lines left out."""
    return status_records((resultdir / 'status').read_text())


def results(resultdir: Path) -> dict[str, tuple[str, str]]:
    """Test name to (status, message) of its result record."""
    return {
        subdir: (code, msg)
        for indent, code, subdir, msg in records(resultdir)
        if indent == 2 and code not in ('START', 'INFO') and not code.startswith('END')
    }


# -- the bundled examples --------------------------------------------------------------------------------


def test_example_and_subexample(tmp_path: Path) -> None:
    env = dict(os.environ, DOCKERTEST_SUITE_DIR=str(REPO))
    proc = subprocess.run(
        [AUTOTEST_LOCAL, 'run', 'docker', '--output_dir', str(tmp_path), '--args=example,subexample'],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    resultdir = tmp_path / 'results' / 'default'
    codes = [(indent, code, subdir) for indent, code, subdir, _ in records(resultdir)]
    assert codes == [
        (0, 'START', '----'),
        (1, 'START', 'docker/subtests/example.test_1-of-2'),
        (2, 'GOOD', 'docker/subtests/example.test_1-of-2'),
        (1, 'END GOOD', 'docker/subtests/example.test_1-of-2'),
        (1, 'START', 'docker/subtests/subexample.test_2-of-2'),
        (2, 'GOOD', 'docker/subtests/subexample.test_2-of-2'),
        (1, 'END GOOD', 'docker/subtests/subexample.test_2-of-2'),
        (0, 'END GOOD', '----'),
    ]
    console = proc.stdout + proc.stderr
    assert '\t\tRUNNING\t----\tINFO: run_once() iteration 3 of 3' in console
    assert 'INFO: example_value is overridden by config_custom: customised in config_custom/example.ini' in console
    assert 'INFO: SubSubtest two postprocess()' in console
    summary = (resultdir / 'summary.txt').read_text()
    assert '  example     GOOD' in summary and '  total: 2 GOOD' in summary


# -- selection errors and the dry run --------------------------------------------------------------------

TRIVIAL = {
    'alpha': 'from dockertest import subtest\n\nclass alpha(subtest.Subtest):\n    pass\n',
    'beta': 'from dockertest import subtest\n\nclass beta(subtest.Subtest):\n    pass\n',
}


def test_unknown_args_name_fails_before_anything_runs(tmp_path: Path) -> None:
    suite = make_suite(tmp_path, TRIVIAL)
    proc, resultdir = run_job(suite, tmp_path, '--args=alpha,bheta')
    assert proc.returncode == 1
    assert "unknown subtest or sub-subtest 'bheta' in --args; close matches: beta" in proc.stdout + proc.stderr
    assert not [r for r in records(resultdir) if r[0] == 1], 'a test started although --args was bad'


def test_dry_run_shows_the_queue_and_runs_nothing(tmp_path: Path) -> None:
    suite = make_suite(tmp_path, TRIVIAL)
    proc, resultdir = run_job(suite, tmp_path, '--args=beta,alpha !!!')
    assert proc.returncode == 0, proc.stderr
    console = proc.stdout + proc.stderr
    assert 'Dry run (!!!): 2 subtest(s) would run, nothing is run' in console
    assert console.index('test_1-of-2  beta') < console.index('test_2-of-2  alpha')
    assert [code for _, code, _, _ in records(resultdir)] == ['START', 'END GOOD']


# -- Subtest and SubSubtest behaviour --------------------------------------------------------------------


def test_subtest_disabled_by_config_is_test_na(tmp_path: Path) -> None:
    suite = make_suite(tmp_path, TRIVIAL, {'config_defaults/subtests/alpha.ini': '[alpha]\nenable = no\n'})
    proc, resultdir = run_job(suite, tmp_path, '--args=alpha,beta')
    assert proc.returncode == 0, proc.stderr
    assert results(resultdir) == {
        'docker/subtests/alpha.test_1-of-2': ('TEST_NA', 'Subtest disabled in configuration.'),
        'docker/subtests/beta.test_2-of-2': ('GOOD', 'completed successfully'),
    }


def test_config_version_mismatch_is_a_clean_error_naming_both(tmp_path: Path) -> None:
    custom = (
        (REPO / 'config_defaults/defaults.ini').read_text().replace('config_version = 0.9.0', 'config_version = 0.1.0')
    )
    # alpha has a section of its own: a subtest without one runs on DEFAULTS with no version check.
    suite = make_suite(
        tmp_path,
        TRIVIAL,
        {'config_custom/defaults.ini': custom, 'config_defaults/subtests/alpha.ini': '[alpha]\nx = 1\n'},
    )
    proc, resultdir = run_job(suite, tmp_path, '--args=alpha')
    assert proc.returncode == 0, proc.stderr
    status, message = results(resultdir)['docker/subtests/alpha.test_1-of-1']
    assert status == 'ERROR'
    assert '0.9.0' in message and '0.1.0' in message, message
    assert 'Traceback' not in message


FAMILY = """
from pathlib import Path

from dockertest import subtest


class family(subtest.SubSubtestCaller):
    pass


class Child(subtest.SubSubtest):
    def mark(self, what):
        Path(self.config['marker_dir'], f'{self.__class__.__name__}.{what}').write_text(
            repr(self.config['docker_timeout']))

    def run_once(self):
        super().run_once()
        self.mark('ran')

    def cleanup(self):
        super().cleanup()
        self.mark('cleaned')


class failing(Child):
    def postprocess(self):
        super().postprocess()
        self.failif(True, 'deliberate failure')


class passing(Child):
    pass


class crashing(Child):
    def run_once(self):
        super().run_once()
        raise RuntimeError('deliberate crash')
"""


def family_suite(tmp_path: Path, children: str, extra: str = '') -> tuple[Path, Path]:
    markers = tmp_path / 'markers'
    markers.mkdir()
    ini = f'[family]\nsubsubtests = {children}\ndocker_timeout = 60\nmarker_dir = {markers}\n{extra}'
    return make_suite(tmp_path, {'family': FAMILY}, {'config_defaults/subtests/family.ini': ini}), markers


def test_a_failing_sub_subtest_does_not_stop_its_siblings(tmp_path: Path) -> None:
    suite, markers = family_suite(tmp_path, 'failing,passing')
    proc, resultdir = run_job(suite, tmp_path, '--args=family')
    assert proc.returncode == 0, proc.stderr
    assert results(resultdir)['docker/subtests/family.test_1-of-1'] == ('FAIL', 'Sub-subtest failures: failing')
    assert sorted(p.name for p in markers.iterdir()) == [
        'failing.cleaned',
        'failing.ran',
        'passing.cleaned',
        'passing.ran',
    ]


def test_a_crashing_sub_subtest_is_an_error_naming_it_and_the_rest_still_run(tmp_path: Path) -> None:
    suite, markers = family_suite(tmp_path, 'crashing,failing,passing')
    proc, resultdir = run_job(suite, tmp_path, '--args=family')
    status, message = results(resultdir)['docker/subtests/family.test_1-of-1']
    assert (status, message) == ('ERROR', 'Sub-subtest errors: crashing; Sub-subtest failures: failing')
    assert {'crashing.cleaned', 'failing.cleaned', 'passing.cleaned', 'passing.ran'} <= {
        p.name for p in markers.iterdir()
    }
    assert 'RuntimeError: deliberate crash' in proc.stdout + proc.stderr


def test_a_child_section_inherits_the_parents_typed_override(tmp_path: Path) -> None:
    # [family/passing] exists, so DEFAULTS' docker_timeout = 300.0 reappears in it; the parent's 60 wins.
    suite, markers = family_suite(
        tmp_path, 'passing,failing', '\n[family/passing]\nanswer = 42\n\n[family/failing]\ndocker_timeout = 7\n'
    )
    run_job(suite, tmp_path, '--args=family')
    assert (markers / 'passing.ran').read_text() == '60'
    assert (markers / 'failing.ran').read_text() == '7'


def test_missing_subsubtests_is_test_na_with_a_message(tmp_path: Path) -> None:
    suite = make_suite(tmp_path, {'family': FAMILY}, {'config_defaults/subtests/family.ini': '[family]\nx = 1\n'})
    _, resultdir = run_job(suite, tmp_path, '--args=family')
    assert results(resultdir)['docker/subtests/family.test_1-of-1'] == (
        'TEST_NA',
        "Missing or empty 'subsubtests' option in config section [family]",
    )


def test_a_sub_subtest_name_in_args_runs_only_that_child(tmp_path: Path) -> None:
    suite, markers = family_suite(tmp_path, 'failing,passing')
    _, resultdir = run_job(suite, tmp_path, '--args=family/passing')
    assert results(resultdir)['docker/subtests/family.test_1-of-1'] == ('GOOD', 'completed successfully')
    assert sorted(p.name for p in markers.iterdir()) == ['passing.cleaned', 'passing.ran']


# -- the garbage check ---------------------------------------------------------------------------------

# The leak is made through the framework's command layer, which labels and records it as the job's
# (what a subtest makes behind the framework's back cannot be told from another user's object).
LEAKER = """
from dockertest import dockercmd, subtest


class leaker(subtest.Subtest):
    def run_once(self):
        super().run_once()
        dockercmd.NoFailDockerCmd(self, 'create', ['--name', self.config['leak_name'],
                                  'localhost:5000/dockertest/busybox:latest', '/bin/true']).execute()
"""


@pytest.mark.daemon
def test_a_leak_is_reported_against_its_subtest_and_removed(tmp_path: Path) -> None:
    name = f'dockertest_leak_{uuid.uuid4().hex[:8]}'
    suite = make_suite(
        tmp_path,
        {'leaker': LEAKER, **TRIVIAL},
        {'config_defaults/subtests/leaker.ini': f'[leaker]\nleak_name = {name}\n'},
    )
    try:
        proc, resultdir = run_job(suite, tmp_path, '--args=leaker,alpha')
        assert proc.returncode == 0, proc.stderr
        garbage = [r for r in records(resultdir) if r[1] == 'FAIL' and 'left behind' in r[3]]
        assert len(garbage) == 1, records(resultdir)
        _, _, subdir, message = garbage[0]
        assert subdir == 'docker/subtests/leaker.test_1-of-2'
        assert message.startswith(f'leaker left behind: container {name} (') and message.endswith('; removed')
        listing = subprocess.run(
            [DOCKER, 'ps', '-a', '--filter', f'name={name}', '-q'], capture_output=True, text=True, check=True
        )
        assert listing.stdout == '', 'the garbage check did not remove the leaked container'
        assert results(resultdir)['docker/subtests/alpha.test_2-of-2'][0] == 'GOOD'
        assert 'leaker (garbage check)  FAIL' in (resultdir / 'summary.txt').read_text()
    finally:
        subprocess.run([DOCKER, 'rm', '-f', name], capture_output=True, check=False)
