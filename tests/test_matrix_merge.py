"""dockertest.matrix_merge: several jobs (hosts, engines) into one matrix, a column per host/engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fleet_jobs import run_job

from dockertest import matrix_merge


@pytest.fixture(scope='module')
def two_hosts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two real jobs: hostA all GOOD, hostB with a FAIL, a TEST_NA and a subtest hostA did not run."""
    root = tmp_path_factory.mktemp('jobs')
    a = run_job(root / 'a', root / 'hostA', {'docker_cli/version': 'GOOD', 'example': 'GOOD'})
    b = run_job(
        root / 'b', root / 'hostB', {'docker_cli/version': 'FAIL', 'example': 'TEST_NA', 'docker_cli/tag': 'GOOD'}
    )
    return a, b


def test_merge_of_two_jobs_has_a_row_per_subtest_and_a_column_per_host(two_hosts, tmp_path) -> None:
    a, b = two_hosts
    assert matrix_merge.main(['merge', '-o', str(tmp_path), str(a), f'hostB/podman={b}']) == 0
    data = json.loads((tmp_path / 'matrix.json').read_text())
    assert data['profiles'] == ['hostA/docker', 'hostB/podman']
    rows = {row['subtest']: row['cells'] for row in data['rows']}
    assert list(rows) == ['docker_cli/version', 'example', 'docker_cli/tag']
    assert rows['docker_cli/version']['hostA/docker']['status'] == 'GOOD'
    assert rows['docker_cli/version']['hostB/podman'] == {'status': 'FAIL', 'reason': 'docker_cli/version broke'}
    assert rows['example']['hostB/podman'] == {'status': 'TEST_NA', 'reason': 'no example'}
    assert 'hostA/docker' not in rows['docker_cli/tag']
    md = (tmp_path / 'matrix.md').read_text()
    assert '| subtest | hostA/docker | hostB/podman |' in md
    assert '| docker_cli/tag | - | GOOD |' in md
    assert '- docker_cli/version on hostB/podman: FAIL: docker_cli/version broke' in md
    assert 'hostA/docker: GOOD' not in md


def test_a_jobs_matrix_json_gives_a_column_per_profile(two_hosts, tmp_path) -> None:
    a, _ = two_hosts
    multi = tmp_path / 'web1' / 'results' / 'default'
    multi.mkdir(parents=True)
    (multi / 'matrix.json').write_text(
        json.dumps(
            {
                'profiles': ['docker', 'podman'],
                'rows': [
                    {
                        'subtest': 'example',
                        'cells': {
                            'docker': {'status': 'GOOD', 'reason': ''},
                            'podman': {'status': 'WARN', 'reason': 'w'},
                        },
                    }
                ],
            }
        )
    )
    matrix = matrix_merge.merge([str(multi), f'hostA={a}'])
    assert matrix.columns == ['web1/docker', 'web1/podman', 'hostA/docker']
    assert matrix.rows['example']['web1/podman'] == {'status': 'WARN', 'reason': 'w'}


@pytest.mark.parametrize(
    ('make', 'message'),
    [
        (lambda d: None, 'no such results directory or file'),
        (lambda d: d.mkdir(), 'neither status.json nor matrix.json'),
        (lambda d: (d.mkdir(), (d / 'status.json').write_text('{')), 'status.json: not JSON'),
        (lambda d: (d.mkdir(), (d / 'status.json').write_text('{"tests": 1}')), 'no "tests" list'),
        (lambda d: (d.mkdir(), (d / 'matrix.json').write_text('{"rows": []}')), 'expected {"profiles"'),
    ],
)
def test_bad_input_gets_one_message_naming_the_file(tmp_path, capsys, make, message) -> None:
    make(tmp_path / 'bad')
    assert matrix_merge.main(['merge', '-o', str(tmp_path / 'out'), str(tmp_path / 'bad')]) == 2
    err = capsys.readouterr().err
    assert err.startswith('dockertest report merge: ') and message in err and str(tmp_path / 'bad') in err
    assert err.count('\n') == 1 and not (tmp_path / 'out').exists()


def test_two_jobs_with_the_same_column_are_refused(two_hosts, tmp_path, capsys) -> None:
    a, _ = two_hosts
    assert matrix_merge.main(['merge', '-o', str(tmp_path), str(a), str(a)]) == 2
    assert 'both give the column hostA/docker' in capsys.readouterr().err
