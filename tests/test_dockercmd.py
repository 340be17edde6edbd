"""Docker commands for subtests: the command line, the classes' verdicts, timeouts and stdin."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dockertest import dockercmd, output, xceptions

IMAGE = 'localhost:5000/dockertest/busybox:latest'


def fake_docker(tmp_path: Path, script: str) -> str:
    """A stand-in ``docker_path`` that runs ``script`` (sh) with the arguments it was given."""
    path = tmp_path / 'fake-docker'
    path.write_text('#!/bin/sh\n' + script)
    path.chmod(0o755)
    return str(path)


def test_command_line_from_config(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {tmp_path}/docker\ndocker_options = -H unix:///x.sock\ndocker_timeout = 7')
    cmd = dockercmd.DockerCmd(probe, 'run', ['--name=a b', "/bin/sh -c 'echo hi'"])
    assert cmd.argv() == [
        f'{tmp_path}/docker',
        '-H',
        'unix:///x.sock',
        'run',
        '--name=a',
        'b',
        '/bin/sh',
        '-c',
        'echo hi',
    ]
    assert str(cmd) == f"{tmp_path}/docker -H unix:///x.sock run --name=a b /bin/sh -c 'echo hi'"
    assert cmd.timeout == 7.0
    assert dockercmd.DockerCmd(probe, 'ps', timeout=2).timeout == 2.0
    raw = dockercmd.DockerCmd(probe, 'commit', ['-m', 'a message with $HOME'], raw_subargs=True)
    assert raw.argv()[-2:] == ['-m', 'a message with $HOME']


def test_bad_subargs_are_refused_up_front(make_subtest) -> None:
    probe = make_subtest()
    assert dockercmd.DockerCmd(probe, 'ps', "-a --format '{{.ID}} $x'").argv()[-3:] == ['-a', '--format', '{{.ID}} $x']
    with pytest.raises(xceptions.DockerValueError, match=r'unquoted .\$. at column 4 \(in "\$x"\)'):
        dockercmd.DockerCmd(probe, 'ps', '-a $x')
    with pytest.raises(xceptions.DockerValueError, match='without a shell'):
        dockercmd.DockerCmd(probe, 'run', ['/bin/sh -c "echo $HOME"'])
    with pytest.raises(xceptions.DockerTestError, match='object is not a Subtest or a SubSubtest'):
        dockercmd.DockerCmd(object(), 'ps')


def test_verdicts_of_the_four_classes(make_subtest, tmp_path: Path) -> None:
    fake = fake_docker(tmp_path, 'echo "args: $*"; [ "$1" = ok ]')
    probe = make_subtest(f'docker_path = {fake}')
    good = dockercmd.DockerCmd(probe, 'ok', ['x']).execute()
    assert (good.exit_status, good.stdout) == (0, 'args: ok x\n')
    assert dockercmd.DockerCmd(probe, 'bad').execute().exit_status == 1
    assert dockercmd.NoFailDockerCmd(probe, 'ok').execute().exit_status == 0
    with pytest.raises(xceptions.DockerExecError, match='Unexpected command failure'):
        dockercmd.NoFailDockerCmd(probe, 'bad').execute()
    assert dockercmd.MustFailDockerCmd(probe, 'bad').execute().exit_status == 1
    with pytest.raises(xceptions.DockerExecError, match='Unexpected command success'):
        dockercmd.MustFailDockerCmd(probe, 'ok').execute()


def test_stdin_and_multibyte_output(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "cat")}')
    text = 'héllo wörld ✓\n' * 5000
    assert dockercmd.DockerCmd(probe, 'x').execute(stdin=text).stdout == text


def test_a_hung_command_is_killed_at_its_timeout_and_says_so(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "sleep 30 & sleep 30")}\ndocker_timeout = 0.5')
    started = time.monotonic()
    with pytest.raises(xceptions.DockerCommandError, match='did not complete within 0.5 seconds and was killed'):
        dockercmd.DockerCmd(probe, 'hang').execute()
    assert time.monotonic() - started < 5


def test_a_missing_docker_path_is_named(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {tmp_path}/no-such-docker')
    with pytest.raises(xceptions.DockerCommandError) as err:
        dockercmd.DockerCmd(probe, 'version').execute()
    assert str(err.value).startswith(f'Command <{tmp_path}/no-such-docker version> cannot be run: ')
    assert f"docker_path is '{tmp_path}/no-such-docker'" in str(err.value)


def test_async_command_does_not_block_and_reports_progress(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo started; read line; echo got $line")}')
    cmd = dockercmd.AsyncDockerCmd(probe, 'x')
    with pytest.raises(xceptions.DockerTestError, match='has not been executed'):
        _ = cmd.done
    cmd.execute(stdin='input\n')
    result = cmd.wait(10)
    assert cmd.done and cmd.exit_status == 0
    assert result.stdout == 'started\ngot input\n'
    assert cmd.process_id > 0


def test_async_wait_returns_partial_result_while_running(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo first; sleep 30")}')
    cmd = dockercmd.AsyncDockerCmd(probe, 'x')
    cmd.execute()
    try:
        assert output.wait_for_output(lambda: cmd.stdout, 'first', timeout=10)
        partial = cmd.wait(0.2)
        assert partial.exit_status is None and not cmd.done
    finally:
        cmd.kill(9)
    assert cmd.wait(10).exit_status == -9


def test_mustpass_and_mustfail(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "exit $1")}')
    ok = dockercmd.DockerCmd(probe, '0').execute()
    assert output.mustpass(ok) is ok
    two = dockercmd.DockerCmd(probe, '2').execute()
    with pytest.raises(xceptions.DockerExecError, match='Unexpected non-zero exit code, details: '):
        output.mustpass(two)
    assert output.mustfail(two, 2) is two
    with pytest.raises(xceptions.DockerExecError, match='why: Unexpected exit code 2; expected 1'):
        output.mustfail(two, 'why')
    panicked = dockercmd.DockerCmd(probe, '1').execute()
    assert output.mustfail(panicked) is panicked


# -- against the real daemon, through both clients ----------------------------------------------------


@pytest.mark.daemon
def test_real_docker_run_with_stdin_and_legacy_subargs(make_subtest, docker_client: str) -> None:
    probe = make_subtest(f'docker_path = {docker_client}')
    cmd = dockercmd.NoFailDockerCmd(
        probe, 'run', ['--rm', '--interactive', '--network=none', IMAGE, "/bin/sh -c 'cat; echo done'"]
    )
    result = cmd.execute(stdin='through stdin\n')
    assert result.stdout == 'through stdin\ndone\n'
    output.OutputGood(result)


@pytest.mark.daemon
def test_a_daemon_that_is_down_is_named(make_subtest, tmp_path: Path, docker_client: str) -> None:
    sock = tmp_path / 'down.sock'
    probe = make_subtest(f'docker_path = {docker_client}\ndocker_options = -H unix://{sock}')
    with pytest.raises(xceptions.DockerExecError) as err:
        dockercmd.NoFailDockerCmd(probe, 'ps').execute()
    assert f'unix://{sock}' in str(err.value)


def test_python_is_not_blocked_while_waiting(make_subtest, tmp_path: Path) -> None:
    import threading

    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "sleep 1")}')
    cmd = dockercmd.AsyncDockerCmd(probe, 'x')
    cmd.execute()
    ticks = []
    worker = threading.Thread(target=lambda: [ticks.append(time.sleep(0.05)) for _ in range(10)])
    worker.start()
    cmd.wait()
    worker.join()
    assert len(ticks) == 10


def test_results_are_the_one_result_type_and_a_live_one_can_be_set_and_pickled(make_subtest, tmp_path: Path) -> None:
    import pickle

    from autotest.client.shared import utils

    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo one; sleep 0.3; echo two; exit 3")}')
    done = dockercmd.DockerCmd(probe, 'x').execute()
    assert type(done) is utils.CmdResult and done.pid > 0 and not done.timed_out
    live = dockercmd.AsyncDockerCmd(probe, 'x')
    result = live.execute()
    assert isinstance(result, utils.CmdResult) and result.exit_status is None
    live.wait(10)
    assert str(result).startswith(f'* Command: {done.command}\nExit status: 3\nDuration: ')
    copied = pickle.loads(pickle.dumps(result))
    assert type(copied) is utils.CmdResult and (copied.stdout, copied.exit_status) == ('one\ntwo\n', 3)
    result.stdout = 'rewritten'  # legacy subtests assign fields of a result
    assert (result.stdout, result.exit_status) == ('rewritten', 3)
