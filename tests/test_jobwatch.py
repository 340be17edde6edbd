"""The console of dockertest run: a line per finished subtest, a progress line while one runs."""

from __future__ import annotations

import io
from pathlib import Path

from dockertest.jobwatch import Watcher

URL = 'docker/subtests/docker_cli/kill.test_1-of-2'
START = f'START\t----\t----\ttimestamp=1\tlocaltime=x\t\n\tSTART\t{URL}\t{URL}\ttimestamp=1\tlocaltime=x\t\n'
END = f'\t\tFAIL\t{URL}\t{URL}\ttimestamp=2\tlocaltime=x\tsignal 15 not seen\n\tEND FAIL\t{URL}\t{URL}\ttimestamp=2\tlocaltime=x\t\n'
GARBAGE = f'\tFAIL\t{URL}\tgarbage_check\ttimestamp=3\tlocaltime=x\tdocker_cli/kill left behind: container c1\n'


def test_a_terminal_gets_a_progress_line_then_the_finished_line(tmp_path: Path) -> None:
    status = tmp_path / 'status'
    out = io.StringIO()
    watcher = Watcher(str(status), 2, out, tty=True)
    watcher.poll()  # no status file yet
    assert out.getvalue() == ''
    status.write_text(START)
    watcher.progress_after = 0.0
    watcher.poll()
    assert out.getvalue().startswith('\r\033[K[1/2] docker_cli/kill running ')
    status.write_text(START + END[:30])  # a line still being written is left for the next look
    watcher.poll()
    assert watcher.done == 0
    status.write_text(START + END + GARBAGE)
    watcher.finish()
    lines = out.getvalue().split('\r\033[K')[-1].splitlines()
    assert lines[0].startswith('[1/2] docker_cli/kill FAIL ') and lines[0].endswith('s  signal 15 not seen')
    assert lines[1] == '      garbage check FAIL: docker_cli/kill left behind: container c1'
    assert watcher.counts == {'FAIL': 1}


def test_a_log_gets_a_still_running_line_now_and_then(tmp_path: Path) -> None:
    status = tmp_path / 'status'
    status.write_text(START)
    out = io.StringIO()
    watcher = Watcher(str(status), 2, out, tty=False)
    watcher.poll()
    assert out.getvalue() == ''
    watcher.quiet_interval = 0.0
    watcher.poll()
    assert out.getvalue().startswith('      ... [1/2] docker_cli/kill running ') and '\r' not in out.getvalue()
