"""The event-line parser of docker_cli/events against the line grammars of docker-cli-today.md section 3.5."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / 'subtests' / 'docker_cli' / 'events' / 'events.py'
SPEC = importlib.util.spec_from_file_location('events_subtest_under_test', SOURCE)
EVENTS = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(EVENTS)
CID = 'a8f938c4b37ed3a643e703b5bcb20b257be6a7d81a4a33238778ac139582e778'


def test_todays_lines_parse() -> None:
    text = f"""2026-11-24T23:36:17.035989261Z container create {CID} (image=localhost/busybox, name=peers-run1)
2026-11-24T23:36:17.102822931Z network connect 1f03cdfbbad5 (container={CID}, name=bridge, type=bridge)
2026-11-24T23:43:51.617831748Z container exec_create: /bin/sh -c true d5e4ea3474a5 (execID=e7ab, name=peers-health)
2026-11-24T23:45:01.762488378+01:00 container kill {CID} (image=localhost/busybox, name=peers-run1, signal=15)
2026-11-24T23:50:00.000000001Z builder prune  (reclaimed=96)
"""
    events, bad = EVENTS.parse_events(text)
    assert bad == []
    assert events == [
        ('container', 'create', CID),
        ('network', 'connect', '1f03cdfbbad5'),
        ('container', 'exec_create: /bin/sh -c true', 'd5e4ea3474a5'),
        ('container', 'kill', CID),
        ('builder', 'prune', ''),
    ]


def test_podman_go_time_lines_parse() -> None:
    line = f'2026-11-24 23:41:38.918465728 +0000 UTC container create {CID} (image=localhost/busybox, name=p1)'
    assert EVENTS.parse_events(line) == ([('container', 'create', CID)], [])


def test_2014_lines_and_garbage_are_unparseable() -> None:
    text = f'[2014-02-21 16:44:04 -0800 PST] {CID}: (from image:tag) start\n\nnot an event\n'
    events, bad = EVENTS.parse_events(text)
    assert events == []
    assert bad == [f'[2014-02-21 16:44:04 -0800 PST] {CID}: (from image:tag) start', 'not an event']
