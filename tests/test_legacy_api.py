"""The original API as 2014 code calls it: commands, listings, names and parsers.

In the style of the original's ``dockercmd_unittests.py`` and ``images_unittests.py``: a stand-in
``docker_path`` (a shell script) records what it was run with, and the assertions are the ones the
original's tests and subtests made. The real engine is exercised by the legacy corpus
(``tests/legacy/``, run by ``test_legacy_corpus.py``).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from autotest.client.shared import utils
from dockertest import containers, dockercmd, images, output, subtest, xceptions


def fake_docker(tmp_path: Path, script: str) -> str:
    """A stand-in ``docker_path`` that runs ``script`` (sh) with the arguments it was given."""
    path = tmp_path / 'fake-docker'
    path.write_text('#!/bin/sh\n' + script)
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def cat_probe(make_subtest, tmp_path: Path):
    """A subtest whose docker copies stdin to stdout."""
    return make_subtest(f'docker_path = {fake_docker(tmp_path, "cat")}')


# -- stdin ---------------------------------------------------------------------------------------------


def test_stdin_as_str_bytes_file_object_and_regular_file_fd(cat_probe, tmp_path: Path) -> None:
    run = dockercmd.DockerCmd(cat_probe, 'x')
    assert run.execute('text\n').stdout == 'text\n'
    assert run.execute(b'bytes\n').stdout == 'bytes\n'
    data = tmp_path / 'stdin.txt'
    data.write_text('first line\nsecond line\n')
    with open(data) as handle:
        assert run.execute(handle).stdout == 'first line\nsecond line\n'
    fd = os.open(data, os.O_RDONLY)
    try:
        os.lseek(fd, len('first line\n'), os.SEEK_SET)  # the command reads on from there, as a child would
        assert run.execute(fd).stdout == 'second line\n'
    finally:
        os.close(fd)
    with pytest.raises(xceptions.DockerValueError, match='stdin must be text, bytes, an open file'):
        run.execute(3.5)


def test_async_command_reads_a_pipe_the_subtest_writes_while_it_runs(cat_probe) -> None:
    read_end, write_end = os.pipe()
    try:
        cmd = dockercmd.AsyncDockerCmd(cat_probe, 'x')
        result = cmd.execute(read_end)
        os.write(write_end, b'written after start\n')
        assert output.wait_for_output(lambda: cmd.stdout, 'written after start', timeout=10)
        assert result.exit_status is None  # still reading the pipe
    finally:
        os.close(write_end)
        os.close(read_end)
    assert cmd.wait(10) is result
    assert (result.exit_status, result.stdout) == (0, 'written after start\n')


# -- results -------------------------------------------------------------------------------------------


def test_async_execute_returns_the_live_result_wait_completes(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo one; sleep 0.5; echo two; exit 3")}')
    cmd = dockercmd.AsyncDockerCmd(probe, 'x')
    result = cmd.execute()
    assert result.exit_status is None
    assert isinstance(result, utils.CmdResult)
    cmd.wait(10)
    assert (result.exit_status, result.stdout) == (3, 'one\ntwo\n')
    assert result.duration >= 0.5


def test_str_of_a_result_is_autotests(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "echo out; echo err >&2; exit 2")}')
    result = dockercmd.DockerCmd(probe, 'ps', ['-a']).execute()
    assert isinstance(result, utils.CmdResult)
    text = str(result)
    assert text.startswith(f'* Command: {tmp_path}/fake-docker ps -a\nExit status: 2\nDuration: ')
    assert text.endswith('\n\nstdout:\nout\nstderr:\nerr')
    with pytest.raises(xceptions.DockerExecError) as err:
        dockercmd.NoFailDockerCmd(probe, 'ps').execute()
    assert 'Exit status: 2' in str(err.value) and 'err' in str(err.value)


def test_results_of_an_unexecuted_command_raise_the_originals_error(cat_probe) -> None:
    cmd = dockercmd.DockerCmd(cat_probe, 'x')
    assert cmd.cmdresult is None
    for name in ('stdout', 'stderr', 'exit_status', 'duration'):
        with pytest.raises(xceptions.DockerTestError, match=f'Attempted to access {name} before execute'):
            getattr(cmd, name)
    cmd.execute('in')
    assert (cmd.stdout, cmd.stderr, cmd.exit_status) == ('in', '', 0)
    assert cmd.duration >= 0 and cmd.cmdresult.stdout == 'in'
    background = dockercmd.AsyncDockerCmd(cat_probe, 'x')
    with pytest.raises(xceptions.DockerTestError):
        _ = background.exit_status
    with pytest.raises(xceptions.DockerRuntimeError):
        background.execute_calls()
    assert dockercmd.DockerCmd(cat_probe, 'x').execute_calls() == 0


# -- the command line ----------------------------------------------------------------------------------


def test_subargs_string_or_list_and_the_quoting_rule(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {tmp_path}/docker\ndocker_options = --not_exist')
    as_string = dockercmd.DockerCmd(probe, 'run', "--rm img sh -c 'echo $HOME; ls | wc'")
    as_list = dockercmd.DockerCmd(probe, 'run', ['--rm', 'img', "sh -c 'echo $HOME; ls | wc'"])
    assert as_string.argv() == as_list.argv()
    assert as_string.argv()[-3:] == ['sh', '-c', 'echo $HOME; ls | wc']
    for text, offending in [
        ('echo $HOME', '"$HOME"'),
        ('echo `id`', '"`id`"'),
        ('a; b', '";"'),
        ('ls | wc', '"|"'),
        ('cat >out', '">out"'),
        ('cat <in', '"<in"'),
    ]:
        with pytest.raises(xceptions.DockerValueError) as err:
            dockercmd.DockerCmd(probe, 'run', text)
        message = str(err.value)
        assert f'(in {offending})' in message, message
        assert 'nothing is ever handed to a shell on the host' in message


def test_an_empty_subcommand_adds_no_empty_argument(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest('docker_path = /foo/bar\ndocker_options = --not_exist\ndocker_timeout = 5')
    cmd = dockercmd.DockerCmd(probe, '', [])
    assert cmd.argv() == ['/foo/bar', '--not_exist']
    assert cmd.command == '/foo/bar --not_exist'
    fake = fake_docker(tmp_path, 'echo "$#"')
    counted = make_subtest(f'docker_path = {fake}')
    assert dockercmd.DockerCmd(counted, '', ['version']).execute().stdout == '1\n'


# -- extension points ----------------------------------------------------------------------------------

IMAGES_TABLE = (
    'REPOSITORY          TAG                 IMAGE ID                                                           CREATED             VIRTUAL SIZE\n'
    'fedora              rawhide             58394af3e2b1aaf1e8c4e7b0f9d1e0e5d7a0e3f9ab1234567890abcdef123456   5 weeks ago         385.5 MB\n'
)


def test_an_overridden_docker_cmd_keeps_the_original_call_shape(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, "exit 9")}')
    calls = []

    class MyImages(images.DockerImagesCLI):
        def docker_cmd(self, cmd, timeout=None):  # the 2014 signature: no check, no list
            calls.append((cmd, timeout))
            if cmd.startswith('images'):
                return utils.CmdResult(command=cmd, stdout=IMAGES_TABLE, exit_status=0)
            return utils.CmdResult(command=cmd, exit_status=0)

    listing = MyImages(probe, timeout=12)
    assert listing.list_imgs_full_name() == ['fedora:rawhide']
    listing.remove_image_by_full_name('fedora:rawhide')
    assert calls == [('images --no-trunc', 12.0), ('rmi fedora:rawhide', 12.0)]


def test_listing_classes_honour_the_overridable_list_methods(make_subtest) -> None:
    probe = make_subtest()
    rawhide = images.DockerImage('fedora', 'rawhide', '58394af3e2b1', '5 weeks ago', '385.5 MB')

    class Listed(images.DockerImagesCLI):
        def get_dockerimages_list(self):
            return [rawhide]

    listing = images.DockerImages(probe)
    listing.interface.__class__ = Listed
    assert listing.list_imgs() == [rawhide]
    assert listing.list_imgs_with_full_name('fedora:rawhide') == [rawhide]
    assert listing.list_imgs_ids() == ['58394af3e2b1']

    class Containers(containers.DockerContainersCLI):
        def get_container_list(self):
            found = containers.DockerContainer('img', 'cmd', container_name='legacy')
            found.long_id = 'ab' * 32
            return [found]

    assert [c.container_name for c in Containers(probe).list_containers_with_name('legacy')] == ['legacy']
    assert Containers(probe).list_container_ids() == ['ab' * 32]


# -- names of the original classes --------------------------------------------------------------------


def test_docker_image_repo_split_p_and_non_string_names() -> None:
    pattern = images.DockerImage.repo_split_p
    assert isinstance(pattern, re.Pattern)
    match = pattern.match('localhost:5000/dockertest/busybox:latest')
    assert match.group('repo_addr', 'user', 'repo', 'tag') == ('localhost:5000', 'dockertest', 'busybox', 'latest')
    assert pattern.match('no spaces allowed/in names') is None
    for bad in (42, ['fedora'], b'fedora'):
        with pytest.raises(xceptions.DockerFullNameFormatError, match='not a string'):
            images.DockerImage.split_to_component(bad)


def test_docker_time_zero_is_dockers_own() -> None:
    zero = output.DockerTime('0001-01-01T00:00:00Z')
    assert zero.is_undefined()
    assert zero == output.DockerTime.UTC.EPOCH
    assert zero - output.DockerTime.UTC.EPOCH == output.DockerTime.UTC.ZERO
    assert not output.DockerTime('1970-01-01T00:00:00Z').is_undefined()


def test_an_empty_built_reads_as_empty_text() -> None:
    text = (
        'Client:\n Version:      1.10.3\n Built:\n Go version:   go1.6\n'
        'Server:\n Version:      1.10.3\n Built:        \n OS/Arch:      linux/amd64\n'
    )
    version = output.DockerVersion(text)
    assert version.client_info('Built') == ''
    assert version.server_info('built') == ''
    assert version.client_info('Go version') == 'go1.6'
    assert (version.client, version.server) == ('1.10.3', '1.10.3')


def test_docker_version_require_client_and_server() -> None:
    version = output.DockerVersion('Client version: 0.9.0\nServer version: 1.10.2')
    version.require_client('0.9.0')
    version.require_server('1.9')
    with pytest.raises(xceptions.DockerTestNAError, match='client version 0.9.0 is older than 1.0'):
        version.require_client('1.0')
    with pytest.raises(xceptions.DockerTestNAError, match='server version 1.10.2 is older than 1.10.10'):
        version.require_server('1.10.10')


def test_subsubtest_make_name() -> None:
    class child(subtest.SubSubtest):
        pass

    assert child.make_name('docker_cli/legacy') == 'docker_cli/legacy/child'


def test_a_tempfile_stdin_is_what_2014_subtests_passed(cat_probe) -> None:
    with tempfile.TemporaryFile() as handle:
        handle.write(b'from a temporary file\n')
        handle.seek(0)
        assert dockercmd.NoFailDockerCmd(cat_probe, 'x').execute(handle).stdout == 'from a temporary file\n'


def test_async_wait_for_ready(make_subtest, tmp_path: Path) -> None:
    script = 'case "$1" in ready) sleep 0.3; echo READY; sleep 30;; quits) echo oops >&2; exit 4;; *) sleep 30;; esac'
    probe = make_subtest(f'docker_path = {fake_docker(tmp_path, script)}')
    ready = dockercmd.AsyncDockerCmd(probe, 'ready')
    ready.execute()
    ready.wait_for_ready(timeout=10, timestep=0.05)
    ready.kill(9)
    quits = dockercmd.AsyncDockerCmd(probe, 'quits')
    quits.execute()
    with pytest.raises(
        xceptions.DockerExecError, match=r"Container exited before READY; exit status = 4; stderr='oops\\n'"
    ):
        quits.wait_for_ready(timeout=10, timestep=0.05)
    silent = dockercmd.AsyncDockerCmd(probe, 'silent')
    silent.execute()
    try:
        with pytest.raises(xceptions.DockerExecError, match='Timed out waiting for container READY'):
            silent.wait_for_ready(timeout=0.3, timestep=0.05)
    finally:
        silent.kill(9)
