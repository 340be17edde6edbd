"""``dockertest``: run the suite, list it, and manage the test host, for people and CI.

``dockertest run [NAMES...] [-k EXPR] [--engine PROFILE] [-j N] [--results DIR] [--junitxml PATH]``
runs a job on the same engine as ``autotest-local run docker`` (in a child process), passing
``--engine`` and ``-j`` through as the ``engine=NAME`` and ``j=N`` tokens of ``--args``. Each job
writes its own directory ``<results>/<date>-<time>-<short id>/`` and ``<results>/latest`` points at
the newest. ``dockertest list`` shows the subtests and sub-subtests with their one-line summaries;
``dockertest host up|status|down`` is ``dockertest-host``.

Where things are, each chosen by an option, else an environment variable, else a default:

- the suite: ``--suite DIR``, ``$DOCKERTEST_SUITE_DIR``, else the checkout or the bundled suite;
- the user's config: ``--config-custom DIR``, ``$DOCKERTEST_CONFIG_CUSTOM``, else the suite's own
  ``config_custom/``;
- the results: ``--results DIR``, ``$DOCKERTEST_RESULTS``, else ``./results``.

Exit codes follow pytest's: :data:`EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import signal
import sys
import time
import uuid
from collections.abc import Sequence

from autotest.client import autotest_local

from . import __version__, _core, config, htmlreport, jobreport, jobwatch, selection
from .docstrings import docstring_sections
from .keyword import KeywordError, matches

__all__ = ['EXIT_CODES', 'main']

OK, FAILED, INTERRUPTED, INTERNAL, USAGE, NOTHING = 0, 1, 2, 3, 4, 5
#: What each exit code means.
EXIT_CODES = {
    OK: 'every subtest GOOD or TEST_NA',
    FAILED: 'some subtest FAIL or ERROR',
    INTERRUPTED: 'interrupted',
    INTERNAL: 'internal error',
    USAGE: 'usage error',
    NOTHING: 'nothing selected',
}
RESULTS_ENV = 'DOCKERTEST_RESULTS'
#: Seconds between two looks at the status log.
POLL = 0.25
#: Seconds an interrupted engine has to finish its reports before it is killed.
STOP_SECONDS = 60


class UsageError(Exception):
    """Bad input: the message says what and how to fix it (exit code 4)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f'{self.prog}: error: {message}', file=sys.stderr)
        sys.exit(USAGE)


def parser() -> argparse.ArgumentParser:
    """The command-line parser of ``dockertest``."""
    codes = '; '.join(f'{code} {text}' for code, text in EXIT_CODES.items())
    p = _Parser(prog='dockertest', description=__doc__.split('\n\n')[0], epilog=f'Exit codes of run: {codes}.')
    p.add_argument('--version', action='version', version=f'dockertest {__version__}')
    sub = p.add_subparsers(dest='command', required=True, parser_class=_Parser)
    run = sub.add_parser('run', help='run subtests (default: the default selection)')
    run.add_argument('names', nargs='*', metavar='NAME', help='subtests or sub-subtests (docker_cli/version)')
    run.add_argument('-k', dest='keyword', metavar='EXPR', help="only names matching EXPR ('kill or stop', 'not run')")
    run.add_argument('--engine', metavar='PROFILE', help='engine profile (docker, podman, podman-api)')
    run.add_argument('-j', dest='jobs', type=int, metavar='N', help='subtests run at once')
    run.add_argument('--results', metavar='DIR', help=f'results root (default: ${RESULTS_ENV} or ./results)')
    run.add_argument('--junitxml', metavar='PATH', help="also copy the job's junit.xml here")
    for each in (run, sub.add_parser('list', help='list subtests and sub-subtests with their summaries')):
        each.add_argument('--suite', metavar='DIR', help=f'the suite directory (default: ${config.SUITE_DIR_ENV})')
        each.add_argument(
            '--config-custom', metavar='DIR', help=f"the user's config (default: ${config.CONFIG_CUSTOM_ENV})"
        )
    host = sub.add_parser('host', help='set up, inspect or take down the test host (dockertest-host)')
    host.add_argument('action', choices=('up', 'status', 'down'))
    host.add_argument('--purge', action='store_true', help='with down: also remove what up made')
    return p


def find_suite(named: str | None) -> str:
    """The suite directory: ``named``, else ``$DOCKERTEST_SUITE_DIR``, else the checkout or bundled suite.

    Raises:
        UsageError: none is found; the message says where it looked and how to point at one.
    """
    candidates = [named] if named else autotest_local.suite_candidates()
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, 'control')):
            return os.path.abspath(candidate)
    looked = ', '.join(os.path.join(c, 'control') for c in candidates)
    raise UsageError(f'no dockertest suite found; looked for: {looked}; {autotest_local.SUITE_HINT}')


def _setup_paths(options: argparse.Namespace) -> str:
    """Find the suite and export the suite and config directories for this process and the engine."""
    suite = find_suite(options.suite)
    os.environ[config.SUITE_DIR_ENV] = suite
    if options.config_custom:
        if not os.path.isdir(options.config_custom):
            raise UsageError(f'--config-custom {options.config_custom}: no such directory')
        os.environ[config.CONFIG_CUSTOM_ENV] = os.path.abspath(options.config_custom)
    return suite


def _children(suite: str) -> dict[str, list[str]]:
    try:
        sections = config.Config(suite)
    except Exception as err:  # DockerConfigError and the core's ConfigError alike
        raise UsageError(f'the suite config cannot be read: {err}') from err
    return {
        name: config.get_as_list(str(section.get('subsubtests') or ''))
        for name, section in sections.items()
        if name != 'DEFAULTS'
    }


def _selected(suite: str, options: argparse.Namespace) -> list[str]:
    """The names to pass to the engine ([] for the default selection), checked before anything runs.

    Raises:
        UsageError: an unknown name or a bad ``-k`` expression.
    """
    children = _children(suite)
    try:
        chosen = selection.select(suite, [','.join(options.names)] if options.names else [], children)
    except selection.SelectionError as err:
        raise UsageError(str(err)) from err
    if not options.keyword:
        return chosen.subtests
    try:
        return [name for name in chosen.subtests if matches(options.keyword, name)]
    except KeywordError as err:
        raise UsageError(f'-k {options.keyword!r}: {err}') from err


def _job_id() -> str:
    return f'{time.strftime("%Y%m%d-%H%M%S")}-{uuid.uuid4().hex[:6]}'


def _point_latest(root: str, job_id: str) -> None:
    link = os.path.join(root, 'latest')
    fresh = f'{link}.{job_id}'
    os.symlink(job_id, fresh)
    os.replace(fresh, link)


def _engine_args(names: list[str], options: argparse.Namespace) -> str:
    tokens = [','.join(names)] if names else []
    if options.engine:
        tokens.append(f'engine={options.engine}')
    if options.jobs is not None:
        tokens.append(f'j={options.jobs}')
    return ' '.join(tokens)


def _verdict(jobdir: str, interrupted: bool, engine_rc: int) -> int:
    summary = None
    try:
        with open(os.path.join(jobdir, 'status.json'), encoding='utf-8') as handle:
            summary = json.load(handle)
    except (OSError, ValueError):
        pass
    if interrupted:
        return INTERRUPTED
    if summary is None:
        return INTERNAL
    if any(test['status'] in jobreport.FAILING for test in summary['tests']):
        return FAILED
    if summary.get('status') != 'GOOD' or engine_rc != 0:
        return INTERNAL
    return OK


def _run_engine(argv: list[str], jobdir: str, total: int, console: str) -> tuple[int, bool]:
    """Run the engine with the core's runner, its output going to ``console`` (stdout and stderr in
    the order written) and its progress shown; (its exit code, whether it was interrupted).

    The engine runs in a process group of its own: an interrupt (SIGINT, or SIGTERM to this process)
    is passed on to the whole group once, and after ``STOP_SECONDS`` the group is killed."""
    watcher = jobwatch.Watcher(os.path.join(jobdir, 'status'), total, sys.stdout)
    interrupted = False

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    # The shell only redirects and then becomes the engine ($0 is the console log, "$@" the command).
    child = _core.AsyncCmd(['/bin/sh', '-c', 'exec "$@" >"$0" 2>&1', console, *argv])
    try:
        while child.poll() is None:
            time.sleep(POLL)
            watcher.poll()
    except KeyboardInterrupt:
        interrupted = True
        print('\ndockertest: interrupted; stopping the job', file=sys.stderr)
        child.kill(signal.SIGINT)
        if child.wait(timeout=STOP_SECONDS) is None:
            child.kill(signal.SIGKILL)
    finally:
        signal.signal(signal.SIGTERM, previous)
    done = child.wait()
    watcher.finish()
    status = done.exit_status if done is not None else None
    return (INTERNAL if status is None else status), interrupted


def run(options: argparse.Namespace) -> int:
    """``dockertest run``; returns the exit code."""
    suite = _setup_paths(options)
    names = _selected(suite, options)
    if not names:
        print('dockertest: nothing selected', file=sys.stderr)
        return NOTHING
    root = os.path.abspath(options.results or os.environ.get(RESULTS_ENV) or 'results')
    job_id = _job_id()
    jobdir = os.path.join(root, job_id)
    os.makedirs(os.path.join(root, 'tmp'), exist_ok=True)
    _point_latest(root, job_id)
    # The names as given (sub-subtests stay sub-subtests), or what -k chose; none for the default selection.
    engine_names = names if options.keyword else list(options.names)
    argv = [sys.executable, '-m', 'autotest.client.autotest_local', 'run', autotest_local.SUITE_NAME]
    argv += ['--tag', job_id, '--output_dir', root, '--resultdir', jobdir]
    args = _engine_args(engine_names, options)
    if args:
        argv += ['--args', args]
    print(f'dockertest: {len(names)} subtest(s) from {suite}; results in {jobdir}')
    console = os.path.join(root, 'tmp', f'{job_id}.console.log')
    rc, interrupted = _run_engine(argv, jobdir, len(names), console)
    if os.path.isdir(jobdir):
        shutil.move(console, os.path.join(jobdir, 'console.log'))
        console = os.path.join(jobdir, 'console.log')
    code = _verdict(jobdir, interrupted, rc)
    _finish_reports(jobdir, options.junitxml)
    summary = os.path.join(jobdir, 'summary.txt')
    if os.path.isfile(summary):
        with open(summary, encoding='utf-8') as handle:
            sys.stdout.write(handle.read())
    if code == INTERNAL:
        print(f'dockertest: the engine did not complete the job (exit {rc}); see {console}', file=sys.stderr)
    print(f'dockertest: {EXIT_CODES[code]}; report: {os.path.join(jobdir, htmlreport.REPORT_FILE)}')
    return code


def _finish_reports(jobdir: str, junitxml: str | None) -> None:
    if os.path.isfile(os.path.join(jobdir, 'status')):
        htmlreport.write_report(jobdir)
    junit = os.path.join(jobdir, 'junit.xml')
    if junitxml and os.path.isfile(junit):
        os.makedirs(os.path.dirname(os.path.abspath(junitxml)), exist_ok=True)
        shutil.copyfile(junit, junitxml)


def _first_line(text: str | None) -> str:
    if not text:
        return ''
    sections = docstring_sections(text)
    body = sections.get('Summary') or next(iter(sections.values()), '') or text
    line = ' '.join(body.strip().split('\n\n', 1)[0].split())
    sentence = line.split('. ', 1)[0].rstrip('.') + '.' if line else ''
    return sentence if len(sentence) <= 100 else sentence[:99] + '…'


def _summaries(module: str) -> tuple[str, dict[str, str]]:
    """A subtest module's one-line summary, and the first docstring line of each of its classes."""
    try:
        with open(module, encoding='utf-8') as handle:
            tree = ast.parse(handle.read(), filename=module)
    except (OSError, SyntaxError, ValueError):
        return '', {}
    classes = {
        node.name: (ast.get_docstring(node) or '').split('\n', 1)[0]
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
    return _first_line(ast.get_docstring(tree)), classes


def list_suite(options: argparse.Namespace) -> int:
    """``dockertest list``; returns the exit code."""
    suite = _setup_paths(options)
    children = _children(suite)
    subtests = selection.find_subtests(os.path.join(suite, 'subtests'))
    every = [*subtests, *(f'  {n}/{c}' for n in subtests for c in children.get(n, []))]
    width = max([len(n) for n in every] + [0]) + 2
    for name in subtests:
        leaf = name.rsplit('/', 1)[-1]
        module = os.path.join(suite, 'subtests', name, f'{leaf}.py')
        summary, classes = _summaries(module)
        print(f'{name:<{width}}{summary}')
        for child in children.get(name, []):
            doc = classes.get(child)
            if doc is None:
                doc = _summaries(os.path.join(suite, 'subtests', name, f'{child}.py'))[0]
            print(f'{"  " + name + "/" + child:<{width}}{doc}')
    return OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dockertest``; returns the exit code (see :data:`EXIT_CODES`)."""
    options = parser().parse_args(argv)
    try:
        if options.command == 'host':
            from .tools import host

            return host.main([options.action, *(['--purge'] if options.purge else [])])
        if options.command == 'list':
            return list_suite(options)
        return run(options)
    except UsageError as err:
        print(f'dockertest: {err}', file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print('dockertest: interrupted', file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # the reader went away (dockertest list | head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except Exception as err:  # noqa: BLE001 - an internal error gets exit code 3, not a bare traceback
        print(f'dockertest: internal error: {type(err).__name__}: {err}', file=sys.stderr)
        return INTERNAL


if __name__ == '__main__':
    sys.exit(main())
