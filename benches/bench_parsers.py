"""Does the Rust core earn its place? Each figure next to references measured in the same process.

For each case the benchmark prints the median of several timed runs of the core, of a
straightforward pure-Python implementation of the same parse written below, and, for the per-call
APIs, of the floor: calling the extension's no-op function (``dockertest._core.noop``) the same
number of times from the same loop. The ratio column is the core's median over the reference's
(or the floor's), and the target column says what the ratio must stay under on this machine.

Cases: a tabwriter-aligned ``docker ps -a --no-trunc`` table of 1,000 and 10,000 rows
(``TextTable``, and the container listing built on it); ``DockerImage.split_to_component`` and
``DockerImage(full name, ...)`` on 100,000 image names of six shapes; and the memory held by
100,000 ``DockerImage`` objects against a pure-Python ``__slots__`` class with the same fields
(growth of the resident set, read from ``/proc/self/statm``, and its peak above the start, from
``VmHWM`` in ``/proc/self/status``, in a fresh child process for each, so that memory the Rust side
allocates with ``malloc`` counts as much as Python's own).

Every reference must give the same results as the core on the same input; the benchmark checks that
before timing. It prints figures and asserts nothing about time. Run with ``make bench``.

Times are the CPU time of the benchmark's own thread (``--clock cpu``, the default): the machine is
shared, and on a loaded machine a run of 15 ms is preempted by other processes where a run of
1.5 ms mostly is not, so wall-clock medians would grow with the load rather than with the work.
``--clock wall`` measures wall-clock time instead. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time
from typing import Callable

from dockertest import _core
from dockertest.containers import DockerContainersBase
from dockertest.images import DockerImage
from dockertest.output import TextTable

STATUSES = [
    'Up 2 seconds',
    'Exited (0) About a minute ago',
    'Created',
    'Up 3 seconds (healthy)',
    'Exited (137) 1 second ago',
]
COMMANDS = ['"sleep 600"', '"sh -c \'while true; do sleep 1; done\'"', '"true"', '"/bin/sh -c \'echo  hi; exit 3\'"']
PORTS = ['', '127.0.0.1:18080->80/tcp, 127.0.0.1:18443->443/udp', '0.0.0.0:5000->5000/tcp']
LONG_ID = 'sha256:' + 'a' * 64


def ps_table(rows: int, rng: random.Random) -> str:
    """A tabwriter-aligned ``docker ps -a --no-trunc`` table (padding 3, minwidth 10)."""
    header = ('CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES')
    data = [
        (
            f'{rng.getrandbits(256):064x}',
            rng.choice(['localhost/busybox', 'localhost:5000/test/busybox:latest', 'peers-img:v1']),
            rng.choice(COMMANDS),
            f'{rng.randint(2, 59)} seconds ago',
            rng.choice(STATUSES),
            rng.choice(PORTS),
            f'bench-{i}',
        )
        for i in range(rows)
    ]
    table = [header, *data]
    widths = [max(10, max(len(r[c]) for r in table) + 3) for c in range(len(header))]
    return '\n'.join(''.join(cell.ljust(w) for cell, w in zip(r[:-1], widths)) + r[-1] for r in table) + '\n'


def image_names(count: int, rng: random.Random) -> list[str]:
    """Image names of every shape: bare, tagged, user, registry with port, dotted registry, IP."""
    shapes = [
        'fedora',
        'fedora:{n}',
        'user{n}/repo:tag',
        'localhost:5000/test/busybox{n}:latest',
        'registry.example.local/ns/img-{n}:v1.{n}',
        '192.168.122.245:5000/fedora:{n}',
    ]
    return [rng.choice(shapes).format(n=i) for i in range(count)]


# --- the pure-Python references -------------------------------------------------------------------

#: A column name: non-blank text in which single blanks may occur.
_COLUMN = re.compile(r'\S+(?:\s\S+)*')
#: The image-name grammar, as the original wrote it.
_FULL_NAME = re.compile(
    r'^(?:(?P<repo_addr>\S+?(?::\d+)?)/)?'
    r'(?:(?P<user>[A-Za-z0-9_\-.+]+)/)?'
    r'(?P<repo>[A-Za-z0-9_\-.]+)'
    r'(?::(?P<tag>[A-Za-z0-9_\-.]*))?$'
)


def py_table(text: str) -> list[dict[str, str | None]]:
    """A plain slicing parser: header offsets, rows cut at them, duplicate rows refused."""
    lines = text.strip().splitlines()
    names, starts = [], []
    for match in _COLUMN.finditer(lines[0]):
        names.append(match.group())
        starts.append(match.start())
    bounds = list(zip(starts, [*starts[1:], None]))
    rows, seen = [], set()
    for line in lines[1:]:
        line = line.rstrip()
        cells = tuple(None if (v := line[s:e].strip()) in ('', '<none>') else v for s, e in bounds)
        if cells in seen:
            raise ValueError(f'duplicate row {cells}')
        seen.add(cells)
        rows.append(dict(zip(names, cells)))
    return rows


def py_split(full_name: str) -> tuple[str | None, ...]:
    """``(repo, tag, repo_addr, user)`` with the original's regular expression."""
    name = full_name.strip().removesuffix(':<none>')
    if name == '<none>':
        return (None, None, None, None)
    match = _FULL_NAME.match(name)
    if match is None:
        raise ValueError(full_name)
    repo, tag, addr, user = match.group('repo', 'tag', 'repo_addr', 'user')
    if user is None and addr is not None and ':' not in addr and '.' not in addr:
        addr, user = None, addr
    return (repo, tag, addr, user)


class PyImage:
    """A pure-Python image holding the same fields as the core's ``DockerImage``.

    Like the core, it stores the name parts, the ids and the two cells, and joins the full name
    only when asked for it, so that both sides do the same work when an image is made.
    """

    __slots__ = ('created', 'long_id', 'repo', 'repo_addr', 'short_id', 'size', 'tag', 'user')

    def __init__(self, repo: str, tag: str | None, long_id: str, created: str | None, size: str | None):
        self.repo, self.tag, self.repo_addr, self.user = py_split(repo)
        if tag is not None:
            self.tag = tag
        self.long_id = long_id
        self.short_id = long_id.split(':', 1)[-1][:12] if long_id.find(':') >= 3 else long_id[:12]
        self.created = created
        self.size = size

    @property
    def full_name(self) -> str | None:
        """``addr/user/repo:tag``, joined from the parts."""
        if self.repo is None:
            return None
        name = '/'.join(p for p in (self.repo_addr, self.user, self.repo) if p is not None)
        return name if self.tag is None else f'{name}:{self.tag}'


# --- measuring ------------------------------------------------------------------------------------


#: The clock of every figure: the thread's CPU time, or wall-clock time with ``--clock wall``.
clock: Callable[[], float] = time.thread_time


def medians(runs: int, **cases: Callable[[], object]) -> dict[str, float]:
    """The median time of each case in seconds, over ``runs`` rounds that run every case once in
    turn, so that a busy machine slows the core and its references alike. A case's result is
    dropped inside its timing, so freeing what it made counts too."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            start = clock()
            fn()
            times[name].append(clock() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def line(label: str, items: int, secs: float, ref_label: str, ref: float, target: str) -> str:
    """One row: the core's time, a reference's time, their ratio and the target."""
    ratio = secs / ref
    return (
        f'{label:<44} {items:>7} {secs * 1000:>9.2f} ms   {ref_label:<24} {ref * 1000:>9.2f} ms'
        f'   {ratio:>6.2f}x  (target {target})'
    )


def table_cases(runs: int, rng: random.Random) -> None:
    """TextTable and the container listing on 1,000 and 10,000 rows, and the growth between them."""
    core_times = {}
    for rows in (1_000, 10_000):
        text = ps_table(rows, rng)
        assert TextTable(text)[:] == py_table(text), 'the reference parses the table differently'
        got = medians(
            runs,
            core=lambda t=text: TextTable(t),
            ref=lambda t=text: py_table(t),
            listing=lambda t=text: DockerContainersBase.containers_from_table(t),
        )
        core_times[rows] = got['core']
        label = f'TextTable, ps -a --no-trunc, {rows} rows'
        print(line(label, rows, got['core'], 'pure-Python slicing', got['ref'], '<= 0.25x'))
        print(line(f'container listing, {rows} rows', rows, got['listing'], 'pure-Python slicing', got['ref'], 'none'))
    growth = core_times[10_000] / core_times[1_000]
    print(f'{"TextTable, 10,000 rows over 1,000 rows":<44} {growth:>50.2f}x time for 10x rows (target <= 11x)')


def each(fn: Callable[..., object], names: list[str], *rest: object) -> Callable[[], None]:
    """A case calling ``fn(name, *rest)`` for every name, from the same loop for every ``fn``."""

    def run() -> None:
        for name in names:
            fn(name, *rest)

    return run


def name_cases(runs: int, names: list[str]) -> None:
    """split_to_component and DockerImage(...) on every name, against the floor and pure Python."""
    split, noop = DockerImage.split_to_component, _core.noop
    assert [split(n) for n in names] == [py_split(n) for n in names], 'the reference splits differently'
    count = len(names)
    got = medians(runs, core=each(split, names), floor=each(noop, names), ref=each(py_split, names))
    print(line(f'split_to_component, {count} names', count, got['core'], 'no-op floor', got['floor'], '<= 1.5x'))
    print(line('', count, got['core'], 'pure-Python regex split', got['ref'], 'none'))

    fields = ('repo', 'tag', 'repo_addr', 'user', 'full_name', 'long_id', 'short_id', 'created', 'size')
    for name in names[:2000]:
        core_img, ref_img = DockerImage(name, None, LONG_ID, None, None), PyImage(name, None, LONG_ID, None, None)
        assert [getattr(core_img, f) for f in fields] == [getattr(ref_img, f) for f in fields], name
    args = (None, LONG_ID, None, None)
    got = medians(
        runs, core=each(DockerImage, names, *args), floor=each(noop, names, *args), ref=each(PyImage, names, *args)
    )
    label = f'DockerImage(name, ...), {count} names'
    print(line(label, count, got['core'], 'pure-Python __slots__', got['ref'], '<= 0.6x'))
    print(line('', count, got['core'], 'no-op floor', got['floor'], 'none'))


#: Run in a fresh interpreter: the resident-set growth of holding COUNT images of one kind.
_MEMORY_CHILD = """
import sys
sys.path[:0] = [{bench_dir!r}]
import bench_parsers as b
from dockertest.images import DockerImage
kind, count = sys.argv[1], int(sys.argv[2])
names = b.image_names(count, b.random.Random(20141124))
cls = DockerImage if kind == 'core' else b.PyImage
page = __import__('os').sysconf('SC_PAGE_SIZE')
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * page
before = rss()
held = [cls(n, None, 'sha256:' + 'a' * 64, None, None) for n in names]
with open('/proc/self/status') as f:
    peak = next(int(l.split()[1]) * 1024 for l in f if l.startswith('VmHWM:'))
print(rss() - before, peak - before)
"""


def memory_case(count: int) -> None:
    from pathlib import Path

    code = _MEMORY_CHILD.format(bench_dir=str(Path(__file__).resolve().parent))
    grown, peak = {}, {}
    for kind in ('core', 'python'):
        runs = [subprocess.check_output([sys.executable, '-c', code, kind, str(count)]).split() for _ in range(3)]
        grown[kind] = statistics.median(int(r[0]) for r in runs)
        peak[kind] = statistics.median(int(r[1]) for r in runs)
    for label, got, what in (('held', grown, 'RSS growth'), ('peak', peak, 'peak RSS over start')):
        ratio = got['core'] / got['python']
        print(
            f'{"DockerImage, memory " + label + " by " + str(count):<44} {count:>7} {got["core"] / 2**20:>9.2f} MB   '
            f'{"pure-Python __slots__":<24} {got["python"] / 2**20:>9.2f} MB   {ratio:>6.2f}x  (target <= 1x; {what})'
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=7, help='timed runs per figure (default 7)')
    parser.add_argument('--names', type=int, default=100_000, help='image names (default 100000)')
    parser.add_argument('--clock', choices=('cpu', 'wall'), default='cpu', help="the thread's CPU time or wall-clock")
    args = parser.parse_args()
    global clock
    clock = time.thread_time if args.clock == 'cpu' else time.perf_counter
    rng = random.Random(20141124)
    load = ' '.join(f'{v:.2f}' for v in os.getloadavg())
    print(f'python {sys.version.split()[0]}, median of {args.runs} runs, {args.clock} time, load average {load}')
    print(f'{"case":<44} {"items":>7} {"core":>12}   {"reference":<24} {"":>12}   {"ratio":>7}')
    table_cases(args.runs, rng)
    name_cases(args.runs, image_names(args.names, rng))
    memory_case(args.names)
    print(f'load average after: {" ".join(f"{v:.2f}" for v in os.getloadavg())}')


if __name__ == '__main__':
    main()
