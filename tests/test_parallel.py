"""Parallel subtests without an engine: the setting, the start order, and a real job of sleepers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dockertest.parallel import (
    JobsError,
    Task,
    jobs_setting,
    load_durations,
    save_durations,
    set_aside,
    start_order,
    timeline,
)

BIN = Path(sys.executable).parent


def suite(tmp_path: Path, defaults: str | None = None, custom: str | None = None) -> Path:
    for sub, text in (('config_defaults', defaults), ('config_custom', custom)):
        (tmp_path / sub).mkdir(exist_ok=True)
        if text is not None:
            (tmp_path / sub / 'control.ini').write_text(text)
    return tmp_path


def test_the_setting_comes_from_args_then_control_ini(tmp_path: Path) -> None:
    assert jobs_setting([], suite(tmp_path)) == 1
    root = suite(tmp_path, '[Control]\njobs = 2\n', '[Control]\ninclude = x\n')
    assert jobs_setting(['docker_cli/version'], root) == 2
    (root / 'config_custom' / 'control.ini').write_text('[Control]\njobs = 3\n')
    assert jobs_setting([], root) == 3
    assert jobs_setting(['j=1', 'j=4'], root) == 4


@pytest.mark.parametrize('token', ['j=0', 'j=x', 'j=', 'j=65'])
def test_a_bad_token_is_named(tmp_path: Path, token: str) -> None:
    with pytest.raises(
        JobsError, match=f'--args {token}: the number of subtests run at once must be a whole number from 1 to 64'
    ):
        jobs_setting([token], suite(tmp_path))


def test_a_bad_option_names_file_section_and_option(tmp_path: Path) -> None:
    root = suite(tmp_path, custom='[Control]\njobs = many\n')
    with pytest.raises(JobsError, match=r"config_custom/control.ini \[Control\] jobs: .* not 'many'"):
        jobs_setting([], root)
    (root / 'config_custom' / 'control.ini').write_text('not an ini')
    with pytest.raises(JobsError, match='config_custom/control.ini: cannot read control.ini'):
        jobs_setting([], root)


def test_alone_first_then_longest_first(tmp_path: Path) -> None:
    tasks = [
        Task(1, 'a', 'a'),
        Task(2, 'b', 'b', alone=True),
        Task(3, 'c', 'c'),
        Task(4, 'd', 'd'),
        Task(5, 'e', 'e', True),
    ]
    order = start_order(tasks, {'a': 1.0, 'c': 9.0, 'd': 3.0})
    assert [task.name for task in order] == ['b', 'e', 'c', 'd', 'a']
    untimed_first = start_order(tasks, {'a': 1.0})
    assert [task.name for task in untimed_first] == ['b', 'e', 'c', 'd', 'a']
    path = str(tmp_path / 'tmp' / 'durations.json')
    assert load_durations(path) == {}
    save_durations(path, {'a': 1.5})
    save_durations(path, {'b': 2.0})
    assert load_durations(path) == {'a': 1.5, 'b': 2.0}


def test_half_run_results_are_set_aside(tmp_path: Path) -> None:
    tasks = [Task(1, 'a', 'sub/a.t1'), Task(2, 'b', 'sub/b.t2')]
    (tmp_path / 'sub' / 'a.t1').mkdir(parents=True)
    (tmp_path / 'sub' / 'a.t1.interrupted').mkdir()
    assert set_aside(str(tmp_path), tasks) == [(str(tmp_path / 'sub/a.t1'), str(tmp_path / 'sub/a.t1.interrupted-1'))]
    assert not (tmp_path / 'sub' / 'a.t1').exists()


SLEEPER = """
import logging
import os
import time

from autotest.client import test


class {name}(test.test):
    version = 1

    def run_once(self):
        logging.info('only in {name}')
        with open(os.path.join(os.environ['MARKS'], '{name}'), 'w') as out:
            out.write('%f ' % time.time())
            time.sleep({seconds})
            out.write('%f' % time.time())
"""

CONTROL = """
from dockertest import parallel

names = {names!r}
tasks = [parallel.Task(i, n, 'bench/subtests/%s.t%d' % (n, i), n == 'alone') for i, n in enumerate(names, 1)]
done = []

def work(task):
    job.run_test(url='bench/subtests/' + task.name, tag='t%d' % task.index)
    return task.name

def finish(task, outcome, seconds):
    done.append(outcome['value'])

parallel.run(job, tasks, 3, work, finish)
assert done == names, done
"""


def test_a_job_runs_them_at_once_and_reports_in_queue_order(tmp_path: Path) -> None:
    names = ['slow', 'fast1', 'fast2', 'alone', 'fast3']
    seconds = {'slow': 1.5, 'fast1': 0.3, 'fast2': 0.3, 'alone': 0.3, 'fast3': 0.3}
    root = tmp_path / 'bench'
    for name in names:
        (root / 'subtests' / name).mkdir(parents=True)
        (root / 'subtests' / name / f'{name}.py').write_text(SLEEPER.format(name=name, seconds=seconds[name]))
    (root / 'control').write_text(CONTROL.format(names=names))
    marks = tmp_path / 'marks'
    marks.mkdir()
    proc = subprocess.run(
        [str(BIN / 'autotest-local'), 'run', str(root / 'control'), '--output_dir', str(tmp_path / 'out')],
        env={'PATH': '/usr/bin:/bin', 'MARKS': str(marks)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = tmp_path / 'out' / 'results' / 'default'
    status = (results / 'status').read_text().splitlines()
    starts = [line.split('\t')[2] for line in status if line.startswith('\tSTART')]
    assert starts == [f'bench/subtests/{n}.t{i}' for i, n in enumerate(names, 1)]
    assert sum(1 for line in status if line.startswith('\t\tGOOD')) == 5
    span = {n: [float(x) for x in (marks / n).read_text().split()] for n in names}
    # The alone one ran by itself; the slow one overlapped the fast ones that came after it.
    for other in names:
        if other != 'alone':
            assert span[other][1] <= span['alone'][0] or span[other][0] >= span['alone'][1]
    assert span['fast3'][0] < span['slow'][1]
    for i, name in enumerate(names, 1):
        own = (results / f'bench/subtests/{name}.t{i}' / 'debug' / f'{name}.t{i}.INFO').read_text()
        assert f'only in {name}' in own
        assert all(f'only in {o}' not in own for o in names if o != name)
    # The timeline says when each started and ended, in start order (untimed: queue order, alone first).
    spans = timeline(str(results))
    assert [s['name'] for s in spans] == ['alone', 'slow', 'fast1', 'fast2', 'fast3']
    assert [s['alone'] for s in spans] == [True, False, False, False, False]
    assert all(0 <= s['start'] < s['end'] for s in spans)
    assert spans[0]['end'] <= min(s['start'] for s in spans[1:])
    assert timeline(str(tmp_path)) == []
