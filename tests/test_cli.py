"""``dockertest run``'s exit codes, console, results directories and reports, on a throw-away suite.

The suite is the project's own control file and DEFAULTS with five subtests written here (GOOD, FAIL,
ERROR, TEST_NA, and one that sleeps), pointed at a docker client that does not exist, so no engine is
needed: the control file turns its garbage check off and the subtests never call docker. It is also
the "user's own suite" chosen with ``--suite``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dockertest import cli

REPO = Path(__file__).resolve().parents[1]
SUBTESTS = {
    't_good': 'pass',
    't_fail': "raise error.TestFail('the widget is bent')",
    't_error': "raise error.TestError('the widget caught fire')",
    't_na': "raise error.TestNAError('no widget here')",
    't_slow': 'time.sleep(60)',
}
MODULE = '''"""A throw-away subtest."""
import time

from autotest.client.shared import error
from dockertest import subtest


class {name}(subtest.Subtest):
    """{name}: a throw-away subtest."""

    def run_once(self):
        super().run_once()
        {body}
'''


@pytest.fixture(scope='module')
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp('suite')
    shutil.copy(REPO / 'control', root / 'control')
    (root / 'config_defaults').mkdir()
    defaults = (REPO / 'config_defaults' / 'defaults.ini').read_text(encoding='utf-8')
    # An "engine" that answers every command with nothing: the job's engine check passes and the
    # garbage check sees an empty engine, so these jobs need no daemon.
    (root / 'config_defaults' / 'defaults.ini').write_text(
        defaults.replace('docker_path = /usr/bin/docker', 'docker_path = /usr/bin/true'), encoding='utf-8'
    )
    (root / 'config_defaults' / 'control.ini').write_text('[Control]\nexclude = t_slow\n', encoding='utf-8')
    ini = []
    for name, body in SUBTESTS.items():
        (root / 'subtests' / name).mkdir(parents=True)
        (root / 'subtests' / name / f'{name}.py').write_text(MODULE.format(name=name, body=body), encoding='utf-8')
        ini.append(f'[{name}]\n')
    (root / 'config_defaults' / 'subtests.ini').write_text('\n'.join(ini), encoding='utf-8')
    return root


def dockertest(suite: Path, cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, 'DOCKERTEST_SUITE_DIR': str(suite)}
    env.pop('DOCKERTEST_CONFIG_CUSTOM', None)
    command = [sys.executable, '-m', 'dockertest.cli', *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.timeout(120)
def test_all_good_or_na_is_0_with_a_line_per_subtest_and_a_job_directory(suite: Path, tmp_path: Path) -> None:
    done = dockertest(suite, tmp_path, 'run', 't_good', 't_na', '--junitxml', 'ci/junit.xml')
    assert done.returncode == cli.OK, done.stdout + done.stderr
    assert '[1/2] t_good GOOD ' in done.stdout
    assert '[2/2] t_na TEST_NA ' in done.stdout and 'no widget here' in done.stdout
    latest = tmp_path / 'results' / 'latest'
    assert latest.is_symlink() and (latest / 'report.html').is_file() and (latest / 'console.log').is_file()
    name = os.readlink(latest)
    assert len(name.split('-')) == 3 and name.split('-')[0].isdigit()
    assert (tmp_path / 'ci' / 'junit.xml').read_bytes() == (latest / 'junit.xml').read_bytes()
    page = (latest / 'report.html').read_text(encoding='utf-8')
    assert 't_good' in page and 't_na' in page and 'no widget here' in page


@pytest.mark.timeout(120)
def test_a_failure_or_error_is_1_and_results_dir_option_and_latest_moves(suite: Path, tmp_path: Path) -> None:
    first = dockertest(suite, tmp_path, 'run', 't_good', '--results', 'out')
    time.sleep(1)
    done = dockertest(suite, tmp_path, 'run', 't_good', 't_fail', 't_error', '--results', 'out')
    assert (first.returncode, done.returncode) == (cli.OK, cli.FAILED), done.stdout + done.stderr
    assert 't_fail FAIL ' in done.stdout and 'the widget is bent' in done.stdout
    assert 't_error ERROR ' in done.stdout
    jobs = sorted(p.name for p in (tmp_path / 'out').iterdir() if p.name not in ('latest', 'tmp'))
    assert len(jobs) == 2 and os.readlink(tmp_path / 'out' / 'latest') == jobs[-1]
    status = json.loads((tmp_path / 'out' / 'latest' / 'status.json').read_text(encoding='utf-8'))
    assert sorted(t['status'] for t in status['tests']) == ['ERROR', 'FAIL', 'GOOD']
    assert not (tmp_path / 'results').exists()


def test_usage_errors_are_4(suite: Path, tmp_path: Path) -> None:
    unknown = dockertest(suite, tmp_path, 'run', 't_goood')
    assert unknown.returncode == cli.USAGE and 'close matches: t_good' in unknown.stderr
    assert dockertest(suite, tmp_path, 'run', '--no-such-option').returncode == cli.USAGE
    bad_k = dockertest(suite, tmp_path, 'run', '-k', 'good and (')
    assert bad_k.returncode == cli.USAGE and '-k' in bad_k.stderr
    nowhere = dockertest(tmp_path, tmp_path, 'run')
    assert nowhere.returncode == cli.USAGE
    assert f'looked for: {tmp_path}/control' in nowhere.stderr and 'DOCKERTEST_SUITE_DIR' in nowhere.stderr
    assert not (tmp_path / 'results').exists()


def test_nothing_selected_is_5(suite: Path, tmp_path: Path) -> None:
    done = dockertest(suite, tmp_path, 'run', '-k', 'zebra')
    assert done.returncode == cli.NOTHING and 'nothing selected' in done.stderr
    excluded = dockertest(suite, tmp_path, 'run', 't_slow')  # control.ini excludes it
    assert excluded.returncode == cli.NOTHING


@pytest.mark.timeout(120)
def test_keyword_chooses_and_the_default_selection_honours_control_ini(suite: Path, tmp_path: Path) -> None:
    done = dockertest(suite, tmp_path, 'run', '-k', 'good or na')
    assert done.returncode == cli.OK and '[2/2]' in done.stdout and 't_fail' not in done.stdout
    everything = dockertest(suite, tmp_path, 'run')
    assert everything.returncode == cli.FAILED and '[4/4]' in everything.stdout and 't_slow' not in everything.stdout


@pytest.mark.timeout(120)
def test_a_broken_control_file_is_an_internal_error_3(suite: Path, tmp_path: Path) -> None:
    broken = tmp_path / 'broken'
    shutil.copytree(suite, broken)
    (broken / 'control').write_text(
        (suite / 'control').read_text(encoding='utf-8') + '\nraise RuntimeError("the control file is broken")\n',
        encoding='utf-8',
    )
    done = dockertest(broken, tmp_path, 'run', 't_good')
    assert done.returncode == cli.INTERNAL, done.stdout + done.stderr
    assert 'console.log' in done.stderr


@pytest.mark.timeout(120)
def test_an_interrupt_is_2(suite: Path, tmp_path: Path) -> None:
    custom = tmp_path / 'custom'
    custom.mkdir()
    (custom / 'control.ini').write_text('[Control]\nexclude =\n', encoding='utf-8')
    env = {**os.environ, 'DOCKERTEST_SUITE_DIR': str(suite)}
    command = [sys.executable, '-m', 'dockertest.cli', 'run', 't_slow', '--config-custom', str(custom)]
    child = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    status = tmp_path / 'results' / 'latest' / 'status'
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (status.is_file() and 't_slow' in status.read_text()):
        time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=90)
    assert child.returncode == cli.INTERRUPTED, out + err
    assert (tmp_path / 'results' / 'latest' / 'report.html').is_file()


def test_list_names_subtests_with_their_summaries(suite: Path, tmp_path: Path) -> None:
    done = dockertest(REPO, tmp_path, 'list')
    assert done.returncode == cli.OK
    lines = done.stdout.splitlines()
    assert any(line.startswith('docker_cli/version ') and 'version' in line.split(None, 1)[1] for line in lines)
    assert any(line.startswith('  subexample/one ') for line in lines)
    assert dockertest(suite, tmp_path, 'list').stdout.startswith('t_error ')


@pytest.mark.timeout(120)
def test_junit_validates_against_the_ci_schema_with_times_messages_and_logs(suite: Path, tmp_path: Path) -> None:
    xmlschema = pytest.importorskip('xmlschema')
    schema = xmlschema.XMLSchema(str(Path(__file__).parent / 'schemas' / 'junit.xsd'))
    done = dockertest(suite, tmp_path, 'run', 't_good', 't_fail', 't_error', 't_na')
    assert done.returncode == cli.FAILED, done.stdout + done.stderr
    junit = tmp_path / 'results' / 'latest' / 'junit.xml'
    schema.validate(str(junit))
    tree = ET.parse(junit)
    cases = {case.get('classname').rsplit('/', 1)[-1]: case for case in tree.iter('testcase')}
    assert sorted(cases) == ['t_error', 't_fail', 't_good', 't_na']
    times = [case.get('time') for case in cases.values()]
    assert all(re.fullmatch(r'\d+\.\d{3}', t) for t in times) and any(not t.endswith('.000') for t in times), times
    assert cases['t_fail'].find('failure').get('message') == 'the widget is bent'
    assert cases['t_error'].find('error').get('message') == 'the widget caught fire'
    assert cases['t_na'].find('skipped').get('message') == 'no widget here'
    assert 'run_once()' in cases['t_good'].find('system-out').text
    # The schema is a real check: a whole-second time with a unit, as some writers emit, is refused.
    broken = junit.read_text(encoding='utf-8').replace(f'time="{times[0]}"', 'time="3s"', 1)
    assert not schema.is_valid(broken)


VISIBLE_ROWS = """
return Array.from(document.querySelectorAll('tbody.subtest:not([hidden]) td.name')).map(td => td.textContent);
"""


ALL_ROWS = ['t_good', 't_fail', 't_error', 't_na']


@pytest.mark.timeout(120)
def test_report_html_in_headless_chromium_shows_the_subtests_and_filters(suite: Path, tmp_path: Path) -> None:
    browser = pytest.importorskip('webdriver', reason='tests/webdriver.py')
    if not (os.access(browser.CHROMIUM, os.X_OK) and os.access(browser.CHROMEDRIVER, os.X_OK)):
        message = 'NO CHROMIUM: the report browser test needs Debian chromium and chromium-driver (make browser)'
        if os.environ.get('DOCKERTEST_REQUIRE_DAEMON', '') not in ('', '0'):
            pytest.fail(message)
        pytest.skip(message)
    done = dockertest(suite, tmp_path, 'run', 't_good', 't_fail', 't_error', 't_na')
    assert done.returncode == cli.FAILED
    page = (tmp_path / 'results' / 'latest' / 'report.html').resolve()
    assert 'http' not in page.read_text(encoding='utf-8').replace('http-equiv', ''), 'the page must load nothing'
    with browser.Browser() as chromium:
        chromium.open(page.as_uri())
        assert chromium.script(VISIBLE_ROWS) == ALL_ROWS
        assert chromium.script("return document.getElementById('totals').textContent") == (
            '1 ERROR, 1 FAIL, 1 GOOD, 1 TEST_NA'
        )
        # A filter button sets the location's hash; the rows change on the hashchange that follows.
        chromium.click('button[data-status="FAIL"]')
        assert chromium.settled(VISIBLE_ROWS, ['t_fail']) == ['t_fail']
        assert chromium.script("return document.getElementById('shown').textContent") == '1'
        chromium.click('button[data-status="TEST_NA"]')
        assert chromium.settled(VISIBLE_ROWS, ['t_na']) == ['t_na']
        chromium.click('button[data-status="ALL"]')
        assert chromium.settled(VISIBLE_ROWS, ALL_ROWS) == ALL_ROWS
        details = "return document.querySelector('#subtest-1').nextElementSibling.hidden"
        assert chromium.script(details) is True
        chromium.click('#subtest-1')
        assert chromium.script(details) is False
        log = chromium.script("return document.querySelector('#subtest-1').nextElementSibling.textContent")
        assert 'Log excerpt' in log and 'run_once()' in log


def test_engine_and_jobs_are_passed_as_the_agreed_args_tokens() -> None:
    options = cli.parser().parse_args(['run', 'a', '--engine', 'podman', '-j', '2'])
    assert cli._engine_args(['a', 'b'], options) == 'a,b engine=podman j=2'
    assert cli._engine_args([], cli.parser().parse_args(['run'])) == ''


def test_autotest_local_says_where_it_looked_for_the_suite_and_how_to_point_at_one(tmp_path: Path) -> None:
    env = {**os.environ, 'DOCKERTEST_SUITE_DIR': str(tmp_path / 'nowhere')}
    command = [sys.executable, '-m', 'autotest.client.autotest_local', 'run', 'docker']
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert f'{tmp_path}/nowhere/control' in done.stderr and 'DOCKERTEST_SUITE_DIR=DIR' in done.stderr
    assert '--suite DIR' in done.stderr


@pytest.mark.daemon
def test_host_status_is_dockertest_host_status(tmp_path: Path) -> None:
    command = [sys.executable, '-m', 'dockertest.cli', 'host']
    done = subprocess.run([*command, 'status'], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'dockerd' in done.stdout and 'registry' in done.stdout
    wrong = subprocess.run([*command, 'sideways'], capture_output=True, text=True, timeout=60, check=False)
    assert wrong.returncode == cli.USAGE and 'invalid choice' in wrong.stderr
