"""Every capture under tests/fixtures/cli/ is parsed here and checked for real values.

`test_every_capture_is_checked` fails when a capture is added without a test below.
"""

from __future__ import annotations

import re

import pytest

from dockertest.containers import DockerContainersBase, DockerContainersList
from dockertest.images import DockerImage, DockerImagesList
from dockertest.networking import ports_from_cell
from dockertest.output import (
    DockerInfo,
    DockerOutputError,
    DockerTime,
    DockerVersion,
    OutputGood,
    OutputNotBad,
    TextTable,
)

from .conftest import CLI, capture, result

D28 = 'docker-28.2.2-client'
D20 = 'docker-20.10.24-client'
POD = 'podman-4.3.1'
IMAGE_ID = 'dc5fbbb4129a'
CHECKED: set[str] = set()


def use(relpath: str) -> str:
    CHECKED.add(relpath)
    return capture(relpath)


def commands(text: str) -> list[tuple[str, str, int | None]]:
    """Split an errs.txt/cleanup-out.txt capture into (command, output, rc)."""
    out: list[tuple[str, str, int | None]] = []
    for block in re.split(r'^\$ ', text, flags=re.MULTILINE)[1:]:
        cmd, _, body = block.partition('\n')
        match = re.search(r'^  \[rc=(\d+)\]$', body, flags=re.MULTILINE)
        rc = int(match.group(1)) if match else None
        lines = body[: match.start()] if match else body
        out.append((cmd, '\n'.join(line[2:] if rc is not None else line for line in lines.splitlines()), rc))
    return out


@pytest.mark.parametrize('client', [D28, D20])
def test_version(client):
    version = DockerVersion(use(f'{client}/version.txt'))
    assert version.client == ('28.2.2' if client == D28 else '20.10.24+dfsg1')
    assert version.server == '20.10.24+dfsg1'
    assert version.server_section['docker-init']['Version'] == '0.19.0'
    assert version.server_section['containerd']['Version'] == '1.6.20~ds1'
    as_json = DockerVersion(use(f'{client}/version-json.txt'))
    assert (as_json.client, as_json.server) == (version.client, version.server)
    assert as_json.server_section['Engine']['ApiVersion'] == '1.41'


def test_version_without_daemon():
    version = DockerVersion(use(f'{D28}/version-nodaemon.txt'))
    assert version.client == '28.2.2' and version.client_info('API version') == '1.50'
    with pytest.raises(DockerOutputError):
        _ = version.server


def test_api_version():
    version = DockerVersion(use('api/api-version.json'))
    assert version.server == '20.10.24+dfsg1'
    assert version.server_info('MinAPIVersion') == '1.12'
    assert version.server_section['docker-init']['Version'] == '0.19.0'


def test_podman_versions():
    own = DockerVersion(use(f'{POD}/podman-version.txt'))
    assert own.client == '4.3.1' and own.client_info('API Version') == '4.3.1'
    assert DockerVersion(use(f'{POD}/podman-version-json.txt')).client == '4.3.1'
    via = DockerVersion(use(f'{POD}/podman-via-docker-version.txt'))
    assert (via.client, via.server) == ('28.2.2', '4.3.1')
    runc = via.server_section['OCI Runtime (runc)']['Version']
    assert runc.splitlines() == [
        'runc version 1.1.5+ds1',
        'commit: 1.1.5+ds1-1+deb12u1',
        'spec: 1.0.2-dev',
        'go: go1.19.8',
        'libseccomp: 2.5.4',
    ]


@pytest.mark.parametrize('client', [D28, D20])
def test_info(client):
    info = DockerInfo(use(f'{client}/info.txt'))
    assert info.get('server_version') == '20.10.24+dfsg1'
    assert info.get('storage driver') == 'vfs'
    assert info.get('plugins', 'volume') == 'local'
    assert info.get('cpus') == '2' and info.get('name') == 'testhost'


def test_podman_info():
    info = DockerInfo(use(f'{POD}/podman-info.txt'))
    assert info.get('host', 'arch') == 'amd64'
    assert info.get('host', 'hostname') == 'testhost'
    assert info.info_table['host...']['distribution...']['version'] == '12'
    assert list(info.info_table['host...']['cgroupcontrollers...'])[:2] == ['cpuset', 'cpu']


@pytest.mark.parametrize(
    ('relpath', 'count'),
    [
        (f'{D28}/images.txt', 4),
        (f'{D20}/images.txt', 4),
        (f'{D28}/images-notrunc.txt', 4),
        (f'{D28}/images-digests.txt', 4),
        (f'{D28}/images-a.txt', 13),
        (f'{POD}/podman-images.txt', 2),
        (f'{POD}/podman-via-docker-images.txt', 2),
    ],
)
def test_image_tables(relpath, count):
    images = DockerImagesList.from_table(use(relpath))
    assert len(images.list_imgs()) == count
    names = images.list_imgs_full_name()
    if 'images-a' in relpath:
        assert len(names) == 10 and 'peers-committed:latest' in names
        assert len(images.list_imgs_with_image_id('082b4eda4871')) == 2
    elif 'podman' in relpath:
        assert [i.short_id for i in images.list_imgs()] == [IMAGE_ID, IMAGE_ID]
        assert 'localhost/peers-pimg:v1' in names
    else:
        assert set(names) == {
            'peers-img:v1',
            'peers/ns-img:2.0',
            'localhost/busybox:latest',
            'localhost:5000/test/busybox:latest',
        }
        assert all(img.cmp_id(IMAGE_ID) for img in images.list_imgs())
        (ns,) = images.list_imgs_with_full_name_components(user='peers')
        assert ns.repo == 'ns-img' and ns.tag == '2.0'


@pytest.mark.parametrize('client', [D28, D20])
def test_image_json_agrees_with_table(client):
    from_json = DockerImagesList.from_json(use(f'{client}/images-json.txt'))
    from_table = DockerImagesList.from_table(capture(f'{client}/images.txt'))
    assert sorted(from_json.list_imgs_full_name()) == sorted(from_table.list_imgs_full_name())
    assert from_json.list_imgs_ids() == [IMAGE_ID]
    assert {i.size for i in from_json.list_imgs()} == {'1.98MB'}


@pytest.mark.parametrize('client', [D28, D20])
def test_ps_tables_and_json(client):
    table = DockerContainersList.from_table(use(f'{client}/ps-a.txt'))
    from_json = DockerContainersList.from_json(use(f'{client}/ps-a-json.txt'))
    assert (
        table.list_container_names()
        == from_json.list_container_names()
        == ['peers-long', 'peers-created', 'peers-exited', 'peers-run1']
    )
    assert table.list_container_ids() == from_json.list_container_ids()
    (run1,) = table.list_containers_with_name('peers-run1')
    assert [p.host_port for p in ports_from_cell(run1.ports)] == [18080, 18443]
    assert table.list_containers_with_name('peers-exited')[0].status == 'Exited (3) 5 seconds ago'


def test_ps_notrunc():
    table = DockerContainersList.from_table(use(f'{D28}/ps-a-notrunc.txt'))
    (long,) = table.list_containers_with_cid('71675c4e44d4')
    assert long.command == '"sh -c \'while true; do sleep 1; done\'"'
    assert len(long.long_id) == 64


def test_podman_ps():
    table = DockerContainersList.from_table(use(f'{POD}/podman-ps-a.txt'))
    assert table.list_container_names() == ['peers-p1', 'peers-pexit', 'peers-pcreated']
    from_json = DockerContainersList.from_json(use(f'{POD}/podman-ps-json.txt'))
    assert from_json.list_container_names() == table.list_container_names()
    assert from_json.list_containers()[1].command == 'sh -c echo hi; exit 3'
    via = DockerContainersList.from_table(use(f'{POD}/podman-via-docker-ps.txt'))
    (pexit,) = via.list_containers_with_name('peers-pexit')
    assert pexit.command == '"sh -c echo hi; exit…"' and pexit.created == '23 seconds ago'


@pytest.mark.parametrize(('name', 'running', 'exit_code'), [('run1', True, 0), ('exited', False, 3)])
def test_inspect(name, running, exit_code):
    (data,) = DockerContainersBase.parse_inspect(use(f'api/inspect-{name}.json'))
    assert data['Name'] == f'/peers-{name}'
    assert data['State']['Running'] is running and data['State']['ExitCode'] == exit_code
    assert DockerTime(data['State']['FinishedAt']).is_undefined() is running


@pytest.mark.parametrize('client', [D28, D20])
def test_history(client):
    table = TextTable(use(f'{client}/history.txt'))
    assert [r['IMAGE'] for r in table][-1] == IMAGE_ID
    assert table[0]['CREATED BY'] == '/bin/sh -c #(nop)  CMD ["cat" "/hi.txt"]'
    assert table[0]['COMMENT'] is None and table[4]['CREATED BY'] is None
    assert table.find('SIZE', '3B')['IMAGE'] == 'f2efcd596c59'


def test_history_variants():
    notrunc = TextTable(use(f'{D28}/history-notrunc.txt'))
    assert all(r['IMAGE'].startswith('sha256:') for r in notrunc)
    hfalse = TextTable(use(f'{D28}/history-H-false.txt'))
    assert hfalse.find('COMMENT', 'peers msg')['SIZE'] == '0'
    assert DockerTime(hfalse[1]['CREATED AT']).isoformat() == '2026-11-24T23:34:45+00:00'
    rows = [__import__('json').loads(line) for line in use(f'{D28}/history-json.txt').splitlines()]
    times = [DockerTime(r['CreatedAt']) for r in rows]
    assert times == sorted(times, reverse=True) and rows[-1]['ID'] == IMAGE_ID


def test_top():
    default = TextTable(use(f'{D28}/top-default.txt'))
    assert (
        default.columnranges.columns[3] == 'C' and default[0]['TIME'] == '00:00:00' and default[0]['CMD'] == 'sleep 600'
    )
    assert TextTable(use(f'{D28}/top-aux.txt'))[0]['COMMAND'] == 'sleep 600'
    long = TextTable(use(f'{D28}/top-long.txt'))
    assert long[0]['CMD'] == 'sh -c while true; do sleep 1; done' and long[1]['PPID'] == long[0]['PID']


def test_build_pull_and_commit_outputs():
    build = use(f'{D28}/build-legacy.txt')
    assert OutputGood(result(stdout=build))
    built = re.search(r'^Successfully built (\w+)$', build, flags=re.MULTILINE).group(1)
    assert DockerImage('peers-built', '1', built, None, None).short_id == '082b4eda4871'
    for relpath, addr in [
        (f'{D28}/pull-uptodate.txt', 'localhost:5000'),
        (f'{D28}/pull-new.txt', '127.0.0.1:5000'),
        (f'{D20}/pull-new.txt', '127.0.0.1:5000'),
    ]:
        out = use(relpath)
        assert OutputGood(result(stdout=out))
        assert DockerImage.split_to_component(out.splitlines()[-1]) == ('busybox', 'latest', addr, 'test')
    pulled = use(f'{POD}/podman-pull.txt').splitlines()
    assert DockerImage('127.0.0.1:5000/test/busybox', 'latest', pulled[-1], None, None).short_id == IMAGE_ID
    committed = use(f'{D28}/commit-tagged.txt').strip()
    assert DockerImage('peers-committed', None, committed, None, None).short_id == 'cd68ff44c7f3'


def test_cleanup_output():
    runs = commands(use(f'{D28}/cleanup-out.txt'))
    assert len(runs) == 5 and all(OutputGood(result(stdout=out, command=cmd)) for cmd, out, _ in runs)
    untagged = [
        line.split(': ', 1)[1] for _, out, _ in runs for line in out.splitlines() if line.startswith('Untagged: ')
    ]
    assert [DockerImage.split_to_component(n)[0] for n in untagged][:2] == ['peers-built', 'peers-built']
    deleted = [
        DockerImage(None, None, line.split(': ', 1)[1], None, None).short_id
        for _, out, _ in runs
        for line in out.splitlines()
        if line.startswith('Deleted: ')
    ]
    assert '082b4eda4871' in deleted and 'cd68ff44c7f3' in deleted


@pytest.mark.parametrize(
    ('relpath', 'count', 'failures', 'error_lines'),
    [(f'{D28}/errs.txt', 36, 35, 3), (f'{D20}/errs.txt', 36, 36, 7), (f'{POD}/podman-errs.txt', 20, 17, 17)],
)
def test_error_captures(relpath, count, failures, error_lines):
    runs = commands(use(relpath))
    assert len(runs) == count
    flagged = 0
    for cmd, out, rc in runs:
        res = result(stderr=out, exit_status=rc, command=cmd)
        assert OutputNotBad(res), cmd  # no Go panic, no FATA line
        good = OutputGood(res, ignore_error=True)
        # The 0.6.4 rule: a line containing "error: " (so not "Error response from daemon: ...").
        has_error_colon = any('error: ' in line.lower() for line in out.splitlines())
        assert good.results['error_check_stderr'] is not has_error_colon, cmd
        flagged += has_error_colon
    assert sum(1 for _, _, rc in runs if rc) == failures
    assert flagged == error_lines


@pytest.mark.parametrize(('relpath', 'lines'), [(f'{D20}/events.txt', 82), (f'{D20}/events-tail-sample.txt', 48)])
def test_docker_events_timestamps(relpath, lines):
    text = use(relpath).splitlines()
    assert len(text) == lines
    times = [DockerTime(line) for line in text]
    assert times == sorted(times)
    assert times[0].isoformat() == text[0].split()[0][:26] + '+00:00'


def test_podman_events_go_time_string():
    text = use(f'{POD}/podman-events.txt').splitlines()
    times = [DockerTime(line) for line in text]
    assert len(times) == len(text) > 10 and times[-1] > times[0]
    assert (times[0].hour, times[0].minute, times[0].second, times[0].microsecond) == (23, 41, 31, 413701)


def test_every_capture_is_checked(request):
    # Runs last in this module (pytest keeps file order); README.md describes the captures.
    every = {str(p.relative_to(CLI)) for p in CLI.rglob('*') if p.is_file() and p.name != 'README.md'}
    selected = [item for item in request.session.items if item.parent is request.node.parent]
    if len(selected) < len(list(request.node.parent.collect())):
        pytest.skip('only meaningful when the whole module runs')
    assert every - CHECKED == set()
