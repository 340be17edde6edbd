"""The Rust command runner through its bindings, ``dockertest._core.run`` and ``AsyncCmd``."""

from __future__ import annotations

import threading
import time

import pytest

from dockertest import _core


def test_shell_string_and_argv_modes():
    shell = _core.run('echo "$0" out; echo err >&2; exit 4')
    assert (shell.exit_status, shell.stdout, shell.stderr) == (4, '/bin/sh out\n', 'err\n')
    argv = _core.run(['printf', '%s|', 'a b', '$HOME'])
    assert argv.stdout == 'a b|$HOME|'
    assert argv.command == 'printf %s| a b $HOME'
    assert not argv.timed_out
    assert argv.pid > 0


def test_env_cwd_and_stdin_str_or_bytes(tmp_path):
    result = _core.run('cat; printf " $DT_VAR "; pwd', env={'DT_VAR': 'v'}, cwd=str(tmp_path), stdin='naïve\n')
    assert result.stdout == f'naïve\n v {tmp_path}\n'
    assert _core.run(['cat'], stdin=b'\xc3\xa9\xff').stdout == 'é\ufffd'


def test_timeout_kills_the_group_and_reports_it():
    started = time.monotonic()
    result = _core.run('sleep 30; echo never', timeout=0.3)
    assert result.timed_out
    assert result.exit_status == -15
    assert result.stdout == ''
    assert time.monotonic() - started < 10


def test_bad_input_gives_one_clear_error():
    with pytest.raises(_core.CommandError, match='/nonexistent/program'):
        _core.run(['/nonexistent/program'])
    with pytest.raises(OSError):
        _core.run(['true'], cwd='/nonexistent/dir')
    with pytest.raises(TypeError, match='command must be a str'):
        _core.run(42)
    with pytest.raises(TypeError, match='stdin for command'):
        _core.run('cat', stdin=[3])
    for bad in (-1, float('nan'), float('inf')):
        with pytest.raises(ValueError, match='must be a finite number of seconds >= 0'):
            _core.run('true', timeout=bad)
    assert _core.AsyncCmd('true').wait(1e18).exit_status == 0


def test_async_cmd_progress_wait_and_kill():
    job = _core.AsyncCmd('echo first; sleep 30')
    deadline = time.monotonic() + 10
    while job.stdout != 'first\n' and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.stdout == 'first\n'
    assert job.poll() is None
    assert not job.done
    assert job.wait(0.05) is None
    assert job.result().exit_status is None
    job.kill(9)
    final = job.wait(10)
    assert final is not None
    assert final.exit_status == -9
    assert job.done
    assert job.poll() == -9
    assert 'AsyncCmd(' in repr(job)


def test_wait_releases_the_interpreter():
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.01)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        _core.run('sleep 0.5')
        _core.AsyncCmd('sleep 0.3').wait()
    finally:
        stop.set()
        thread.join()
    assert len(ticks) > 20
