"""``autotest.client.utils`` over the Rust runner, and the small helpers."""

from __future__ import annotations

import copy
import os
import pickle
import signal
import string
import subprocess
import sys
import time

import pytest

from autotest.client import utils
from autotest.client.shared import error


def test_run_returns_a_cmd_result_and_raises_cmd_error_on_failure():
    result = utils.run('echo hi; echo there >&2')
    assert (result.command, result.exit_status, result.stdout, result.stderr) == (
        'echo hi; echo there >&2',
        0,
        'hi\n',
        'there\n',
    )
    assert isinstance(result.duration, float)
    with pytest.raises(error.CmdError) as caught:
        utils.run('exit 3')
    assert caught.value.result_obj.exit_status == 3
    assert str(caught.value).startswith('Command <exit 3> failed, rc=3, Command returned non-zero exit status\n')
    assert '* Command: exit 3\nExit status: 3\nDuration: ' in str(caught.value)
    assert utils.run('exit 3', ignore_status=True).exit_status == 3


def test_cmd_result_is_the_one_core_type_with_the_original_signature_and_layout():
    from autotest.client.shared import commands
    from dockertest import _core, dockercmd

    assert utils.CmdResult is commands.CmdResult is _core.CmdResult is dockercmd.DockerCmdResult
    assert type(utils.run('true')) is utils.CmdResult
    built = utils.CmdResult('ls /x', 'out\n\n', 'err \n', 2, 0.25)
    assert repr(built) == str(built) == '* Command: ls /x\nExit status: 2\nDuration: 0.25\n\nstdout:\nout\nstderr:\nerr'
    assert repr(utils.CmdResult()) == '* Command: \nExit status: None\nDuration: 0.0\n\nstdout:\n\nstderr:\n'
    built.stdout, built.exit_status, built.note = 'changed', None, 'extra'
    assert (built.stdout, built.exit_status, built.timed_out, built.pid) == ('changed', None, False, 0)
    copied = pickle.loads(pickle.dumps(built))
    assert (repr(copied), copied.note) == (repr(built), 'extra')
    failure = pickle.loads(pickle.dumps(error.CmdError('ls /x', built, 'why')))
    assert str(failure) == str(error.CmdError('ls /x', built, 'why'))


def test_cmd_result_subclasses_keep_their_own_init_and_pickle():
    class Named(utils.CmdResult):
        def __init__(self, name: str) -> None:
            super().__init__(command=name, exit_status=0)
            self.name = name

    named = Named('probe')
    assert (named.command, named.exit_status, named.name) == ('probe', 0, 'probe')
    again = copy.deepcopy(named)
    assert (type(again), again.command, again.name) == (Named, 'probe', 'probe')


def test_run_timeout_raises_with_status_minus_15_even_when_ignoring_status():
    with pytest.raises(error.CmdError) as caught:
        utils.run('sleep 20', timeout=0.3, ignore_status=True)
    assert caught.value.result_obj.exit_status == -15
    assert 'Command(s) did not complete within 0.3 seconds' in str(caught.value)


def test_run_args_are_double_quoted_and_escaped_and_stdin_is_fed():
    result = utils.run('printf "%s|"', args=('a b', '$HOME', 'q"uote', 'back`tick'))
    assert result.stdout == 'a b|$HOME|q"uote|back`tick|'
    assert result.command == 'printf "%s|" "a b" "\\$HOME" "q\\"uote" "back\\`tick"'
    assert utils.run('cat', stdin='é' * 5000).stdout == 'é' * 5000


def test_run_tees_output(tmp_path):
    with open(tmp_path / 'out', 'w') as tee:
        utils.run('echo teed', stdout_tee=tee)
    assert (tmp_path / 'out').read_text() == 'teed\n'


def test_system_and_system_output():
    assert utils.system('exit 0') == 0
    assert utils.system('exit 2', ignore_status=True) == 2
    assert utils.system_output('printf "a\\nb\\n\\n"') == 'a\nb\n'
    assert utils.system_output('printf x') == 'x'


def test_non_ascii_output_crossing_read_boundaries_is_intact():
    command = f"{sys.executable} -c \"print('a' + '\\u00e9' * 3000)\""
    assert utils.run(command).stdout == 'a' + 'é' * 3000 + '\n'


def test_async_job():
    job = utils.AsyncJob('echo started; read line; echo "got $line"; exit 1', stdin='input\n')
    assert job.sp.pid > 0
    assert job.start_time <= time.time()
    result = job.wait_for(10)
    assert result is job.result
    assert (result.exit_status, result.stdout) == (1, 'started\ngot input\n')
    assert job.get_stdout() == 'started\ngot input\n'
    assert job.sp.poll() == 1


def test_async_job_timeout_kills_and_raises():
    job = utils.AsyncJob('sleep 30')
    assert job.sp.poll() is None
    with pytest.raises(error.CmdError, match='did not complete within 0.2 seconds'):
        job.wait_for(0.2)
    assert job.result.exit_status == -15
    assert not utils.pid_is_alive(job.sp.pid)


def test_wait_for():
    calls = []

    def func():
        calls.append(1)
        return len(calls) >= 3 and 'done'

    assert utils.wait_for(func, timeout=5, step=0.01) == 'done'
    assert utils.wait_for(lambda: None, timeout=0.05, step=0.01) is None


def test_generate_random_string_and_unique_names():
    text = utils.generate_random_string(40)
    assert len(text) == 40
    assert not set(text) & set(string.punctuation)
    escaped = utils.generate_random_string(200, ignore_str='', convert_str='$')
    assert '$' not in escaped.replace('\\$', '')
    taken = {'pre_0_suf', 'pre_1_suf'}
    assert utils.get_unique_name(lambda name: name not in taken, prefix='pre', suffix='suf') == 'pre_2_suf'
    random_name = utils.get_unique_name(lambda name: True, prefix='x', length=6)
    assert random_name.startswith('x_') and len(random_name) == 8
    with pytest.raises(error.AutotestError, match='unique name'):
        utils.get_unique_name(lambda name: False, prefix='never')


def test_signals_and_pids():
    proc = subprocess.Popen(['sleep', '30'])
    assert utils.pid_is_alive(proc.pid)
    assert utils.safe_kill(proc.pid, 0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not utils.pid_is_alive(proc.pid)
    assert not utils.safe_kill(proc.pid, 0)
    assert utils.signal_pid(proc.pid, signal.SIGTERM)


def test_sh_escape():
    assert utils.sh_escape('a\\b$c"d`e') == 'a\\\\b\\$c\\"d\\`e'


def test_keyvals(tmp_path):
    utils.write_keyval(str(tmp_path), {'b': 2, 'a.x-y': 'one'})
    utils.write_keyval(str(tmp_path), {'speed': 3.5}, type_tag='perf')
    assert (tmp_path / 'keyval').read_text() == 'a.x-y=one\nb=2\nspeed{perf}=3.5\n'
    assert utils.read_keyval(str(tmp_path)) == {'a.x-y': 'one', 'b': '2', 'speed{perf}': '3.5'}
    with pytest.raises(ValueError, match='Invalid key'):
        utils.write_keyval(str(tmp_path), {'bad key': 1})
    with pytest.raises(ValueError, match='type tag'):
        utils.write_keyval(str(tmp_path), {'k': 1}, type_tag='other')


def test_is_port_free():
    import socket

    with socket.socket() as sock:
        sock.bind(('localhost', 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert not utils.is_port_free(port, 'localhost')
