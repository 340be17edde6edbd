"""Engine profiles (no engine needed): choosing one, laying it over the config, and the matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockertest import config, matrix, selection
from dockertest.xceptions import DockerConfigError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A suite with DEFAULTS, one subtest section and two profiles."""
    (tmp_path / 'control').write_text('')
    (tmp_path / 'config_defaults' / 'engines').mkdir(parents=True)
    (tmp_path / 'config_defaults' / 'defaults.ini').write_text(
        '[DEFAULTS]\nengine = docker\ndocker_path = /usr/bin/docker\ndocker_options =\n'
    )
    (tmp_path / 'config_defaults' / 't.ini').write_text('[a/t]\nmissing_msg = No such container\nkeep = 1\n')
    (tmp_path / 'config_defaults' / 'engines' / 'p.ini').write_text(
        '[engine:docker]\n\n[engine:pod]\ndocker_path = /usr/bin/podman\n\n'
        '[engine:pod a/t]\nmissing_msg = no such container\n'
    )
    monkeypatch.delenv(config.ENGINE_ENV, raising=False)
    config.Config.clear_cache()
    yield tmp_path
    config.Config.clear_cache()


def test_the_default_profile_changes_nothing(suite: Path) -> None:
    cfg = config.Config(suite)
    assert cfg['DEFAULTS']['docker_path'] == '/usr/bin/docker'
    assert cfg['a/t']['missing_msg'] == 'No such container'
    assert not any(name.startswith('engine:') for name in cfg)
    assert config.Config.loaded(suite).engines == ['docker', 'pod']


def test_a_profile_is_laid_over_defaults_and_sections(suite: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.ENGINE_ENV, 'pod')
    cfg = config.Config(suite)
    assert cfg['DEFAULTS']['engine'] == 'pod'
    assert cfg['a/t']['docker_path'] == '/usr/bin/podman'
    assert cfg['a/t']['missing_msg'] == 'no such container'
    assert cfg['a/t']['keep'] == 1


def test_the_defaults_option_chooses_too(suite: Path) -> None:
    (suite / 'config_custom').mkdir()
    (suite / 'config_custom' / 'defaults.ini').write_text('[DEFAULTS]\nengine = pod\n')
    # A custom [engine:pod] is laid over the bundled one, so the fault client can stand in front of podman.
    (suite / 'config_custom' / 'mine.ini').write_text('[engine:pod]\ndocker_path = /opt/fault\n')
    assert config.Config(suite)['a/t']['docker_path'] == '/opt/fault'


def test_an_unknown_profile_names_the_option_and_the_known_ones(suite: Path, monkeypatch) -> None:
    monkeypatch.setenv(config.ENGINE_ENV, 'rkt')
    with pytest.raises(DockerConfigError) as err:
        config.Config(suite)
    text = str(err.value)
    assert "option 'engine'" in text and '"rkt"' in text and 'known: docker, pod' in text


def test_an_override_of_a_missing_section_is_refused(suite: Path) -> None:
    (suite / 'config_defaults' / 'engines' / 'q.ini').write_text('[engine:pod a/nosuch]\nx = 1\n')
    with pytest.raises(DockerConfigError, match=r'q\.ini.*overrides \[a/nosuch\], but no file defines'):
        config.Config(suite)


def test_the_bundled_profiles_load() -> None:
    loaded = config.Config.loaded(REPO)
    assert loaded.engines == ['docker', 'podman', 'podman-api']
    assert loaded.engine == 'docker'


def test_engine_args_are_read_and_select_nothing() -> None:
    assert selection.engine_of(['docker_cli/version', 'engine=podman']) == 'podman'
    assert selection.engine_of(['docker_cli/version']) is None
    assert selection.parse_args(['engine=podman', 'docker_cli/version'])[0] == ['docker_cli/version']
    with pytest.raises(selection.SelectionError, match='engine= needs a profile name'):
        selection.engine_of(['engine='])


def test_the_matrix_folds_garbage_into_the_cell_and_writes_the_agreed_json(tmp_path: Path) -> None:
    grid = matrix.Matrix()
    grid.add_job('docker', [{'name': 'a/x', 'status': 'GOOD', 'reason': 'completed successfully'}])
    grid.add_job(
        'podman',
        [
            {'name': 'a/x', 'status': 'GOOD', 'reason': 'completed successfully'},
            {'name': 'a/x (garbage check)', 'status': 'FAIL', 'reason': 'a/x left behind: container c'},
        ],
    )
    grid.write(tmp_path)
    data = json.loads((tmp_path / 'matrix.json').read_text())
    assert data == {
        'profiles': ['docker', 'podman'],
        'rows': [
            {
                'subtest': 'a/x',
                'cells': {
                    'docker': {'status': 'GOOD', 'reason': ''},
                    'podman': {'status': 'FAIL', 'reason': 'a/x left behind: container c'},
                },
            }
        ],
    }
    assert '| a/x | GOOD | FAIL: a/x left behind: container c |' in (tmp_path / 'matrix.md').read_text()


def test_the_expected_file_is_compared_cell_by_cell(tmp_path: Path) -> None:
    path = tmp_path / 'expected.txt'
    path.write_text('# comment\nsubtest docker podman\na/x GOOD FAIL\na/y GOOD GOOD\n')
    grid = matrix.Matrix()
    grid.add_job('podman', [{'name': 'a/x', 'status': 'GOOD'}, {'name': 'a/z', 'status': 'GOOD'}])
    assert matrix.compare(grid, matrix.read_expected(path)) == [
        'a/x on podman: expected FAIL, got GOOD',
        'a/y on podman: expected GOOD, but it did not run',
        'a/z on podman: GOOD, but matrix-expected lists no status for it',
    ]
    path.write_text('subtest docker\na/x GOOD FAIL\n')
    with pytest.raises(ValueError, match=r'expected\.txt, line 2: 1 statuses expected'):
        matrix.read_expected(path)


def test_the_repository_lists_every_subtest_on_every_profile() -> None:
    expected = matrix.read_expected(REPO / 'matrix-expected.txt')
    assert sorted(expected) == sorted(selection.find_subtests(REPO / 'subtests'))
    assert all(sorted(cells) == ['docker', 'podman', 'podman-api'] for cells in expected.values())


def test_a_profile_names_the_api_socket_the_cross_checks_use(monkeypatch) -> None:
    from dockertest import docker_daemon

    monkeypatch.setenv('DOCKER_HOST', 'unix:///run/env.sock')
    assert docker_daemon.socket_path({'docker_api_socket': 'unix:///run/dockertest/podman.sock'}) == (
        '/run/dockertest/podman.sock'
    )
    assert docker_daemon.socket_path({'docker_api_socket': '/run/x.sock', 'docker_options': '-H tcp://h'}) == (
        '/run/x.sock'
    )
    assert docker_daemon.socket_path({'docker_api_socket': ''}) == '/run/env.sock'


def test_the_matrix_sets_aside_what_runs_alone_on_each_profile(suite: Path) -> None:
    for name in ('a/t', 'a/u', 'a/v'):
        (suite / 'subtests' / name).mkdir(parents=True)
        (suite / 'subtests' / name / f'{name[2:]}.py').write_text('')
    (suite / 'config_defaults' / 'u.ini').write_text('[a/u]\nrun_alone = yes\n\n[a/v]\nkeep = 2\n')
    with (suite / 'config_defaults' / 'engines' / 'p.ini').open('a') as ini:
        ini.write('\n[engine:pod a/v]\nrun_alone = yes\n')
    assert matrix.split_alone('docker', str(suite), '') == (['a/t', 'a/v'], ['a/u'])
    assert matrix.split_alone('pod', str(suite), '') == (['a/t'], ['a/u', 'a/v'])
    # A selection of the user's is kept: x= and names narrow both parts.
    assert matrix.split_alone('pod', str(suite), 'x=a/u') == (['a/t'], ['a/v'])
    assert matrix.split_alone('docker', str(suite), 'a/u,a/t') == (['a/t'], ['a/u'])
    with pytest.raises(selection.SelectionError, match='a/nope'):
        matrix.split_alone('docker', str(suite), 'a/nope')


def test_the_matrix_refuses_a_bad_number_of_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    assert matrix.main(['--jobs', '0']) == 2
    assert '--jobs 0: a whole number from 1 to 64' in capsys.readouterr().err
