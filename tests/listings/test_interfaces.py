"""The listing interfaces without a daemon: command lines, the format probe, faults, the socket, preserve lists."""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import pytest

from dockertest import _core, docker_daemon, xceptions
from dockertest.containers import DockerContainers, DockerContainersCLI
from dockertest.images import DockerImages, DockerImagesAPI, DockerImagesCLI
from dockertest.subtest import SubSubtest

from .conftest import CLI

D28 = CLI / 'docker-28.2.2-client'
# Answers like a client that has no --format: it refuses the option, else prints the table.
NO_FORMAT = 'case "$*" in *--format*) echo "unknown flag: --format" >&2; exit 125;; esac; cat {table}'


def test_facade_picks_the_interface_and_passes_attributes_through(make_subtest) -> None:
    probe = make_subtest()
    imgs = DockerImages(probe)
    assert (imgs.interface_name, imgs.interface_shortname) == ('DockerImagesCLI', 'cli')
    assert isinstance(imgs.interface, DockerImagesCLI)
    api = DockerImages(probe, 'api', timeout=3, verbose=True)
    assert isinstance(api.interface, DockerImagesAPI)
    assert (api.timeout, api.verbose, api.interface_shortname) == (3.0, True, 'api')
    conts = DockerContainers(probe)
    assert conts.timeout == 300.0  # docker_timeout of the bundled DEFAULTS
    conts.get_size = False
    assert conts.interface.get_size is False
    with pytest.raises(KeyError, match="unknown interface 'rest'; known: cli, api"):
        DockerContainers(probe, 'rest')
    with pytest.raises(TypeError, match='str is not a Subtest or a SubSubtest'):
        DockerImages('probe')
    with pytest.raises(AttributeError):
        _ = imgs.no_such_attribute


def test_json_listing_runs_the_configured_client_with_its_options(make_subtest, fake_docker, caplog) -> None:
    fake = fake_docker(f'cat {D28}/images-json.txt')
    probe = make_subtest(f'docker_path = {fake.path}\ndocker_options = -H unix:///x.sock --debug')
    child = SubSubtest(probe)  # a sub-subtest works too, with its parent's config
    with caplog.at_level(logging.DEBUG):
        names = DockerImages(child, verbose=True).list_imgs_full_name()
    assert f"Running {fake.path} -H unix:///x.sock --debug images --no-trunc '--format={{{{json .}}}}'" in caplog.text
    assert names[:3] == ['localhost/busybox:latest', 'localhost:5000/test/busybox:latest', 'peers-img:v1']
    assert fake.calls() == [['-H', 'unix:///x.sock', '--debug', 'images', '--no-trunc', '--format={{json .}}']]


def test_a_client_without_json_format_is_probed_once_then_listed_by_table(make_subtest, fake_docker) -> None:
    fake = fake_docker(NO_FORMAT.format(table=f'{D28}/ps-a-notrunc.txt'))
    probe = make_subtest(f'docker_path = {fake.path}')
    conts = DockerContainers(probe)
    conts.get_size = False
    assert conts.list_container_names()[:2] == ['peers-long', 'peers-created']
    assert conts.list_containers_with_cid('961d919893a8')[0].container_name == 'peers-exited'
    assert conts.list_container_ids()[0].startswith('71675c4e44d4cdbf')
    assert fake.calls() == [
        ['ps', '-a', '--no-trunc', '--format={{json .}}'],
        ['ps', '-a', '--no-trunc'],
        ['ps', '-a', '--no-trunc'],
        ['ps', '-a', '--no-trunc'],
    ]


def test_garbage_output_names_command_line_and_column(make_subtest, fake_docker) -> None:
    fake = fake_docker('echo "{\\"ID\\": \\"abc\\"}"; echo "this is not json"')
    probe = make_subtest(f'docker_path = {fake.path}')
    with pytest.raises(_core.DockerOutputError) as err:
        DockerImages(probe).list_imgs()
    message = str(err.value)
    assert f'{fake.path} images --no-trunc' in message
    assert 'line 2, column 2: invalid JSON' in message


def test_garbage_table_names_command_line_and_column(make_subtest, fake_docker, tmp_path: Path) -> None:
    table = tmp_path / 'table'
    table.write_text('Something went wrong, here is no table\n')
    probe = make_subtest(f'docker_path = {fake_docker(NO_FORMAT.format(table=table)).path}')
    with pytest.raises(
        _core.DockerOutputError, match=r'images --no-trunc`: line 1, column 1: the images table has no REPOSITORY'
    ):
        DockerImages(probe).list_imgs()


@pytest.mark.parametrize('what', ['images', 'containers'])
def test_a_daemon_that_is_down_names_the_socket(make_subtest, docker_client: str, what: str) -> None:
    probe = make_subtest(f'docker_path = {docker_client}\ndocker_options = -H unix:///nonexistent.sock')
    cli = DockerImages(probe) if what == 'images' else DockerContainers(probe)
    with pytest.raises(xceptions.DockerCommandError) as err:
        cli.list_imgs() if what == 'images' else cli.list_containers()
    assert 'unix:///nonexistent.sock' in str(err.value)
    assert f"docker_path '{docker_client}'" in str(err.value)
    api = DockerImages(probe, 'api') if what == 'images' else DockerContainers(probe, 'api')
    with pytest.raises(docker_daemon.DockerSocketError, match='/nonexistent.sock'):
        api.list_imgs() if what == 'images' else api.list_containers()


def test_a_missing_client_names_docker_path(make_subtest, tmp_path: Path) -> None:
    probe = make_subtest(f'docker_path = {tmp_path}/no-docker')
    with pytest.raises(xceptions.DockerCommandError, match=f'cannot be run.*docker_path is .{tmp_path}/no-docker'):
        DockerContainers(probe).list_containers()


def test_a_hung_listing_is_killed_at_docker_timeout(make_subtest, fake_docker) -> None:
    probe = make_subtest(f'docker_path = {fake_docker("sleep 30").path}\ndocker_timeout = 0.5')
    started = time.monotonic()
    with pytest.raises(xceptions.DockerCommandError, match='did not complete within 0.5 seconds and was killed'):
        DockerContainers(probe).list_containers()
    assert time.monotonic() - started < 5


def test_a_hung_api_listing_is_cut_at_docker_timeout(make_subtest, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / 'silent.sock'
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True)
    thread.start()
    monkeypatch.setenv('DOCKER_HOST', f'unix://{path}')
    probe = make_subtest('docker_timeout = 0.5')
    started = time.monotonic()
    try:
        with pytest.raises(docker_daemon.DockerSocketError, match=str(path)) as err:
            DockerImages(probe, 'api').list_imgs()
    finally:
        thread.join(5)
        for conn in accepted:
            conn.close()
        server.close()
    assert time.monotonic() - started < 5
    assert 'time' in str(err.value).lower()


def test_socket_path_follows_the_clients_precedence(monkeypatch) -> None:
    monkeypatch.delenv('DOCKER_HOST', raising=False)
    assert docker_daemon.socket_path({'docker_options': ''}) == '/var/run/docker.sock'
    monkeypatch.setenv('DOCKER_HOST', 'unix:///run/env.sock')
    assert docker_daemon.socket_path({}) == '/run/env.sock'
    for options in (
        '-H unix:///run/o.sock',
        '--host=unix:///run/o.sock',
        '-D --host unix:///run/o.sock',
        '-Hunix:///run/o.sock',
    ):
        assert docker_daemon.socket_path({'docker_options': options}) == '/run/o.sock'
    client = docker_daemon.SocketClient.from_config({'docker_options': '-H unix:///run/o.sock', 'docker_timeout': 7})
    assert (client.uri, client.timeout) == ('/run/o.sock', 7.0)
    with pytest.raises(xceptions.DockerValueError, match="docker_options '-H tcp://h:2375' names the daemon"):
        docker_daemon.socket_path({'docker_options': '-H tcp://h:2375'})
    monkeypatch.setenv('DOCKER_HOST', 'ssh://host')
    with pytest.raises(xceptions.DockerValueError, match="DOCKER_HOST names the daemon 'ssh://host'.*unix://"):
        docker_daemon.socket_path({})


def test_image_clean_all_keeps_preserved_names_the_default_image_and_their_ids(make_subtest, fake_docker) -> None:
    listing = (
        '{"ID":"sha256:aaaa1111","Repository":"fedora","Tag":"32"}\\n'
        '{"ID":"sha256:bbbb2222","Repository":"localhost:5000/dockertest/busybox","Tag":"latest"}\\n'
        '{"ID":"sha256:cccc3333","Repository":"mine","Tag":"x"}'
    )
    fake = fake_docker(f'case "$1" in images) printf \'{listing}\\n\';; esac')
    probe = make_subtest(f'docker_path = {fake.path}\npreserve_fqins = fedora:32, fedora:heisenbug')
    imgs = DockerImages(probe)
    names = ['fedora:32', 'fedora:heisenbug', 'localhost:5000/dockertest/busybox:latest', 'mine:x', 'aaaa', 'bbbb2222']
    names += ['sha256:aaaa1111', 'cccc', 'zz:1']
    assert imgs.clean_all(names) == ['mine:x', 'cccc', 'zz:1']
    removals = [call[1:] for call in fake.calls() if call[0] == 'rmi']
    assert removals == [['--force', 'mine:x'], ['--force', 'cccc'], ['--force', 'zz:1']]
    with pytest.raises(ValueError, match='not the single string'):
        imgs.clean_all('mine:x')
    with pytest.raises(TypeError):
        imgs.clean_all(3)


def test_container_clean_all_keeps_preserve_cnames(make_subtest, fake_docker) -> None:
    fake = fake_docker('[ "$4" != gone ]')
    probe = make_subtest(f'docker_path = {fake.path}\npreserve_cnames = keep1,keep2')
    conts = DockerContainers(probe)
    assert conts.clean_all(['keep1', 'a', 'keep2', 'gone', 'b']) == ['a', 'b']
    assert [' '.join(call) for call in fake.calls()] == [
        'rm --force --volumes a',
        'rm --force --volumes gone',
        'rm --force --volumes b',
    ]


def test_removal_commands(make_subtest, fake_docker) -> None:
    fake = fake_docker('[ "$2" != missing ] || { echo "Error: No such object: missing" >&2; exit 1; }')
    probe = make_subtest(f'docker_path = {fake.path}')
    imgs, conts = DockerImages(probe), DockerContainers(probe)
    imgs.remove_image_by_full_name('a/b:c')
    imgs.remove_image_by_id('sha256:1234')
    image = _core.DockerImage('localhost:5000/u/r', 't', 'sha256:99', None, None)
    imgs.remove_image_by_image_obj(image)
    imgs.remove_image_by_image_obj(_core.DockerImage('<none>', '<none>', 'sha256:98', None, None))
    conts.remove_by_name('n1')
    conts.remove_by_id('c0ffee')
    assert [' '.join(call) for call in fake.calls()] == [
        'rmi a/b:c',
        'rmi sha256:1234',
        'rmi localhost:5000/u/r:t',
        'rmi sha256:98',
        'rm n1',
        'rm c0ffee',
    ]
    with pytest.raises(xceptions.DockerCommandError, match='No such object: missing'):
        conts.remove_by_name('missing')
    assert isinstance(DockerContainersCLI(probe), DockerContainersCLI)


def test_verify_output_checks_removals_with_output_good(make_subtest, fake_docker) -> None:
    probe = make_subtest(f'docker_path = {fake_docker("echo Error: response from daemon: conflict").path}')
    imgs = DockerImages(probe)
    assert imgs.remove_image_by_full_name('a:b').exit_status == 0
    imgs.verify_output = True
    with pytest.raises(_core.DockerOutputError, match='error_check'):
        imgs.remove_image_by_full_name('a:b')
    conts = DockerContainers(probe)
    conts.verify_output = True
    with pytest.raises(_core.DockerOutputError, match='error_check'):
        conts.remove_by_name('x')
