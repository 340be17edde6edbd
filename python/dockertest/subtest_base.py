"""The subtest: an Autotest client test configured from its section of the suite's ini files.

:class:`Subtest` is the base of every subtest module (``subtests/<name>/<name>.py`` defines
``class <name>(subtest.Subtest)``; the original import name is :mod:`dockertest.subtest`).
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from autotest.client import test
from autotest.client.job import status_indenter
from autotest.client.shared import version as autotest_version
from dockertest import config, remote, version, xceptions
from dockertest.checks import Checks
from dockertest.cleanup import CleanupRegistry

__all__ = ['Subtest', 'section_from_bindir']

_LOG = logging.getLogger(__name__)
_LEVELS = {'DEBUG': logging.DEBUG, 'INFO': logging.INFO, 'WARNING': logging.WARNING, 'ERROR': logging.ERROR}


def _format(message: str, args: tuple) -> str:
    return message % args if args else str(message)


def section_from_bindir(bindir: str) -> str:
    """The config section of a subtest directory: its path after the last ``subtests`` component."""
    parts = Path(bindir).parts
    if 'subtests' not in parts:
        return Path(bindir).name
    last = len(parts) - 1 - parts[::-1].index('subtests')
    return '/'.join(parts[last + 1 :])


def _keyval_safe(config_dict) -> dict[str, str]:
    return {str(k): str(v).replace('\n', '\\n') for k, v in config_dict.items()}


class Subtest(Checks, test.test):
    """The base of every subtest: an Autotest test configured from its ini section.

    Attributes:
        config: the subtest's configuration (its section, over DEFAULTS).
        config_section: the section name, ``docker_cli/version`` for ``subtests/docker_cli/version``.
        iterations: how many times ``run_once`` runs (the ``iterations`` option, default 1).
        stuff: a dict for the subtest's own state between stages.
        cleanups: the objects ``cleanup`` removes (see :mod:`dockertest.cleanup`).
    """

    version = None
    iteration = None
    iterations = 1
    config_section = None
    stuff = None

    def __init__(self, *args, **dargs) -> None:
        super().__init__(*args, **dargs)
        config.set_test_location(self.bindir)
        all_configs = config.Config()
        name = self.config_section if self.config_section in all_configs else section_from_bindir(self.bindir)
        if name in all_configs:
            self.config_section = name
            self.config = all_configs[name]
            self.version = version.str2int(self.config['config_version'])
        else:
            self.config_section = name
            self.config = all_configs['DEFAULTS']
            self.config['config_version'] = version.NOVERSIONCHECK
            self.version = 0
        if not self.config.get('enable', True):
            raise xceptions.DockerTestNAError('Subtest disabled in configuration.')
        remote.check_engine_host(self.config, self.config_section)
        self.write_test_keyval(_keyval_safe(self.config))
        self.iterations = self.config.get('iterations', self.iterations)
        self.stuff = {}
        self.cleanups = CleanupRegistry(self)

    # -- logging, indented like the status lines -------------------------------------------------
    def _log(self, level: str, message: str, args: tuple) -> None:
        # Rendered like a status line, indented to the current status level, as in the quickstart:
        # "\t\tRUNNING\t----\tINFO: initialize()". It goes to the log only, not to the status file.
        indent = '\t' * status_indenter(self.job).indent
        for line in f'{level}: {_format(message, args)}'.splitlines() or ['']:
            _LOG.log(_LEVELS[level], '%sRUNNING\t----\t%s', indent, line)

    def logdebug(self, message, *args) -> None:
        """Log at debug level, prefixed "DEBUG:"."""
        self._log('DEBUG', message, args)

    def loginfo(self, message, *args) -> None:
        """Log at info level, prefixed "INFO:"; it shows as ``RUNNING ---- INFO: ...`` on the console."""
        self._log('INFO', message, args)

    def logwarning(self, message, *args) -> None:
        """Log at warning level, prefixed "WARNING:"."""
        self._log('WARNING', message, args)

    def logerror(self, message, *args) -> None:
        """Log at error level, prefixed "ERROR:"."""
        self._log('ERROR', message, args)

    def logtraceback(self, name, exc_info, error_source, detail) -> None:
        """Log "name failed to source: Class: detail" as an error and the traceback at debug level."""
        self.logerror('%s failed to %s: %s: %s', name, error_source, exc_info[0].__name__, detail)
        self.logdebug(''.join(traceback.format_exception(*exc_info)))

    # -- lifecycle ---------------------------------------------------------------------------------
    def execute(self, *args, **dargs):
        """Run the iterations; the count is always the configured ``iterations``."""
        dargs['iterations'] = self.iterations
        return super().execute(*args, **dargs)

    def initialize(self) -> None:
        """Check the Autotest version, then the config version, and log the config."""
        super().initialize()
        for option, check in (
            ('autotest_version', lambda: version.check_autotest_version(self.config, autotest_version.get_version())),
            ('config_version', lambda: version.check_version(self.config)),
        ):
            try:
                check()
            except xceptions.DockerVersionError as err:
                found = config.Config.loaded().location(self.config_section, option)
                if found:
                    err.where = f'file {found[0]}, line {found[1]}, section [{self.config_section}], option {option!r}'
                raise
        self.loginfo('initialize()')
        if 'subsubtests' not in self.config:
            for key, value in sorted(self.config.items()):
                self.logdebug('config %s = %r', key, value)

    def setup(self) -> None:
        """Runs once per version, after ``initialize``."""
        super().setup()
        self.loginfo('setup() for subtest version %s', self.version)

    def run_once(self) -> None:
        """Runs once per iteration."""
        super().run_once()
        if self.iteration and self.iteration > 1:
            self.loginfo('run_once() iteration %d of %d', self.iteration, self.iterations)
        else:
            self.loginfo('run_once()')

    def postprocess_iteration(self) -> None:
        """Runs after each ``run_once``."""
        super().postprocess_iteration()
        self.loginfo('postprocess_iteration(), iteration #%d', self.iteration)

    def postprocess(self) -> None:
        """Runs after the last iteration."""
        super().postprocess()
        self.loginfo('postprocess()')

    def cleanup(self) -> None:
        """Always runs, last: removes what ``cleanups`` holds."""
        super().cleanup()
        self.loginfo('cleanup()')
        self.cleanups.run()
