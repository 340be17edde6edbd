"""Parallel subtests: several subtests of one job at the same time on one engine.

How many run at once comes from the ``--args`` token ``j=N`` or, without it, from the ``jobs``
option of ``control.ini``'s ``[Control]`` section (``config_custom/`` over ``config_defaults/``);
1, the default, is serial. A subtest whose config sets ``run_alone = yes`` (it counts every container
on the engine, or removes the shared test image for a moment) waits until the others are done and
runs with nothing else.

The order subtests *start* in is not the queue's: those that run alone go first, one by one, then
the rest longest first by the seconds each took last time (:func:`start_order`; a subtest never
timed counts as long), so the long ones do not end up last. The order of the results is the
queue's whatever the start order.

Each subtest runs in a worker: a fork of the job process that runs the test (``job.run_test``, which
forks the test itself as always) and then the work the control file gives it (the garbage check).
A worker writes its status records into a file of its own (``debug/parallel/<N>.status``) instead of
the job's ``status``, and its job state is detached from the state file, so workers never write over
each other. The job process starts workers, and hands each finished subtest to the control file **in
queue order**: its status records are appended to the job's ``status`` then, so the results have the
layout and order of a serial run, and each subtest's own log stays in its own directory.

When the queue is done (or stopped), ``debug/parallel/timeline.json`` holds when each subtest
started and ended, in seconds from the start of the queue (:func:`timeline`), so a benchmark can
tell where the time went.

If the job process is stopped while workers run, they are stopped with it (SIGTERM, which each
worker passes on to its test's whole session).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import selection

__all__ = [
    'MAX_JOBS',
    'JobsError',
    'Task',
    'jobs_setting',
    'load_durations',
    'run',
    'save_durations',
    'set_aside',
    'start_order',
    'timeline',
]

LOG = logging.getLogger(__name__)
MAX_JOBS = 64
#: How often the job process looks at its workers (seconds).
POLL = 0.05
#: Seconds a stopped worker gets to stop its test before it is killed.
STOP_GRACE = 10.0


class JobsError(ValueError):
    """A bad ``j=`` token or ``jobs`` option; the message names where it came from."""


def _parse(text: str, where: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_JOBS:
        raise JobsError(
            f'{where}: the number of subtests run at once must be a whole number from 1 to {MAX_JOBS}, not {text!r}'
        )
    return value


def jobs_setting(args: Iterable[str], suite_dir: str | os.PathLike) -> int:
    """How many subtests run at once: the last ``j=N`` of ``args``, else ``[Control] jobs``, else 1.

    Raises:
        JobsError: the value is not a whole number from 1 to :data:`MAX_JOBS`, or control.ini cannot
            be read; the message names the token or the file, section and option.
    """
    tokens = [arg.strip() for arg in args if arg.strip().startswith('j=')]
    if tokens:
        return _parse(tokens[-1][2:], f'--args {tokens[-1]}')
    jobs = 1
    for path in selection.control_files(suite_dir):
        try:
            options = selection.read_control_options(path)
        except selection.SelectionError as err:
            raise JobsError(str(err)) from err
        if 'jobs' in options:
            jobs = _parse(options['jobs'], f'{path} [Control] jobs')
    return jobs


@dataclass
class Task:
    """One subtest of the queue.

    Attributes:
        index: its place in the queue (1-based), which fixes the order of the results.
        name: the subtest (``docker_cli/tag``).
        subdir: its results directory, relative to the job's.
        alone: it must run with no other subtest.
    """

    index: int
    name: str
    subdir: str
    alone: bool = False


def start_order(tasks: Sequence[Task], durations: dict[str, float]) -> list[Task]:
    """The order to start ``tasks`` in: those that run alone first (in queue order), then the others
    longest first by ``durations`` (name to seconds), the untimed ones counting as the longest."""
    alone = [task for task in tasks if task.alone]
    others = [task for task in tasks if not task.alone]
    others.sort(key=lambda task: -durations.get(task.name, float('inf')))
    return alone + others


def load_durations(path: str) -> dict[str, float]:
    """The seconds each subtest took, as :func:`save_durations` kept them; empty when unreadable."""
    try:
        with open(path, encoding='utf-8') as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.items() if isinstance(v, (int, float))} if isinstance(data, dict) else {}


def save_durations(path: str, durations: dict[str, float]) -> None:
    """Keep the seconds each subtest took (merged over what the file held) for the next job's start order."""
    merged = {**load_durations(path), **durations}
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'w', encoding='utf-8') as out:
        json.dump(merged, out, indent=1, sort_keys=True)


def set_aside(resultdir: str, tasks: Iterable[Task]) -> list[tuple[str, str]]:
    """Move the results directory of each task that already has one (a run interrupted half-way)
    to ``<subdir>.interrupted`` (``.interrupted-N`` when taken), so the task can run again.

    Returns:
        (old, new) paths of what was moved.
    """
    moved = []
    for task in tasks:
        old = os.path.join(resultdir, task.subdir)
        if not os.path.exists(old):
            continue
        new, number = f'{old}.interrupted', 1
        while os.path.exists(new):
            new, number = f'{old}.interrupted-{number}', number + 1
        os.rename(old, new)
        moved.append((old, new))
    return moved


def timeline(resultdir: str) -> list[dict]:
    """What ``debug/parallel/timeline.json`` of a job's results holds: one entry per subtest that ran
    (``name``, ``alone``, ``start`` and ``end`` in seconds from the start of the queue, ``end`` None
    for one stopped half-way), in start order; empty when the job ran nothing in parallel."""
    try:
        with open(os.path.join(resultdir, 'debug', 'parallel', 'timeline.json'), encoding='utf-8') as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else []


def _write_timeline(spool: str, entries: list[dict]) -> None:
    with open(os.path.join(spool, 'timeline.json'), 'w', encoding='utf-8') as out:
        json.dump(entries, out, indent=1)


def _worker(job: Any, task: Task, work: Callable[[Task], Any], spool: str) -> None:  # pragma: no cover - a fork
    """The body of a worker process; never returns."""
    code = 1
    try:
        os.setpgid(0, 0)

        def stop(signum: int, _frame: Any) -> None:
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        job._state.set_backing_file(None)
        job._logger.global_filename = os.path.relpath(os.path.join(spool, f'{task.index}.status'), job.resultdir)
        try:
            result = {'ok': True, 'value': work(task)}
        except BaseException as exc:  # noqa: BLE001 - reported to the job process
            result = {'ok': False, 'error': f'{type(exc).__name__}: {exc}', 'trace': traceback.format_exc()}
        with open(os.path.join(spool, f'{task.index}.json'), 'w', encoding='utf-8') as out:
            json.dump(result, out)
        code = 0
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _start(job: Any, task: Task, work: Callable[[Task], Any], spool: str) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker
        _worker(job, task, work, spool)
    return pid


def _stop(running: dict[int, Task]) -> None:
    for pid in running:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + STOP_GRACE
    while running and time.monotonic() < end:
        for pid in list(running):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    del running[pid]
        time.sleep(POLL)
    for pid in running:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _outcome(spool: str, task: Task) -> Any:
    path = os.path.join(spool, f'{task.index}.json')
    try:
        with open(path, encoding='utf-8') as handle:
            result = json.load(handle)
    except (OSError, ValueError) as err:
        return {'ok': False, 'error': f'the worker of {task.name} left no result ({err})', 'trace': ''}
    return result


def _append_status(job: Any, spool: str, task: Task) -> None:
    path = os.path.join(spool, f'{task.index}.status')
    if os.path.exists(path):
        with (
            open(path, encoding='utf-8') as src,
            open(os.path.join(job.resultdir, 'status'), 'a', encoding='utf-8') as dst,
        ):
            dst.write(src.read())


def run(
    job: Any,
    tasks: Sequence[Task],
    jobs: int,
    work: Callable[[Task], Any],
    finish: Callable[[Task, dict, float], None],
    durations: dict[str, float] | None = None,
) -> None:
    """Run ``work(task)`` for every task in workers, at most ``jobs`` at once, ``alone`` ones by themselves.

    Args:
        job: the client job.
        tasks: the queue, in order.
        jobs: how many at once.
        work: run in the worker; returns a JSON-serialisable value.
        finish: run in the job process for each task in queue order, once its status records are in
            the job's ``status``, with ``{'ok': True, 'value': ...}`` or ``{'ok': False, 'error': ...}``
            and the seconds the worker took.
        durations: the seconds each subtest took last time, for :func:`start_order`.
    """
    spool = os.path.join(job.resultdir, 'debug', 'parallel')
    os.makedirs(spool, exist_ok=True)
    pending = start_order(tasks, durations or {})
    running: dict[int, Task] = {}
    started: dict[int, float] = {}
    finished: dict[int, tuple[dict, float]] = {}
    order = [task.index for task in tasks]
    by_index = {task.index: task for task in tasks}
    origin = time.monotonic()
    spans: dict[int, dict] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                alone = pending[0].alone or any(task.alone for task in running.values())
                if alone and running:
                    break
                task = pending.pop(0)
                started[task.index] = time.monotonic()
                spans[task.index] = {'name': task.name, 'alone': task.alone, 'start': started[task.index] - origin}
                running[_start(job, task, work, spool)] = task
                LOG.info('Started %s at +%.1f s (%d running)', task.name, spans[task.index]['start'], len(running))
            time.sleep(POLL)
            for pid in list(running):
                done, _status = os.waitpid(pid, os.WNOHANG)
                if done:
                    task = running.pop(pid)
                    spans[task.index]['end'] = time.monotonic() - origin
                    finished[task.index] = (_outcome(spool, task), time.monotonic() - started[task.index])
            while order and order[0] in finished:
                index = order.pop(0)
                _append_status(job, spool, by_index[index])
                finish(by_index[index], *finished.pop(index))
    finally:
        _stop(running)
        _write_timeline(spool, [{'end': None, **span} for span in spans.values()])
