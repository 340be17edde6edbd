"""report.html from a results directory: header, rows, sub-subtests, escaping and the engines matrix."""

from __future__ import annotations

import json
from pathlib import Path

from dockertest import htmlreport, jobreport

SUBDIR = 'docker/subtests/docker_cli/rmi.test_1-of-2'
OTHER = 'docker/subtests/example.test_2-of-2'
STATUS = f"""START\t----\t----\ttimestamp=1000\tlocaltime=Nov 30 10:00:00\t
\tSTART\t{SUBDIR}\t{SUBDIR}\ttimestamp=1000\ttimeout=600\tlocaltime=Nov 30 10:00:00\t
\t\tFAIL\t{SUBDIR}\t{SUBDIR}\ttimestamp=1004\tlocaltime=Nov 30 10:00:04\tSub-subtest failures: <script>x</script>
\tEND FAIL\t{SUBDIR}\t{SUBDIR}\ttimestamp=1004\tlocaltime=Nov 30 10:00:04\t
\tFAIL\t{SUBDIR}\tgarbage_check\ttimestamp=1005\tlocaltime=Nov 30 10:00:05\tdocker_cli/rmi left behind: container abc; removed
\tSTART\t{OTHER}\t{OTHER}\ttimestamp=1005\ttimeout=600\tlocaltime=Nov 30 10:00:05\t
\t\tGOOD\t{OTHER}\t{OTHER}\ttimestamp=1005\tlocaltime=Nov 30 10:00:05\tcompleted successfully
\tEND GOOD\t{OTHER}\t{OTHER}\ttimestamp=1005\tlocaltime=Nov 30 10:00:05\t
END GOOD\t----\t----\ttimestamp=1006\tlocaltime=Nov 30 10:00:06\t
"""
MATRIX = {
    'profiles': ['docker', 'podman'],
    'rows': [{'subtest': 'docker_cli/rmi', 'cells': {'docker': {'status': 'GOOD', 'reason': ''},
                                                    'podman': {'status': 'FAIL', 'reason': 'rmi -f refused'}}}],
}  # fmt: skip


def job(tmp_path: Path) -> Path:
    (tmp_path / 'status').write_text(STATUS, encoding='utf-8')
    (tmp_path / 'summary.json').write_text(json.dumps([{'name': 'docker_cli/rmi', 'seconds': 4.25}]))
    (tmp_path / jobreport.ENGINE_FILE).write_text(
        json.dumps({'profile': 'docker', 'client': '28.2', 'server': '20.10'})
    )
    (tmp_path / SUBDIR / 'debug').mkdir(parents=True)
    (tmp_path / SUBDIR / 'keyval').write_text('version=1\nsubsubtest_results=only_tag=GOOD,with_force=FAIL\n')
    (tmp_path / SUBDIR / 'debug' / 'rmi.test_1-of-2.INFO').write_text('line one\nremoving the image failed\n')
    return tmp_path


def test_the_job_read_back(tmp_path: Path) -> None:
    report = jobreport.load_job(str(job(tmp_path)))
    assert [(r.name, r.status) for r in report.subtests] == [
        ('docker_cli/rmi', 'FAIL'),
        ('docker_cli/rmi (garbage check)', 'FAIL'),
        ('example', 'GOOD'),
    ]
    rmi = report.subtests[0]
    assert rmi.seconds == 4.25 and rmi.reason == 'Sub-subtest failures: <script>x</script>'
    assert rmi.subsubtests == [('only_tag', 'GOOD'), ('with_force', 'FAIL')]
    assert rmi.log.endswith('removing the image failed')
    assert report.totals == {'FAIL': 2, 'GOOD': 1}


def test_the_page(tmp_path: Path) -> None:
    page = Path(htmlreport.write_report(str(job(tmp_path)))).read_text(encoding='utf-8')
    assert '<b id="client">28.2</b>' in page and '<b id="server">20.10</b>' in page
    assert '<b id="totals">2 FAIL, 1 GOOD</b>' in page
    assert '<script>x</script>' not in page and '&lt;script&gt;x&lt;/script&gt;' in page
    assert 'with_force <span class="st FAIL">FAIL</span>' in page
    assert 'src=' not in page and 'href=' not in page and '<link' not in page, 'the page must load nothing'
    assert 'class="matrix"' not in page


def test_the_engines_matrix_shows_when_several_profiles_ran(tmp_path: Path) -> None:
    (job(tmp_path) / jobreport.MATRIX_FILE).write_text(json.dumps(MATRIX))
    page = htmlreport.render(jobreport.load_job(str(tmp_path)))
    matrix = page[page.index('class="matrix"') :]
    assert '<th>docker</th><th>podman</th>' in matrix
    assert '<td title="rmi -f refused"><span class="st FAIL">FAIL</span></td>' in matrix
