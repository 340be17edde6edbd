"""``autotest-local``: run an Autotest control file on this machine.

Usage: ``autotest-local [options] [command] <control-file>`` with the commands ``run NAME``, ``list``
and ``help``; without a command the argument is a control-file path.

Results go to ``<output_dir>/results/<tag>/`` and temporary files (including the job state file) to
``<output_dir>/tmp/``, where ``output_dir`` is ``--output_dir`` or the current directory. Nothing is
written anywhere else.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import sys
from collections.abc import Sequence

import autotest
from autotest.client.shared import error

__all__ = ['find_control', 'main', 'parser']

LOG = logging.getLogger('autotest.local')
CONSOLE_FORMAT = '%(asctime)s %(levelname)-5.5s| %(message)s'
#: The name under which the dockertest suite is found (``run docker``).
SUITE_NAME = 'docker'
#: The environment variable naming the suite directory (as ``dockertest.config.SUITE_DIR_ENV``).
SUITE_DIR_ENV = 'DOCKERTEST_SUITE_DIR'


def parser() -> argparse.ArgumentParser:
    """The command-line parser of ``autotest-local``."""
    p = argparse.ArgumentParser(
        prog='autotest-local',
        usage='autotest-local [options] [command] <control-file>',
        description='Run an Autotest control file. Commands: run NAME, list, help.',
    )
    p.add_argument('words', nargs='*', metavar='command-or-control-file')
    p.add_argument('-a', '--args', default=None, help='arguments for the control file (job.args), split on whitespace')
    p.add_argument('-c', '--continue', dest='cont', action='store_true', help='continue a job from its state file')
    p.add_argument('-t', '--tag', default='default', help='results directory name under results/ (default: default)')
    p.add_argument(
        '--resultdir', default=None, help="this job's results directory (default: <output_dir>/results/<tag>)"
    )
    p.add_argument('--output_dir', default=None, help='directory holding results/ and tmp/ (default: the current one)')
    p.add_argument('-v', '--verbose', action='store_true', help='show debug messages on the console')
    p.add_argument(
        '--sysinfo', action='store_true', help='collect the sysinfo the control file asks for (off by default)'
    )
    p.add_argument('-d', '--test_directory', default=None, help='an extra directory to search for tests')
    p.add_argument('-H', '--harness', default=None, help='accepted for compatibility (only the standalone harness)')
    p.add_argument('-P', '--harness_args', default=None, help='accepted for compatibility')
    p.add_argument('--hostname', default=None, help='the machine name recorded for the job')
    p.add_argument('-U', '--user', default=None, help='the user name recorded for the job')
    p.add_argument('-l', '--external_logging', action='store_true', help='accepted for compatibility')
    p.add_argument('--tap', action='store_true', help='accepted for compatibility')
    p.add_argument('--client_test_setup', default=None, help='accepted for compatibility')
    return p


def suite_candidates() -> list[str]:
    """Where the dockertest suite may live, in the order they are tried.

    Only ``$DOCKERTEST_SUITE_DIR`` when it is set, so a wrong value is reported instead of another
    suite running silently. Otherwise the source checkout holding this engine, the data directory of
    an older install (``<prefix>/share/dockertest``), and the suite bundled in the installed
    ``dockertest`` package (``dockertest/suite``).
    """
    named = os.environ.get(SUITE_DIR_ENV)
    if named:
        return [named]
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = [os.path.normpath(os.path.join(here, '..', '..', '..'))]
    dirs.append(os.path.join(sys.prefix, 'share', 'dockertest'))
    spec = importlib.util.find_spec('dockertest')
    for location in (spec.submodule_search_locations or []) if spec else []:
        dirs.append(os.path.join(location, 'suite'))
    return dirs


def _suite_dirs() -> list[str]:
    """The candidates of :func:`suite_candidates` that hold a ``control`` file."""
    return [d for d in suite_candidates() if os.path.isfile(os.path.join(d, 'control'))]


#: How to point at a suite, said whenever none is found.
SUITE_HINT = (
    f'point at a suite directory (the one holding control, config_defaults/ and subtests/) with '
    f'{SUITE_DIR_ENV}=DIR or `dockertest run --suite DIR`'
)


def find_control(name: str, options: argparse.Namespace) -> tuple[str | None, list[str]]:
    """Find the control file of ``run NAME``.

    Args:
        name: the test name (``/control`` is appended unless it contains ``control``).
        options: the parsed options (``output_dir``, ``test_directory``).

    Returns:
        The control file path (None if not found) and every place that was looked at.
    """
    relative = name if 'control' in name else os.path.join(name, 'control')
    base = os.path.abspath(options.output_dir or os.getcwd())
    site_tests = os.path.join(base, 'tmp', 'site_tests')
    roots = [os.path.join(os.getcwd(), 'tests'), site_tests, os.environ.get('AUTODIRTEST'), options.test_directory]
    looked = []
    for root in roots:
        if not root:
            continue
        path = os.path.join(root, relative)
        looked.append(path)
        if os.path.isfile(path):
            return path, looked
    if name.split('/')[0] == SUITE_NAME:
        looked += [os.path.join(d, 'control') for d in suite_candidates()]
        for suite in _suite_dirs():
            # Link the suite as <tmp>/site_tests/docker so test urls read docker/subtests/...
            os.makedirs(site_tests, exist_ok=True)
            link = os.path.join(site_tests, SUITE_NAME)
            if os.path.islink(link) and os.path.realpath(link) != os.path.realpath(suite):
                os.unlink(link)
            if not os.path.lexists(link):
                os.symlink(suite, link)
            return os.path.join(site_tests, relative), looked
    return None, looked


def _list_tests(options: argparse.Namespace) -> int:
    roots = [os.path.join(os.getcwd(), 'tests'), os.environ.get('AUTODIRTEST'), options.test_directory]
    names = set()
    for root in filter(None, roots):
        if os.path.isdir(root):
            names.update(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, 'control')))
    if _suite_dirs():
        names.add(SUITE_NAME)
    for name in sorted(names):
        print(name)
    return 0


def _setup_environment() -> None:
    client = os.path.dirname(os.path.abspath(__file__))
    os.environ['AUTODIR'] = client
    os.environ['AUTODIRBIN'] = client
    os.environ.setdefault('AUTODIRTEST', os.path.join(os.getcwd(), 'tests'))
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(autotest.__file__)))
    path = os.environ.get('PYTHONPATH', '')
    if package_root not in path.split(os.pathsep):
        os.environ['PYTHONPATH'] = os.pathsep.join(p for p in (package_root, path) if p)


def _setup_console(verbose: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    console = logging.StreamHandler(sys.stdout)
    console.setLevel(logging.DEBUG if verbose else logging.INFO)
    console.setFormatter(logging.Formatter(CONSOLE_FORMAT, '%H:%M:%S'))
    root.addHandler(console)


def _control_path(words: list[str], options: argparse.Namespace, p: argparse.ArgumentParser) -> str | None:
    if words[0] == 'run':
        if len(words) != 2:
            p.error('run needs exactly one test name: autotest-local run NAME')
        control, looked = find_control(words[1], options)
        if control is None:
            hint = f'; {SUITE_HINT}' if words[1].split('/')[0] == SUITE_NAME else ''
            print(
                f'autotest-local: Can not find test {words[1]!r}; looked for: {", ".join(looked)}{hint}',
                file=sys.stderr,
            )
        return control
    if words[0] in ('fetch', 'bootstrap'):
        print(f'autotest-local: the {words[0]} command is not supported by this engine', file=sys.stderr)
        return None
    if len(words) != 1:
        p.error(f'expected one control file, got {" ".join(words)}')
    if not os.path.isfile(words[0]):
        print(f'autotest-local: Can not find control file {words[0]!r}', file=sys.stderr)
        return None
    return words[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``autotest-local``.

    Args:
        argv: the arguments (``sys.argv[1:]`` when None).

    Returns:
        0 when the job completed (even with failing tests), 5 after ``job.quit()``, 1 on an ABORT,
        a missing test or control file, or ``-c`` with nothing left to do.
    """
    from autotest.client import job as job_module

    p = parser()
    options = p.parse_args(argv)
    if not options.words or options.words[0] == 'help':
        p.print_help()
        return 0
    if options.words[0] == 'list':
        return _list_tests(options)
    control = _control_path(options.words, options, p)
    if control is None:
        return 1
    # Importing tests must not write __pycache__ into the suite: only results/ and tmp/ are written.
    sys.dont_write_bytecode = True
    _setup_environment()
    _setup_console(options.verbose)
    try:
        the_job = job_module.job(control, options)
    except error.JobComplete as exc:
        print(f'autotest-local: {exc.message or "all done"}', file=sys.stderr)
        return 1
    except (error.JobError, ValueError, OSError) as exc:
        print(f'autotest-local: cannot start the job for {control}: {exc}', file=sys.stderr)
        return 1
    handlers = the_job.logging.tee_redirect_debug_dir(os.path.join(the_job.resultdir, 'debug'), 'client')
    LOG.info('Writing results to %s', the_job.resultdir)
    try:
        return the_job.run()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        the_job._write_reports()
        print(f'autotest-local: interrupted; continue with: autotest-local -c {control}', file=sys.stderr)
        return 1
    finally:
        the_job.logging.restore(handlers)


if __name__ == '__main__':
    sys.exit(main())
