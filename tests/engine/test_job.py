"""The job, the step engine and ``autotest-local`` on small inline control files."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

GOOD_TEST = """
from autotest.client import test


class {name}(test.test):
    version = 1

    def run_once(self):
        pass
"""


def records(status: str) -> list[list[str]]:
    """Status lines as [indent+code, subdir, operation, message], fields dropped."""
    out = []
    for line in status.splitlines():
        if line.lstrip('\t').startswith('  '):
            continue
        parts = line.split('\t')
        indent = len(line) - len(line.lstrip('\t'))
        parts = parts[indent:]
        out.append(['\t' * indent + parts[0], parts[1], parts[2], parts[-1]])
    return out


def test_missing_test_is_one_clear_error(inline_suite):
    made = inline_suite('')
    run = made.run('run', 'nosuch')
    assert run.rc == 1
    assert run.stderr.startswith("autotest-local: Can not find test 'nosuch'; looked for: ")
    assert len(run.stderr.strip().splitlines()) == 1
    missing_file = made.run(str(made.root / 'no-control'))
    assert missing_file.rc == 1
    assert 'Can not find control file' in missing_file.stderr


def test_continue_without_state_is_all_done(inline_suite):
    run = inline_suite('pass\n').run('-c', 'run', 'docker')
    assert run.rc == 1
    assert 'Nothing to continue' in run.stderr


def test_help_and_list(inline_suite):
    made = inline_suite('pass\n')
    assert 'usage: autotest-local' in made.run('help').stdout
    assert made.run('list').stdout.split() == ['docker']


def test_uncaught_exception_in_control_aborts_the_job(inline_suite):
    made = inline_suite("raise KeyError('broken')\n")
    run = made.run('run', 'docker')
    assert run.rc == 1
    lines = run.status.splitlines()
    abort = next(i for i, line in enumerate(lines) if line.startswith('END ABORT'))
    assert lines[abort].startswith('END ABORT\t----\t----\ttimestamp=')
    assert lines[abort].endswith("\tUnhandled KeyError: 'broken'")
    assert lines[abort + 1] == '  Traceback (most recent call last):'
    assert f'    File "{made.dir}/control", line 1, in <module>' in lines
    assert lines[-1] == "  KeyError: 'broken'"
    assert json.loads((run.resultdir / 'status.json').read_text())['status'] == 'ABORT'


def test_test_na_from_top_level_code(inline_suite):
    run = inline_suite("raise error.TestNAError('no docker here')\n").run('run', 'docker')
    assert run.rc == 0
    assert records(run.status) == [
        ['START', '----', '----', ''],
        ['\tTEST_NA', '----', '----', 'no docker here'],
        ['END GOOD', '----', '----', ''],
    ]


def test_run_test_return_values_and_argument_errors(inline_suite):
    control = """
    import json, os
    results = {
        'good': job.run_test('docker/subtests/good', tag='one'),
        'bad_kw': job.run_test('docker/subtests/good', tag='two', nonsense=1),
        'missing': job.run_test('docker/subtests/absent'),
        'detail': job.run_test_detail('docker/subtests/good', tag='three', iterations=2),
    }
    try:
        job.run_test('docker/subtests/good', 'positional')
    except error.TestError as exc:
        results['positional'] = str(exc)
    with open(os.path.join(job.resultdir, 'results.json'), 'w') as out:
        json.dump(results, out)
    """
    run = inline_suite(control, {'good': GOOD_TEST.format(name='good')}).run('run', 'docker')
    assert run.rc == 0, run.stdout
    results = json.loads((run.resultdir / 'results.json').read_text())
    assert results == {
        'good': True,
        'bad_kw': False,
        'missing': False,
        'detail': 'GOOD',
        'positional': 'Unnamed arguments not accepted. Please call job.run_test with named args only',
    }
    recs = records(run.status)
    assert ['\t\tERROR', 'docker/subtests/good.two', 'docker/subtests/good.two'] == recs[5][:3]
    assert recs[5][3].startswith('Unknown parameter: nonsense (test good.two: accepted by none of initialize')
    assert recs[8][0] == '\t\tERROR'
    assert recs[8][3].startswith('Test docker/subtests/absent not found: no absent.py in ')


def test_lifecycle_attributes_keyvals_and_setup_once_per_version(inline_suite):
    module = """
    import json, os
    from autotest.client import test

    class probe(test.test):
        version = 3

        def initialize(self, label):
            self.order = ['initialize']

        def setup(self, label):
            with open(os.path.join(os.environ['ENGINE_TEST_ROOT'], 'setups'), 'a') as out:
                out.write(label + '\\n')

        def warmup(self):
            self.order.append('warmup:' + os.getcwd())

        def run_once(self, label):
            self.order.append('run_once:%d' % self.iteration)
            self.write_perf_keyval({'speed': self.iteration})

        def postprocess_iteration(self):
            self.order.append('postprocess_iteration')

        def postprocess(self):
            self.order.append('postprocess')

        def cleanup(self):
            names = ('bindir', 'srcdir', 'tmpdir', 'outputdir', 'resultsdir', 'debugdir', 'iteration', 'version')
            self.order.append('cleanup')
            info = {name: getattr(self, name) for name in names}
            info.update(order=self.order, job=type(self.job).__name__, tmp_exists=os.path.isdir(self.tmpdir))
            with open(os.path.join(self.resultsdir, 'probe.json'), 'w') as out:
                json.dump(info, out)
    """
    control = """
    job.run_test('docker/subtests/probe', tag='first', label='a', iterations=2)
    job.run_test('docker/subtests/probe', tag='second', label='b')
    """
    made = inline_suite(control, {'probe': module})
    run = made.run('run', 'docker')
    assert run.rc == 0, run.stdout
    assert (made.root / 'setups').read_text() == 'a\n'
    outdir = run.resultdir / 'docker/subtests/probe.first'
    info = json.loads((outdir / 'results' / 'probe.json').read_text())
    assert info['order'] == [
        'initialize',
        f'warmup:{outdir}',
        'run_once:1',
        'postprocess_iteration',
        'run_once:2',
        'postprocess_iteration',
        'postprocess',
        'cleanup',
    ]
    assert info['bindir'] == str(made.dir / 'subtests' / 'probe')
    assert info['srcdir'] == str(made.root / 'tmp' / 'probe' / 'src')
    assert info['outputdir'] == str(outdir)
    assert info['resultsdir'] == str(outdir / 'results')
    assert info['debugdir'] == str(outdir / 'debug')
    assert info['tmpdir'].startswith(str(made.root / 'tmp')) and info['tmpdir'].endswith('_probe.first')
    assert info['tmp_exists'] and not os.path.exists(info['tmpdir'])
    assert (info['iteration'], info['version'], info['job']) == (3, 3, 'job')
    assert (outdir / 'keyval').read_text() == "param-iterations=2\nparam-label='a'\nversion=3\n"
    assert (outdir / 'results' / 'keyval').read_text() == 'speed{perf}=1\n\nspeed{perf}=2\n\n'
    assert sorted(p.name for p in (outdir / 'debug').iterdir()) == [
        'probe.first.DEBUG',
        'probe.first.ERROR',
        'probe.first.INFO',
        'probe.first.WARNING',
    ]


def test_step_queue_order_and_step_errors(inline_suite):
    control = """
    order = []

    def note(name):
        with open(job.resultdir + '/order', 'a') as out:
            out.write(name + '\\n')

    def a():
        note('a')
        job.next_step(note, 'a1')
        job.next_step(note, 'a2')
        job.next_step_prepend(note, 'first')
        job.next_step_append(note, 'last')

    def step_init():
        job.next_step(a)
        job.next_step([note, 'b'])
        job.next_step('note', 'c')
    """
    run = inline_suite(control).run('run', 'docker')
    assert run.rc == 0, run.stdout
    assert (run.resultdir / 'order').read_text().split() == ['a', 'first', 'a1', 'a2', 'b', 'c', 'last']


def test_a_bad_step_aborts_with_a_step_error(inline_suite):
    run = inline_suite('def step_init():\n    job.next_step(42)\n').run('run', 'docker')
    assert run.rc == 1
    assert 'Unhandled StepError: Next steps must be functions or names of functions, not int: 42' in run.status


def test_state_file_is_written_after_every_change_and_moved_at_the_end(inline_suite):
    control = """
    import os, pickle

    def check():
        with open(os.path.join(job.tmpdir, 'control.state'), 'rb') as state:
            saved = pickle.load(state)
        job.set_state('seen_steps', [step[1] for step in saved['client']['steps']])

    def step_init():
        job.next_step(check)
        job.next_step(check)
    """
    run = inline_suite(control).run('run', 'docker', '--args=x')
    assert run.rc == 0, run.stdout
    with open(run.resultdir / 'control.state', 'rb') as state:
        saved = pickle.load(state)
    assert saved['public']['seen_steps'] == []
    assert saved['client']['args'] == ['x']
    assert saved['client']['steps'] == []


def test_run_docker_finds_the_project_suite_and_names_tests_docker(tmp_path, monkeypatch):
    suite_dir = tmp_path / 'checkout'
    (suite_dir / 'subtests' / 'good').mkdir(parents=True)
    (suite_dir / 'subtests' / 'good' / 'good.py').write_text(GOOD_TEST.format(name='good'))
    (suite_dir / 'control').write_text("job.run_test('docker/subtests/good', tag='test_1-of-1')\n")
    workdir = tmp_path / 'work'
    workdir.mkdir()
    monkeypatch.setenv('DOCKERTEST_SUITE_DIR', str(suite_dir))
    proc = subprocess.run(
        [sys.executable, '-m', 'autotest.client.autotest_local', 'run', 'docker'],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    status = (workdir / 'results' / 'default' / 'status').read_text()
    assert '\t\tGOOD\tdocker/subtests/good.test_1-of-1\t' in status
    assert os.path.realpath(workdir / 'tmp' / 'site_tests' / 'docker') == str(suite_dir)
    assert sorted(os.listdir(suite_dir)) == ['control', 'subtests']


def test_nested_step_engine_and_job_helpers(inline_suite):
    control = """
    import os

    def note(text):
        with open(os.path.join(job.resultdir, 'notes'), 'a') as out:
            out.write(text + '\\n')

    def outer():
        def inner(value):
            note('inner ' + value)

        def step_init():
            job.next_step(inner, 'x')

        return locals()

    def helpers():
        job.noop('hello')
        job.config_set('answer', 42)
        note('config %s' % job.config_get('answer'))
        note('cpus %s' % (job.cpu_count() > 0))
        job.parallel([note, 'p1'], [note, 'p2'])
        job.run_group(note, tag='grouped', text='in group')
        job.add_sysinfo_command('uname -a', on_every_test=True)
        try:
            job.reboot()
        except error.JobError as exc:
            note('reboot: ' + str(exc).split(';')[0])

    def step_init():
        job.next_step(outer)
        job.next_step(helpers)
    """
    run = inline_suite(control).run('run', 'docker')
    assert run.rc == 0, run.stdout
    notes = (run.resultdir / 'notes').read_text().splitlines()
    assert notes[:3] == ['inner x', 'config 42', 'cpus True']
    assert sorted(notes[3:5]) == ['p1', 'p2']
    assert notes[5:] == ['in group', 'reboot: job.reboot() is not supported by this engine']
    assert [r[:3] for r in records(run.status)][1:3] == [
        ['\tSTART', '----', 'grouped'],
        ['\tEND GOOD', '----', 'grouped'],
    ]
    assert not os.path.exists(run.resultdir / 'sysinfo')


def test_a_job_killed_during_a_test_records_it_on_continue(inline_suite):
    module = """
    import os, signal
    from autotest.client import test

    class killer(test.test):
        version = 1

        def run_once(self):
            os.kill(os.getppid(), signal.SIGKILL)
            os._exit(3)
    """
    control = """
    def first():
        job.run_test('docker/subtests/killer')

    def second():
        job.run_test('docker/subtests/good')

    def step_init():
        job.next_step(first)
        job.next_step(second)
    """
    made = inline_suite(control, {'killer': module, 'good': GOOD_TEST.format(name='good')})
    killed = made.run('run', 'docker')
    assert killed.rc == -9
    resumed = made.run('-c', 'run', 'docker')
    assert resumed.rc == 0, resumed.stdout
    assert [r[:4] for r in records(resumed.status)] == [
        ['START', '----', '----', ''],
        ['\tSTART', 'docker/subtests/killer', 'docker/subtests/killer', ''],
        [
            '\t\tABORT',
            'docker/subtests/killer',
            'docker/subtests/killer',
            'interrupted: the job was killed while this test ran',
        ],
        ['\tEND ABORT', 'docker/subtests/killer', 'docker/subtests/killer', ''],
        ['\tSTART', 'docker/subtests/good', 'docker/subtests/good', ''],
        ['\t\tGOOD', 'docker/subtests/good', 'docker/subtests/good', 'completed successfully'],
        ['\tEND GOOD', 'docker/subtests/good', 'docker/subtests/good', ''],
        ['END GOOD', '----', '----', ''],
    ]


def test_what_a_killed_job_left_running_is_stopped_on_continue(inline_suite, tmp_path):
    module = f"""
    import os, signal, subprocess, time
    from autotest.client import test

    class leaver(test.test):
        version = 1

        def run_once(self):
            left = subprocess.Popen(['sleep', '300'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open('{tmp_path / 'left.pid'}', 'w') as out:
                out.write(str(left.pid))
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(60)
            with open('{tmp_path / 'survived'}', 'w') as out:
                out.write('the test outlived its job')
    """
    control = """
    def first():
        job.run_test('docker/subtests/leaver')

    def step_init():
        job.next_step(first)
    """
    made = inline_suite(control, {'leaver': module})
    killed = made.run('run', 'docker')
    assert killed.rc == -9
    left = int((tmp_path / 'left.pid').read_text())
    assert os.path.exists(f'/proc/{left}')  # orphaned, in the test's session
    resumed = made.run('-c', 'run', 'docker')
    assert resumed.rc == 0, resumed.stdout
    assert [r[:4] for r in records(resumed.status)][2] == [
        '\t\tABORT',
        'docker/subtests/leaver',
        'docker/subtests/leaver',
        'interrupted: the job was killed while this test ran; 1 process(es) it left running were killed on -c',
    ]
    for _ in range(100):
        stat = Path(f'/proc/{left}/stat')
        if not stat.exists() or stat.read_text().rsplit(')', 1)[1].split()[0] == 'Z':
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f'pid {left} still runs')
    assert not (tmp_path / 'survived').exists()


def test_sysinfo_is_collected_only_when_asked_for(inline_suite, tmp_path):
    (tmp_path / 'a.log').write_text('log line\n')
    control = f"""
    job.add_sysinfo_command('echo per-job', logfile='job.txt')
    job.add_sysinfo_command('echo per test', on_every_test=True)
    job.add_sysinfo_logfile('{tmp_path / 'a.log'}', on_every_test=True)
    job.run_test('docker/subtests/good')
    """
    made = inline_suite(control, {'good': GOOD_TEST.format(name='good')})
    quiet = made.run('run', 'docker')
    assert quiet.rc == 0
    assert not (quiet.resultdir / 'sysinfo').exists()
    assert not (quiet.resultdir / 'docker/subtests/good/sysinfo').exists()
    asked = made.run('--sysinfo', 'run', 'docker')
    assert asked.rc == 0, asked.stdout
    assert (asked.resultdir / 'sysinfo' / 'job.txt').read_text() == 'per-job\n'
    per_test = asked.resultdir / 'docker/subtests/good/sysinfo'
    assert sorted(p.name for p in per_test.iterdir()) == ['a.log', 'echo_per_test']
    assert (per_test / 'echo_per_test').read_text() == 'per test\n'
