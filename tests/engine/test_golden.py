"""Golden tests: real control files run through ``autotest-local``, status files compared as text.

Timestamps, local times, paths and traceback frames are normalised (see ``conftest.normalize``);
everything else (tabs, indentation, field order, continuation lines) must match byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import GOLDEN, normalize

from autotest.client import testrunner
from autotest.client.shared import utils


def seed_suite(suite, case: str):
    made = suite(case)
    if not (made.dir / 'control').exists():
        shutil.copy(GOLDEN / 'control', made.dir / 'control')
    return made


def test_every_status_is_recorded_as_upstream_does(suite):
    made = seed_suite(suite, 'outcomes')
    run = made.run('run', 'docker', '--args=example,failer,errorer,skipper,warner')
    assert run.rc == 0, run.stderr
    assert made.normalized(run) == made.expected()
    # Each test's own status file holds its records with the job log's indentation.
    own = (run.resultdir / 'docker/subtests/failer.test_2-of-5/status').read_text(encoding='utf-8')
    own_lines = own.splitlines()
    assert len(own_lines) == 3
    assert own_lines[0].startswith('\tSTART\tdocker/subtests/failer.test_2-of-5\t')
    assert own_lines[1].startswith('\t\tFAIL\tdocker/subtests/failer.test_2-of-5\t')
    assert own_lines[2].startswith('\tEND FAIL\tdocker/subtests/failer.test_2-of-5\t')
    keyval = utils.read_keyval(str(run.resultdir / 'docker/subtests/example.test_1-of-5'))
    assert keyval == {'version': '1', 'ran': 'yes'}


def test_uncaught_exceptions_fail_or_error_by_lifecycle_stage(suite):
    made = seed_suite(suite, 'lifecycle')
    stages = 'initialize_boom,setup_boom,warmup_boom,run_once_boom,postprocess_boom,cleanup_boom'
    run = made.run('run', 'docker', f'--args={stages}')
    assert run.rc == 0, run.stderr
    assert made.normalized(run) == made.expected()
    # The traceback names the test module, and cleanup ran after each failing stage.
    assert 'run_once_boom.py", line' in run.status
    for index, name in enumerate(stages.split(',')[:5], 1):
        keyval = utils.read_keyval(str(run.resultdir / f'docker/subtests/{name}.test_{index}-of-6'))
        assert keyval.get('cleanup') == 'ran', name


def test_seed_shaped_control_names_tests_like_the_quickstart(suite):
    made = seed_suite(suite, 'seed')
    run = made.run('run', 'docker', '--args=example,docker_cli/version')
    assert run.rc == 0, run.stderr
    assert made.normalized(run) == made.expected()
    names = [line.split('\t')[2] for line in run.status.splitlines() if line.startswith('\tSTART')]
    assert names == ['docker/subtests/example.test_1-of-2', 'docker/subtests/docker_cli/version.test_2-of-2']
    console = [line.split('| ', 1)[1] for line in run.stdout.splitlines()]
    assert console[0] == f'Writing results to {run.resultdir}'
    assert console[1] == 'START\t----\t----'
    assert console[2] == '\tSTART\tdocker/subtests/example.test_1-of-2\ttimeout=600'
    running = [re.sub(r'\ttimestamp=\d+\tlocaltime=[^\t]+', '', line) for line in console if 'RUNNING' in line]
    assert running == [
        '\t\tRUNNING\t----\t----\tINFO: ' + message
        for message in [
            'initialize()',
            'run_once() iteration 1 of 3',
            'postprocess_iteration(), iteration #1',
            'run_once() iteration 2 of 3',
            'postprocess_iteration(), iteration #2',
            'run_once() iteration 3 of 3',
            'postprocess_iteration(), iteration #3',
            'postprocess()',
            'cleanup()',
        ]
    ]
    assert console[-1] == 'END GOOD\t----\t----'


def test_non_ascii_output_crossing_read_boundaries(suite):
    made = seed_suite(suite, 'unicode')
    run = made.run('run', 'docker', '--args=unicode_out')
    assert run.rc == 0, run.stderr
    assert made.normalized(run) == made.expected()
    assert utils.read_keyval(str(run.resultdir / 'docker/subtests/unicode_out.test_1-of-1'))['characters'] == '3002'


def _alive(pid: int) -> bool:
    return utils.pid_is_alive(pid)


def test_a_hanging_test_is_killed_with_everything_it_started(suite):
    made = seed_suite(suite, 'timeout')
    started = time.monotonic()
    run = made.run('run', 'docker', '--args=hang 2')
    elapsed = time.monotonic() - started
    assert run.rc == 0, run.stderr
    assert made.normalized(run) == made.expected()
    assert elapsed < 15
    pids = [int(pid) for pid in (made.root / 'pids').read_text().split()]
    assert len(pids) == 5
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in pids if _alive(pid)] == []
    # The test ran in a session of its own (its pid is the session id): nothing of it is left,
    # including the `sleep 303` it was waiting on, which was never written to the pid file.
    assert testrunner.session_members(pids[0]) == []


def test_quit_then_continue_keeps_state_args_and_run_time_steps(suite):
    made = suite('resume')
    first = made.run('run', 'docker', '--args=one two')
    assert first.rc == 5, first.stderr
    assert normalize(first.status, made.root) == made.expected('expected_status_quit')
    assert not (first.resultdir / 'control.state').exists()
    second = made.run('-c', 'run', 'docker')
    assert second.rc == 0, second.stdout + second.stderr
    assert made.normalized(second) == made.expected()
    assert (second.resultdir / 'control.state').exists()
    assert not (made.root / 'tmp' / 'control.state').exists()
    # Nothing is left to continue.
    third = made.run('-c', 'run', 'docker')
    assert third.rc == 1
    assert 'Nothing to continue' in third.stderr


@pytest.mark.parametrize(
    ('value', 'expected'),
    [
        ('example,docker_cli/version', ['example,docker_cli/version']),
        ('a "b c"  d', ['a', 'b c', 'd']),
        ("x='1 2' y", ['x=1 2', 'y']),
        ('  spaced   out  ', ['spaced', 'out']),
        ('', []),
    ],
)
def test_args_are_split_on_whitespace_keeping_quotes(suite, value: str, expected: list[str]):
    made = suite('args')
    run = made.run(f'--args={value}', str(made.dir / 'control'))
    assert run.rc == 0, run.stderr
    recorded = json.loads((run.resultdir / 'args.json').read_text())
    assert recorded == {'job.args': expected, 'args': expected, 'same': True}


def test_unbalanced_quotes_in_args_are_one_clear_error(suite):
    made = suite('args')
    run = made.run('--args=a "b', str(made.dir / 'control'))
    assert run.rc == 1
    assert 'Cannot split --args' in run.stderr
    assert 'Traceback' not in run.stderr


def test_reports_for_ci_are_written_next_to_status(suite):
    made = seed_suite(suite, 'outcomes')
    run = made.run('run', 'docker', '--args=example,failer,errorer,skipper,warner')
    summary = json.loads((run.resultdir / 'status.json').read_text())
    assert summary['status'] == 'GOOD'
    assert [(t['name'], t['status']) for t in summary['tests']] == [
        ('docker/subtests/example.test_1-of-5', 'GOOD'),
        ('docker/subtests/failer.test_2-of-5', 'FAIL'),
        ('docker/subtests/errorer.test_3-of-5', 'ERROR'),
        ('docker/subtests/skipper.test_4-of-5', 'TEST_NA'),
        ('docker/subtests/warner.test_5-of-5', 'WARN'),
    ]
    assert summary['tests'][1]['message'] == 'deliberate failure'
    junit = (run.resultdir / 'junit.xml').read_text()
    assert 'tests="5" failures="1" errors="1" skipped="1"' in junit
    assert '<failure message="deliberate failure" type="FAIL">' in junit


def test_no_writes_outside_results_and_tmp(suite, tmp_path: Path):
    made = seed_suite(suite, 'seed')
    before = set(os.listdir(tmp_path))
    run = made.run('run', 'docker', '--args=example,docker_cli/version')
    assert run.rc == 0
    assert set(os.listdir(tmp_path)) - before == {'results', 'tmp'}
    suite_files = {str(p.relative_to(made.dir)) for p in made.dir.rglob('*')}
    assert suite_files == {
        'control',
        'subtests',
        'subtests/example',
        'subtests/example/example.py',
        'subtests/docker_cli',
        'subtests/docker_cli/version',
        'subtests/docker_cli/version/version.py',
    }
