"""
Summary
-------

Several variations of running the docker help command: those that must succeed with the usage
text, and those that must fail cleanly.

Operational Summary
-------------------

#. Run ``docker <option>`` for each item of ``success_option_list``: it must exit 0, show no panic
   or error text, and print every item of ``success_expected_output`` (on either stream).
#. Run ``docker <option>`` for each item of ``failure_option_list``: it must exit non-zero, show no
   panic, and print ``failure_expected_output`` (the pointer to ``docker --help``).
#. The subtest fails naming every option that broke these rules.

In 2014 ``docker foobar`` and ``docker " "`` printed the usage and exited 0, so the seed listed them
as successes. Docker has since made an unknown command an error: ``docker: 'foobar' is not a docker
command.`` (client 20.10) or ``docker: unknown command: docker foobar`` (client 28), exit 1, each
followed by a pointer to ``docker --help``. The bundled lists follow today's behaviour.

Prerequisites
-------------

None: help needs no daemon.

Configuration
-------------

``success_option_list`` is a CSV list of docker options where a zero exit code is expected (a
usage message may appear); ``failure_option_list`` is the opposite. Items are CSV fields: quote one
with ``"`` to keep spaces (``" "`` is a single space). ``success_expected_output`` and
``failure_expected_output`` give the text each kind must print.
"""

import csv

from dockertest import output, subtest
from dockertest.dockercmd import DockerCmd
from dockertest.options import Options


def option_list(text):
    """The items of a CSV option list; a quoted item keeps its spaces, an empty value is no item."""
    text = str(text or '').strip()
    if text in ('', "''", '""'):
        return []
    return [item for item in next(csv.reader([text], skipinitialspace=True)) if item != '']


class dockerhelp(subtest.Subtest):
    """Runs ``docker <option>`` for the success and the failure lists and judges each exit and output."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['success'] = option_list(self.config['success_option_list'])
        self.stuff['failure'] = option_list(self.config['failure_option_list'])
        self.stuff['results'] = []

    def run_once(self):
        super().run_once()
        for expect_success, options in ((True, self.stuff['success']), (False, self.stuff['failure'])):
            for option in options:
                result = DockerCmd(self, option, raw_subargs=True).execute()
                self.logdebug('%s exited %s', result.command, result.exit_status)
                self.stuff['results'].append((expect_success, option, result))

    def postprocess(self):
        super().postprocess()
        problems = [problem for item in self.stuff['results'] for problem in self.judge(*item)]
        self.failif(bool(problems), '; '.join(problems))
        self.loginfo('%d help variation(s) behaved as expected', len(self.stuff['results']))

    def judge(self, expect_success, option, result):
        """The problems with one run: a wrong exit status, a panic, or missing text."""
        name = f'docker {option!r}'
        text = f'{result.stdout}\n{result.stderr}'
        if expect_success:
            if result.exit_status != 0:
                return [f'{name} exited {result.exit_status}; expected 0']
            good = output.OutputGood(result, ignore_error=True, skip='usage_check')
            if not good:
                return [f'{name} printed bad output: {good}']
            wanted = Options(self).list('success_expected_output')
        else:
            if result.exit_status == 0:
                return [f'{name} exited 0; expected a failure']
            if not output.OutputNotBad(result, ignore_error=True):
                return [f'{name} crashed: {result.stderr.strip()!r}']
            wanted = Options(self).list('failure_expected_output')
        return [f'{name} did not print {want!r}' for want in wanted if want not in text]
