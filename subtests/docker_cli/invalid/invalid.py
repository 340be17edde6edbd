"""
Summary
-------

Simple test that checks the failure of the ``docker run`` command given something invalid: it runs
containers with an invalid option, image, command or argument, and verifies that each is refused
with the expected error text.

Operational Summary
-------------------

#. Each sub-subtest (``option``, ``image``, ``command``, ``arg``) places every item of its
   ``invalid_run_params`` and ``invalid_run_values`` in the slot its ``section`` names:
   ``docker run --name <unique> [OPTION] IMAGE [COMMAND] [ARG]``.
#. With ``expected_result = FAIL`` each run must exit non-zero without a panic, and its output must
   contain ``invalid_pars_expected_output`` (for a parameter) or ``invalid_vals_expected_output``
   (for a value); ``|`` separates alternatives, for messages that differ between clients. With
   ``expected_result = PASS`` each run must succeed instead.
#. A run that succeeds when it should fail, or fails without the expected text, fails the
   sub-subtest, naming the item and what was wrong.
#. ``cleanup()`` removes every container the runs created (a bad command or argument still creates
   one).

The 2014 subtest could never fail (its pass/fail flag was always false); this one does. Its expected
texts follow today's messages: ``unknown flag``, ``invalid argument``, ``invalid reference format``,
``manifest unknown``, ``no such file or directory``, ``permission denied``.

Prerequisites
-------------

The test image, with ``true`` and ``ls`` (busybox), and the loopback registry (an image missing from
it is one of the invalid values).

Configuration
-------------

``section`` specifies which slot of the run command a sub-subtest makes invalid; ``subsubtests``
specifies which sub-subtests to run. ``invalid_run_params`` and ``invalid_run_values`` are CSV lists
of invalid items; ``invalid_pars_expected_output`` and ``invalid_vals_expected_output`` the text each
kind must produce; ``expected_result`` is FAIL (or PASS for a control); ``input_docker_tag`` says
whether the valid image is named with its tag; ``run_command`` is the valid command the items are
combined with.
"""

from dockertest import config, naming, output, subtest, xceptions
from dockertest.dockercmd import DockerCmd
from dockertest.images import DockerImage
from dockertest.options import Options

SECTIONS = ('option', 'image', 'command', 'arg')


class invalid(subtest.SubSubtestCaller):
    """Runs the ``option``, ``image``, ``command`` and ``arg`` sub-subtests."""

    version = '0.9.0'
    failure_details = True


class invalid_base(subtest.SubSubtest):
    """Runs ``docker run`` once per invalid item and judges each refusal."""

    def initialize(self):
        super().initialize()
        self.sub_stuff['runs'] = []
        section = str(self.config['section']).strip()
        if section not in SECTIONS:
            raise xceptions.DockerValueError(
                f'[{self.config_section}] section = {section!r}: expected one of {", ".join(SECTIONS)}'
            )
        expected = str(self.config['expected_result']).strip().upper()
        if expected not in ('PASS', 'FAIL'):
            raise xceptions.DockerValueError(f'[{self.config_section}] expected_result = {expected!r}: PASS or FAIL')
        self.sub_stuff['expect_fail'] = expected == 'FAIL'
        cases = [(item, 'invalid_pars_expected_output') for item in self.items('invalid_run_params')]
        cases += [(item, 'invalid_vals_expected_output') for item in self.items('invalid_run_values')]
        if not cases:
            raise xceptions.DockerTestNAError(f'[{self.config_section}] lists no invalid_run_params or values')
        self.sub_stuff['cases'] = cases

    def items(self, option):
        """The CSV items of ``option`` (none when it is absent or empty)."""
        return config.get_as_list(str(self.config.get(option) or ''))

    def valid_image(self):
        """The valid test image, with its tag when ``input_docker_tag`` is on."""
        if self.config['input_docker_tag']:
            return Options(self).image()
        cfg = dict(self.config, docker_repo_tag='')
        return DockerImage.full_name_from_defaults(cfg)

    def run_args(self, item, name):
        """``--name NAME [OPTION] IMAGE COMMAND [ARG]`` with ``item`` in the configured slot."""
        section = str(self.config['section']).strip()
        options = [item] if section == 'option' else []
        image = item if section == 'image' else self.valid_image()
        command = item if section == 'command' else str(self.config['run_command'])
        args = [item] if section == 'arg' else []
        return ['--name', name, *options, image, command, *args]

    def run_once(self):
        super().run_once()
        for item, expect_option in self.sub_stuff['cases']:
            name = self.cleanups.container(naming.unique_name('dockertest_invalid'))
            result = DockerCmd(self, 'run', self.run_args(item, name)).execute()
            self.logdebug('%s exited %s', result.command, result.exit_status)
            self.sub_stuff['runs'].append((item, str(self.config[expect_option]), result))

    def postprocess(self):
        super().postprocess()
        problems = [problem for run in self.sub_stuff['runs'] for problem in self.judge(*run)]
        self.failif(bool(problems), '; '.join(problems))
        self.loginfo('%d invalid run(s) refused as expected', len(self.sub_stuff['runs']))

    def judge(self, item, expected_text, result):
        """The problems with one run of ``item``."""
        what = f'docker run with {self.config["section"]} {item!r}'
        if not self.sub_stuff['expect_fail']:
            return [] if result.exit_status == 0 else [f'{what} exited {result.exit_status}; expected success']
        if result.exit_status == 0:
            return [f'{what} exited 0; expected a failure']
        if not output.OutputNotBad(result, ignore_error=True):
            return [f'{what} crashed: {result.stderr.strip()!r}']
        text = f'{result.stdout}\n{result.stderr}'
        if not any(alt.strip() and alt.strip() in text for alt in expected_text.split('|')):
            said = ' '.join(text.split())[-300:]
            return [f'{what} exited {result.exit_status} without {expected_text!r} in its output: {said!r}']
        return []


class option(invalid_base):
    """An invalid option, or an invalid value of a valid option."""


class image(invalid_base):
    """An invalid image name, or a valid name of a missing image."""


class command(invalid_base):
    """A missing command, or a file that is not executable."""


class arg(invalid_base):
    """An invalid argument of a valid command, or an argument naming a missing file."""
