"""``report.html``: one self-contained page per job, for people to look at.

The page needs nothing but itself (no network, no CDN, no other file): a header with the engine
profile, the client and server versions and the totals; a table of subtests with status, time and
reason, filtered by status with the buttons above it (or ``#status=FAIL`` in the address); a row opens
on a click to show its sub-subtests and the end of its log; and, when the job ran several engine
profiles (``matrix.json``), the matrix of subtests by engine.
"""

from __future__ import annotations

import html
import os
import time

from .jobreport import JobReport, SubtestResult, load_job

__all__ = ['REPORT_FILE', 'render', 'write_report']

#: The page's name in the results directory.
REPORT_FILE = 'report.html'

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}
.meta span{margin-right:1.5em}
table{border-collapse:collapse;width:100%;margin-top:.8em}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}
#subtests th:nth-child(2),#subtests th:nth-child(3){width:7em}
#subtests th:nth-child(1){width:30%}
tr.row{cursor:pointer}
tr.row:hover{background:#f8f8ff}
td.time,th.time{text-align:right;font-variant-numeric:tabular-nums}
.st{font-weight:600;padding:0 .4em;border-radius:3px}
.GOOD{color:#176f2c}.FAIL,.ERROR,.ABORT,.NOSTATUS{color:#b00020}.TEST_NA{color:#666}.WARN{color:#8a5a00}
.filters button{margin-right:.4em;padding:.2em .7em;border:1px solid #aaa;background:#fff;border-radius:3px}
.filters button[aria-pressed=true]{background:#333;color:#fff}
pre{background:#f6f6f6;padding:.6em;overflow:auto;max-height:24em;font-size:12px}
"""

_SCRIPT = """
function applyFilter(){
  var m=/status=([A-Z_]+)/.exec(location.hash), want=m?m[1]:'ALL';
  document.querySelectorAll('tbody.subtest').forEach(function(b){
    b.hidden=!(want==='ALL'||b.dataset.status===want);});
  document.querySelectorAll('.filters button').forEach(function(btn){
    btn.setAttribute('aria-pressed',String(btn.dataset.status===want));});
  document.getElementById('shown').textContent=
    document.querySelectorAll('tbody.subtest:not([hidden])').length;
}
document.querySelectorAll('.filters button').forEach(function(btn){
  btn.addEventListener('click',function(){location.hash='status='+btn.dataset.status;});});
document.querySelectorAll('tr.row').forEach(function(row){
  row.addEventListener('click',function(){
    var d=row.nextElementSibling; d.hidden=!d.hidden;
    row.setAttribute('aria-expanded',String(!d.hidden));});});
window.addEventListener('hashchange',applyFilter);
applyFilter();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _status(status: str) -> str:
    return f'<span class="st {_e(status)}">{_e(status)}</span>'


def _row(index: int, row: SubtestResult) -> str:
    children = ''.join(f'<li>{_e(name)} {_status(status)}</li>' for name, status in row.subsubtests)
    details = (f'<h4>Sub-subtests</h4><ul>{children}</ul>' if children else '') + (
        f'<h4>Log excerpt</h4><pre>{_e(row.log)}</pre>' if row.log else '<p>No log.</p>'
    )
    return (
        f'<tbody class="subtest" data-status="{_e(row.status)}">'
        f'<tr class="row" id="subtest-{index}" aria-expanded="false"><td class="name">{_e(row.name)}</td>'
        f'<td>{_status(row.status)}</td><td class="time">{row.seconds:.1f}s</td><td>{_e(row.reason)}</td></tr>'
        f'<tr class="details" hidden><td colspan="4">{details}</td></tr></tbody>'
    )


def _matrix(matrix: dict) -> str:
    profiles = [str(p) for p in matrix.get('profiles', [])]
    if len(profiles) < 2:
        return ''
    head = ''.join(f'<th>{_e(p)}</th>' for p in profiles)
    body = []
    for row in matrix.get('rows', []):
        cells = row.get('cells', {})
        tds = []
        for profile in profiles:
            cell = cells.get(profile) or {}
            status = str(cell.get('status', ''))
            tds.append(f'<td title="{_e(cell.get("reason", ""))}">{_status(status) if status else ""}</td>')
        body.append(f'<tr><td>{_e(row.get("subtest", ""))}</td>{"".join(tds)}</tr>')
    return (
        f'<h2>Engines</h2><table class="matrix"><thead><tr><th>subtest</th>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table>'
    )


def render(job: JobReport) -> str:
    """The page of ``job``, as text."""
    totals = job.totals
    statuses = sorted(totals)
    buttons = ''.join(
        f'<button type="button" data-status="{_e(s)}">{_e(s)} ({totals[s]})</button>' for s in ['ALL', *statuses]
    ).replace('ALL (0)', f'all ({len(job.subtests)})')
    when = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(job.started)) if job.started else '?'
    summary = ', '.join(f'{totals[s]} {s}' for s in statuses) or 'nothing ran'
    rows = ''.join(_row(i, row) for i, row in enumerate(job.subtests, 1))
    engine = job.engine
    matrix = _matrix(job.matrix) if isinstance(job.matrix, dict) else ''
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dockertest job {_e(job.tag)}</title><style>{_STYLE}</style></head>
<body>
<header><h1>dockertest job {_e(job.tag)}</h1>
<div class="meta"><span>engine: <b id="engine">{_e(engine.get('profile', '?'))}</b></span>
<span>client: <b id="client">{_e(engine.get('client', '?'))}</b></span>
<span>server: <b id="server">{_e(engine.get('server', '?'))}</b></span>
<span>started: {_e(when)}</span></div>
<p class="totals">Totals: <b id="totals">{_e(summary)}</b></p></header>
<main><div class="filters">Show: {buttons} <span><span id="shown"></span> shown; click a row for its sub-subtests and log</span></div>
<table id="subtests"><thead><tr><th>subtest</th><th>status</th><th class="time">time</th><th>reason</th></tr></thead>
{rows}</table>
{matrix}</main>
<script>{_SCRIPT}</script>
</body></html>
"""


def write_report(resultdir: str) -> str:
    """Write ``report.html`` for the job in ``resultdir`` and return its path.

    Raises:
        OSError: the job's ``status`` log cannot be read or the page cannot be written.
    """
    path = os.path.join(resultdir, REPORT_FILE)
    with open(path, 'w', encoding='utf-8') as out:
        out.write(render(load_job(resultdir)))
    return path
