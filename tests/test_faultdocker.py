"""The fault-injecting docker client used by the subtests' negative controls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

from dockertest.faultdocker import (
    FaultError,
    drop_from_tar,
    load_rules,
    named_image,
    output_file,
    rewritten_args,
    subcommand,
)

REAL = '/usr/bin/docker' if Path('/usr/bin/docker').exists() else 'docker'
IMAGE = 'localhost:5000/dockertest/busybox:latest'


def faulty(rules, *args: str, timeout: float = 60, log: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, DOCKERTEST_FAULT=json.dumps(rules), DOCKERTEST_REAL_DOCKER=REAL)
    if log:
        env['DOCKERTEST_FAULT_LOG'] = str(log)
    return subprocess.run(
        [sys.executable, '-m', 'dockertest.faultdocker', *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def real(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([REAL, *args], capture_output=True, text=True, check=False)


# -- no daemon ---------------------------------------------------------------------------------------


def test_subcommand_skips_global_options() -> None:
    assert subcommand(['-D', '--host', 'unix:///x.sock', 'images', '-a']) == ('images', ['-a'])
    assert subcommand(['--log-level=debug', 'ps']) == ('ps', [])
    assert subcommand(['-v']) == (None, [])


@pytest.mark.parametrize(
    ('argv', 'image'),
    [
        (['pull', '-q', 'localhost:5000/a:1'], 'localhost:5000/a:1'),
        (['tag', 'src:1', 'localhost:5000/dst:2'], 'localhost:5000/dst:2'),
        (['commit', '-m', 'x', 'cid', 'localhost:5000/c:1'], 'localhost:5000/c:1'),
        (['import', '-', 'localhost:5000/i:1'], 'localhost:5000/i:1'),
        (['build', '--rm', '-t', 'localhost:5000/b:1', '.'], 'localhost:5000/b:1'),
        (['build', '--tag=localhost:5000/b:2', '.'], 'localhost:5000/b:2'),
        (['ps'], None),
    ],
)
def test_named_image(argv: list[str], image: str | None) -> None:
    assert named_image(argv) == image


@pytest.mark.parametrize(
    ('rules', 'message'),
    [
        ('{', 'DOCKERTEST_FAULT: not JSON'),
        ('[1]', 'fault rule #1: a rule is a JSON object, not int'),
        ('{"match": [], "hang": true}', 'fault rule #1: "match" must be a non-empty list'),
        ('{"match": ["ps"]}', 'fault rule #1: no fault given; set one of exit_code'),
        ('{"match": ["ps"], "hang": true, "speed": 1}', 'fault rule #1: unknown field(s) speed'),
        ('{"match": ["ps"], "drop_lines": "("}', 'fault rule #1: "drop_lines" is not a regular expression'),
        ('{"match": ["ps"], "replace": ["a"]}', 'fault rule #1: "replace" must be [old, new]'),
        ('{"match": ["ps"], "exit_code": "1"}', 'fault rule #1: "exit_code" must be an integer'),
        ('{"match": ["run"], "args_replace": ["a", 1]}', 'fault rule #1: "args_replace" must be [old, new]'),
        ('{"match": ["run"], "args_replace": ["", "x"]}', 'fault rule #1: "args_replace" must replace a non-empty'),
        ('{"match": ["export"], "tar_drop": "["}', 'fault rule #1: "tar_drop" is not a regular expression'),
        ('{"match": ["export"], "tar_drop": 3}', 'fault rule #1: "tar_drop" must be a regular expression'),
    ],
)
def test_bad_rules_are_one_clear_error(rules: str, message: str) -> None:
    with pytest.raises(FaultError) as err:
        load_rules({'DOCKERTEST_FAULT': rules})
    assert str(err.value).startswith(message)


def test_bad_rules_on_the_command_line(tmp_path: Path) -> None:
    env = dict(os.environ, DOCKERTEST_FAULT_FILE=str(tmp_path / 'missing.json'))
    env.pop('DOCKERTEST_FAULT', None)
    proc = subprocess.run(
        [sys.executable, '-m', 'dockertest.faultdocker', 'ps'], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 125
    assert proc.stderr == (
        f'dockertest-fault-docker: {tmp_path / "missing.json"}: cannot read the fault rules: '
        'No such file or directory\n'
    )


def test_missing_real_client_is_named() -> None:
    env = dict(os.environ, DOCKERTEST_REAL_DOCKER='/nonexistent/docker')
    proc = subprocess.run(
        [sys.executable, '-m', 'dockertest.faultdocker', 'ps'], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 127
    assert "the real docker client '/nonexistent/docker' is not an executable" in proc.stderr


def test_hang_never_runs_docker_and_is_killable(tmp_path: Path) -> None:
    log = tmp_path / 'fired'
    with pytest.raises(subprocess.TimeoutExpired):
        faulty({'match': ['version'], 'hang': True}, 'version', timeout=1.5, log=log)
    assert json.loads(log.read_text()) == {'match': ['version'], 'argv': ['version']}


def with_client(client: str, rules, *args: str) -> subprocess.CompletedProcess:
    """The fault client in front of ``client`` (a stand-in such as /bin/echo), so no daemon is involved."""
    env = dict(os.environ, DOCKERTEST_FAULT=json.dumps(rules), DOCKERTEST_REAL_DOCKER=client)
    return subprocess.run(
        [sys.executable, '-m', 'dockertest.faultdocker', *args], env=env, capture_output=True, text=True, check=False
    )


def test_pretend_never_runs_docker_and_reports_success() -> None:
    # /bin/false as the real client: had it run, the status would be 1.
    proc = with_client('/bin/false', {'match': ['pause'], 'pretend': True, 'replace': ['', 'c1']}, 'pause', 'c1')
    assert (proc.returncode, proc.stdout) == (0, 'c1')
    assert with_client('/bin/false', {'match': ['pause'], 'pretend': True, 'exit_code': 4}, 'pause').returncode == 4


def test_args_replace_rewrites_the_arguments_after_the_subcommand() -> None:
    argv = ['-H', 'unix:///x.sock', 'run', '--publish=127.0.0.1:80:8080', 'img', 'run']
    rule = load_rules({'DOCKERTEST_FAULT': '{"match": ["run"], "args_replace": ["run", "X"]}'})[0]
    assert rewritten_args(argv, rule) == ['-H', 'unix:///x.sock', 'run', '--publish=127.0.0.1:80:8080', 'img', 'X']
    proc = with_client('/bin/echo', {'match': ['run'], 'args_replace': [':8080', ':9999']}, 'run', '-p=1:8080', 'i')
    assert proc.stdout == 'run -p=1:9999 i\n'


def test_output_file_of_export_and_save() -> None:
    assert output_file(['export', '--output', '/t/a.tar', 'c']) == '/t/a.tar'
    assert output_file(['save', '-o', '/t/b.tar', 'i']) == '/t/b.tar'
    assert output_file(['export', '--output=/t/c.tar', 'c']) == '/t/c.tar'
    assert output_file(['export', 'c']) is None


def test_tar_drop_leaves_out_the_matching_members(tmp_path: Path) -> None:
    path = tmp_path / 'export.tar'
    for name in ('keep.txt', 'drop.txt'):
        (tmp_path / name).write_text(name)
    with tarfile.open(path, 'w') as tar:
        tar.add(tmp_path / 'keep.txt', 'etc/keep.txt')
        tar.add(tmp_path / 'drop.txt', 'dockertest-export.txt')
    assert drop_from_tar(str(path), r'^etc/nothing$') == 0
    # /bin/true as the real client "writes" the tar; the fault then takes the member out of it.
    proc = with_client('/bin/true', {'match': ['export'], 'tar_drop': 'export'}, 'export', '--output', str(path), 'c')
    assert proc.returncode == 0
    with tarfile.open(path) as tar:
        assert tar.getnames() == ['etc/keep.txt']
        assert tar.extractfile('etc/keep.txt').read() == b'keep.txt'


# -- against the real daemon ---------------------------------------------------------------------------


@pytest.mark.daemon
def test_unmatched_commands_pass_through_unchanged() -> None:
    args = ('images', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')
    proc = faulty({'match': ['version'], 'exit_code': 9}, *args)
    assert (proc.returncode, proc.stdout) == (0, real(*args).stdout)


@pytest.mark.daemon
def test_stdin_passes_through() -> None:
    proc = faulty(
        {'match': ['version'], 'exit_code': 9},
        'run',
        '--rm',
        '-i',
        '--network=none',
        IMAGE,
        'cat',
        input='through stdin\n',
    )
    assert (proc.returncode, proc.stdout) == (0, 'through stdin\n')


@pytest.mark.daemon
def test_exit_code_drop_and_replace() -> None:
    fmt = ('--format', '{{.Server.Version}}')
    server = real('version', *fmt).stdout
    assert faulty({'match': ['version'], 'exit_code': 3}, 'version', *fmt).returncode == 3
    # A failure reported as a success: exit_code 0 is a fault like any other.
    assert faulty({'match': ['nosuchcommand'], 'exit_code': 0}, 'nosuchcommand').returncode == 0
    dropped = faulty({'match': ['version'], 'drop_lines': 'Engine|Version'}, 'version')
    assert dropped.returncode == 0 and 'Version' not in dropped.stdout and 'Server' in dropped.stdout
    changed = faulty({'match': ['version'], 'replace': [server.strip(), '0.0.1']}, 'version', *fmt)
    assert changed.stdout == '0.0.1\n'


@pytest.mark.daemon
def test_remove_image_after_a_reported_success() -> None:
    target = f'localhost:5000/dockertest-fault/{uuid.uuid4().hex[:8]}:gone'
    try:
        proc = faulty({'match': ['tag'], 'remove_image': True}, 'tag', IMAGE, target)
        assert proc.returncode == 0
        assert real('image', 'inspect', target).returncode != 0, 'the fault did not remove the image'
        assert real('image', 'inspect', IMAGE).returncode == 0, 'the source image must stay'
    finally:
        real('rmi', target)


@pytest.mark.daemon
def test_output_is_relayed_line_by_line_while_the_command_runs() -> None:
    # A streaming command (events, attach) must show its edited lines before it ends or is killed.
    name = f'dockertest-fault-{uuid.uuid4().hex[:8]}'
    env = dict(
        os.environ,
        DOCKERTEST_FAULT=json.dumps({'match': ['run'], 'replace': ['first', 'FIRST']}),
        DOCKERTEST_REAL_DOCKER=REAL,
    )
    args = ['run', '--rm', '--name', name, IMAGE, 'sh', '-c', 'echo first; echo second; sleep 60']
    proc = subprocess.Popen(
        [sys.executable, '-m', 'dockertest.faultdocker', *args], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline() == 'FIRST\n'
        assert proc.stdout.readline() == 'second\n'
        assert proc.poll() is None, 'the command ended before its output was read'
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        real('rm', '--force', name)


def test_replace_of_the_empty_text_injects_into_an_empty_output(tmp_path) -> None:
    fake = tmp_path / 'docker'
    fake.write_text('#!/bin/sh\necho out\n')
    fake.chmod(0o755)
    env = dict(
        os.environ,
        DOCKERTEST_REAL_DOCKER=str(fake),
        DOCKERTEST_FAULT=json.dumps({'match': ['tag'], 'replace': ['', 'Error: injected'], 'stream': 'both'}),
    )
    proc = subprocess.run(
        [sys.executable, '-m', 'dockertest.faultdocker', 'tag', 'a', 'b'],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.stdout, proc.stderr) == ('out\n', 'Error: injected')
