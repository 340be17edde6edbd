"""Throughput of the parsers, measured through the Python API.

Prints rows (or names) per second for a synthetic ``docker ps -a --no-trunc`` table of 1,000 and
10,000 rows, and for splitting 100,000 image names. Run with ``make bench-parsers``.
"""

from __future__ import annotations

import random
import time
from typing import Callable

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
    """Image names of every shape: bare, tagged, user, registry with port, sha256-less ids."""
    shapes = [
        'fedora',
        'fedora:{n}',
        'user{n}/repo:tag',
        'localhost:5000/test/busybox{n}:latest',
        'registry.example.local/ns/img-{n}:v1.{n}',
        '192.168.122.245:5000/fedora:{n}',
    ]
    return [rng.choice(shapes).format(n=i) for i in range(count)]


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeat`` timed runs, in seconds."""
    best = float('inf')
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = random.Random(20141124)
    print(f'{"case":<52} {"items":>8} {"seconds":>9} {"items/s":>12}')
    for rows in (1_000, 10_000):
        text = ps_table(rows, rng)
        cases = [
            (f'TextTable, docker ps -a --no-trunc, {rows} rows', lambda t=text: TextTable(t)),
            (f'DockerContainers listing, {rows} rows', lambda t=text: DockerContainersBase.containers_from_table(t)),
        ]
        for label, fn in cases:
            assert len(fn()) == rows
            secs = best_of(5, fn)
            print(f'{label:<52} {rows:>8} {secs:>9.4f} {rows / secs:>12,.0f}')
    names = image_names(100_000, rng)

    def split_all() -> None:
        for name in names:
            DockerImage.split_to_component(name)

    def build_all() -> None:
        for name in names:
            DockerImage(name, None, 'sha256:' + 'a' * 64, None, None)

    for label, fn in [
        ('DockerImage.split_to_component, 100000 names', split_all),
        ('DockerImage(full name), 100000 names', build_all),
    ]:
        secs = best_of(3, fn)
        print(f'{label:<52} {len(names):>8} {secs:>9.4f} {len(names) / secs:>12,.0f}')


if __name__ == '__main__':
    main()
