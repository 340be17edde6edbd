"""dockertest.tmt_results: tmt's custom results file, one result per subtest, with logs and the job's report."""

from __future__ import annotations

import json
from pathlib import Path

from fleet_jobs import run_job

from dockertest import tmt_results


def test_every_subtest_is_its_own_result_with_its_log_and_the_report(tmp_path: Path) -> None:
    data = tmp_path / 'data'
    job = run_job(tmp_path, data / 'jobs' / 'podman', {'example': 'GOOD', 'docker_cli/rm': 'FAIL', 'x/na': 'TEST_NA'})
    status = json.loads((job / 'status.json').read_text())
    status['records'].append(
        {
            'operation': 'garbage_check',
            'status_code': 'FAIL',
            'subdir': 'docker/subtests/example.test_1-of-3',
            'message': 'example left behind: container c1; removed',
        }
    )
    (job / 'status.json').write_text(json.dumps(status))
    assert tmt_results.main([str(data), f'podman={job}']) == 0
    results = json.loads((data / 'results.json').read_text())
    by_name = {r['name']: r for r in results}
    assert list(by_name) == [
        '/podman/example',
        '/podman/docker_cli/rm',
        '/podman/x/na',
        '/podman/example/garbage-check',
    ]
    assert [r['result'] for r in results] == ['pass', 'fail', 'skip', 'fail']
    assert by_name['/podman/docker_cli/rm']['note'] == ['FAIL: docker_cli/rm broke']
    assert by_name['/podman/x/na']['note'] == ['TEST_NA: no x/na']
    assert by_name['/podman/example/garbage-check']['note'] == ['FAIL: example left behind: container c1; removed']
    first = by_name['/podman/example']
    # hh:mm:ss of a subtest that does nothing: well under a minute, whatever the machine's load.
    hours, minutes, seconds = (int(part) for part in first['duration'].split(':'))
    assert first['note'] == [] and len(first['duration']) == 8 and (hours, minutes) == (0, 0) and seconds < 30
    assert first['log'][0].endswith('example.test_1-of-3/debug/example.test_1-of-3.DEBUG')
    assert [Path(p).name for p in first['log'][1:]] == ['status.json', 'junit.xml']
    assert all((data / p).is_file() for r in results for p in r['log'])


def test_a_job_without_status_is_one_error_result(tmp_path: Path) -> None:
    (tmp_path / 'jobs' / 'default' / 'results' / 'default').mkdir(parents=True)
    assert tmt_results.main([str(tmp_path), f'={tmp_path / "jobs" / "default" / "results" / "default"}']) == 0
    [result] = json.loads((tmp_path / 'results.json').read_text())
    assert result['name'] == '/' and result['result'] == 'error' and 'left no' in result['note'][0]


def test_results_outside_the_data_directory_are_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / 'data').mkdir()
    assert tmt_results.main([str(tmp_path / 'data'), str(tmp_path)]) == 2
    assert 'not under the test data directory' in capsys.readouterr().err
    assert not (tmp_path / 'data' / 'results.json').exists()
