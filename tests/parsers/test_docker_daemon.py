"""dockertest.docker_daemon: the Engine API client, against fake sockets and (marked daemon) the real one."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest

from dockertest.containers import DockerContainersBase
from dockertest.docker_daemon import ClientBase, DockerAPIError, DockerSocketError, SocketClient, socket_path
from dockertest.images import DockerImagesBase
from dockertest.output import DockerOutputError, DockerVersion


def test_pinned_client_base_subclass():
    class Fake(ClientBase):
        def get(self, resource):
            return (self.uri, resource)

        @staticmethod
        def value_to_json(value):
            return [{value[0]: value[1]}]

    assert Fake('foo').get_json('bar') == [{'foo': 'bar'}]
    with pytest.raises(NotImplementedError):
        ClientBase('foo').get_json('bar')


class FakeDaemon:
    """A one-connection unix-socket server that answers with canned bytes (or hangs)."""

    def __init__(self, path, pieces=None):
        self.path = str(path)
        self.request = b''
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.path)
        self.sock.listen(1)
        self.thread = threading.Thread(target=self._serve, args=(pieces,), daemon=True)
        self.thread.start()

    def _serve(self, pieces):
        conn, _ = self.sock.accept()
        with conn:
            while b'\r\n\r\n' not in self.request:
                self.request += conn.recv(1024)
            if pieces is None:
                time.sleep(1.0)
            for piece in pieces or ():
                conn.sendall(piece)
                time.sleep(0.01)

    def close(self):
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def sock_path(tmp_path):
    return tmp_path / 'docker.sock'


def test_chunked_answer(sock_path):
    daemon = FakeDaemon(
        sock_path,
        [b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', b'7\r\n{"a": 1\r\n', b'1\r\n}\r\n0\r\n\r\n'],
    )
    assert SocketClient(f'unix://{sock_path}', timeout=5).get_json('version') == {'a': 1}
    daemon.close()
    assert daemon.request.startswith(b'GET /version HTTP/1.1\r\n')


def test_http_error_names_request_and_status(sock_path):
    body = b'{"message": "No such container: peers-nosuch"}'
    daemon = FakeDaemon(sock_path, [b'HTTP/1.1 404 Not Found\r\nContent-Length: %d\r\n\r\n' % len(body) + body])
    with pytest.raises(DockerAPIError) as info:
        SocketClient(str(sock_path), timeout=5).get_json('/containers/peers-nosuch/json')
    daemon.close()
    err = info.value
    assert isinstance(err, ValueError) and err.status == 404 and err.message == 'No such container: peers-nosuch'
    assert str(sock_path) in str(err) and 'HTTP 404' in str(err)


def test_bad_json_is_an_output_error(sock_path):
    daemon = FakeDaemon(sock_path, [b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{nope'])
    response = SocketClient(str(sock_path), timeout=5).get('/version')
    daemon.close()
    assert response.status == 200 and response.body == b'{nope' and response.header('content-length') == '5'
    with pytest.raises(DockerOutputError, match='GET /version on .*: line 1, column 2'):
        SocketClient.value_to_json(response)


def test_silent_daemon_times_out_naming_the_socket(sock_path):
    daemon = FakeDaemon(sock_path, None)
    start = time.monotonic()
    with pytest.raises(DockerSocketError, match='timeout') as info:
        SocketClient(str(sock_path), timeout=0.3).version()
    assert time.monotonic() - start < 0.9
    assert isinstance(info.value, OSError) and str(sock_path) in str(info.value)
    daemon.close()


def test_daemon_down_names_the_socket(tmp_path):
    missing = tmp_path / 'nobody.sock'
    with pytest.raises(DockerSocketError, match=f'{missing}: cannot connect'):
        SocketClient(str(missing), timeout=1).version()


# --- the real daemon --------------------------------------------------------------------------------

# The daemon the docker CLI talks to (DOCKER_HOST, else the default socket), so both sides see one daemon.
SOCKET = socket_path({})
DOCKER = shutil.which('docker')


@pytest.fixture(scope='module')
def daemon():
    """A client for the real daemon; skip loudly (or fail with DOCKERTEST_REQUIRE_DAEMON=1) without one."""
    try:
        client = SocketClient(SOCKET, timeout=10)
        client.version()
    except DockerSocketError as err:
        reason = f'NO DOCKER DAEMON: {err}'
        if os.environ.get('DOCKERTEST_REQUIRE_DAEMON') == '1':
            pytest.fail(reason)
        pytest.skip(reason)
    if DOCKER is None:
        pytest.skip('NO DOCKER CLI on PATH: the CLI/API comparisons need it')
    return client


def cli(*args: str) -> str:
    done = subprocess.run([DOCKER, *args], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.mark.daemon
def test_api_and_cli_versions_agree(daemon):
    api = daemon.version()
    engine = next(c for c in api['Components'] if c['Name'] == 'Engine')
    assert DockerVersion(cli('version')).server == api['Version'] == engine['Version']


@pytest.fixture
def own_container(daemon):
    """A container this test creates from a local image (never pulled), removed afterwards."""
    named = [t for img in daemon.get_json('/images/json') for t in img.get('RepoTags') or [] if t != '<none>:<none>']
    if not named:
        pytest.skip('NO LOCAL IMAGE to create a container from (this test never pulls)')
    name = f'dockertest-parsers-{uuid.uuid4().hex[:8]}'
    long_id = cli('create', '--pull', 'never', '--name', name, named[0], 'true').strip()
    yield name, long_id, named[0]
    subprocess.run([DOCKER, 'rm', '--force', long_id], capture_output=True, timeout=60, check=False)


@pytest.mark.daemon
@pytest.mark.engine_alone  # compares every container and image the engine lists
def test_cli_and_api_listings_agree(daemon, own_container):
    name, long_id, image = own_container
    from_table = DockerContainersBase.containers_from_table(cli('ps', '-a', '--no-trunc'), 'docker ps -a --no-trunc')
    from_json = DockerContainersBase.containers_from_json(cli('ps', '-a', '--no-trunc', '--format', '{{json .}}'))
    from_api = DockerContainersBase.containers_from_json(json.dumps(daemon.get_json('/containers/json?all=1')))
    listings = [sorted((c.long_id, c.container_name) for c in cs) for cs in (from_table, from_json, from_api)]
    assert listings[0] == listings[1] == listings[2]
    assert (long_id, name) in listings[0]
    (mine,) = [c for c in from_api if c.container_name == name]
    assert mine.image_name == image and mine.command == 'true'

    cli_inspect = DockerContainersBase.parse_inspect(cli('inspect', long_id))
    api_inspect = DockerContainersBase.parse_inspect(json.dumps(daemon.get_json(f'/containers/{long_id}/json')))
    assert cli_inspect[0]['Id'] == api_inspect[0]['Id'] == long_id
    assert api_inspect[0]['Name'] == f'/{name}' and api_inspect[0]['State']['Status'] == 'created'

    images_cli = DockerImagesBase.images_from_table(cli('images', '--no-trunc'), 'docker images --no-trunc')
    images_api = DockerImagesBase.images_from_json(json.dumps(daemon.get_json('/images/json')))
    assert sorted((i.full_name or '', i.long_id) for i in images_cli) == sorted(
        (i.full_name or '', i.long_id) for i in images_api
    )


@pytest.mark.daemon
def test_missing_container_is_an_api_error(daemon):
    with pytest.raises(DockerAPIError) as info:
        daemon.get_json('/containers/dockertest-parsers-nosuch/json')
    assert info.value.status == 404 and 'dockertest-parsers-nosuch' in info.value.message


def test_subtest_client_is_test_na_without_a_unix_socket(monkeypatch) -> None:
    from dockertest import docker_daemon, xceptions

    monkeypatch.setenv('DOCKER_HOST', 'unix:///run/some.sock')
    assert docker_daemon.subtest_client({'docker_options': ''}, 5).uri == '/run/some.sock'
    with pytest.raises(xceptions.DockerTestNAError, match=r"cannot cross-check the CLI: docker_options '-H tcp"):
        docker_daemon.subtest_client({'docker_options': '-H tcp://127.0.0.1:2375'})
