"""
Summary
-------

Several variations of running the pull command against a registry server: the test image by its
default tag and by another tag, a tag the registry does not have, and a registry that does not
answer.

Operational Summary
-------------------

#. Each sub-subtest makes the full name from ``docker_registry_host``, ``docker_registry_user``,
   ``docker_repo_name`` and ``docker_repo_tag`` (its own section may override them).
#. When a pull is expected to succeed and the name is present locally, the local name is removed
   first (``docker rmi``), so the pull must really fetch it.
#. ``docker pull <name>`` runs in the background, bounded by ``docker_pull_timeout``.
#. PASS: exit 0, good output naming the image (or, with ``pull_prints = id``, holding its full
   id), and the name listed by ``docker images``. FAIL: a non-zero exit without a crash, and the
   name not listed.
#. Cleanup always puts back a name that was present at the start (``docker image pull``) and, with
   ``remove_after_test``, removes a pulled name that was not.

Fitted to today's docker: ``docker pull --tag`` is gone, so ``good_extra_tag`` pulls ``name:tag``
(the ``extra`` tag of the test image); ``wrong_registry_addr`` uses an unreachable loopback
address instead of a remote host name, so nothing leaves the machine.

Prerequisites
-------------

*  A remote registry server (the loopback registry at ``localhost:5000``).
*  Image on remote registry with 'latest' and some other tag (``extra``).

Configuration
-------------

*  Customized configuration for ``docker_repo_name``, ``docker_repo_tag``, and optionally
   ``docker_registry_host`` and/or ``docker_registry_user``, i.e. copy
   ``config_defaults/defaults.ini`` to ``config_custom/defaults.ini`` and modify the values.
*  ``docker_pull_timeout`` bounds each pull; ``docker_expected_result`` (PASS or FAIL) selects
   positive or negative checking; ``remove_after_test`` selects cleanup; ``pull_prints`` says
   what a successful pull prints: ``name`` (docker's last line names the image) or ``id``.
"""

from dockertest import images, subtest, xceptions
from dockertest.dockercmd import AsyncDockerCmd, DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputGood, OutputNotBad


class pull(subtest.SubSubtestCaller):
    """Runs the ``docker pull`` variations named by ``subsubtests``."""

    version = '0.1.0'
    failure_details = True


class pull_base(subtest.SubSubtest):
    """Pull the image the config names and check the result and the listing."""

    def listed(self, name):
        """Whether ``docker images`` lists exactly ``name``."""
        return any(img.full_name == name for img in images.DockerImages(self).list_imgs())

    def image_id(self, name):
        """The full id of the image ``name`` names, as ``docker image inspect`` gives it (no ``sha256:``)."""
        inspected = NoFailDockerCmd(self, 'image', ['inspect', '--format', '{{.Id}}', name], raw_subargs=True)
        return inspected.execute().stdout.strip().removeprefix('sha256:')

    def initialize(self):
        super().initialize()
        name = Options(self).image()
        self.sub_stuff['name'] = name
        self.sub_stuff['present'] = self.listed(name)
        if self.sub_stuff['present'] and self.config['docker_expected_result'] == 'PASS':
            NoFailDockerCmd(self, 'rmi', [name]).execute()
            self.loginfo('removed the local %s so the pull must fetch it', name)

    def run_once(self):
        super().run_once()
        cmd = AsyncDockerCmd(self, 'pull', [self.sub_stuff['name']], self.config['docker_pull_timeout'])
        cmd.execute()
        result = cmd.wait()
        self.loginfo('%s: exit %s', result.command, result.exit_status)
        self.sub_stuff['result'] = result

    def postprocess(self):
        super().postprocess()
        result, name = self.sub_stuff['result'], self.sub_stuff['name']
        listed = self.listed(name)
        if self.config['docker_expected_result'] == 'PASS':
            self.failif_ne(result.exit_status, 0, f'Exit status of {result.command}')
            checked = OutputGood(result, ignore_error=True)
            self.failif(not checked, f'Bad output of {result.command}: {checked}')
            self.failif(not listed, f'Image {name} is not listed by docker images after a reported pull')
            printed = name if self.config['pull_prints'] != 'id' else self.image_id(name)
            self.failif_not_in(printed, result.stdout, f'the output of {result.command}')
        else:
            self.failif(result.exit_status == 0, f'{result.command} succeeded; it was expected to fail')
            checked = OutputNotBad(result, ignore_error=True)
            self.failif(not checked, f'Bad output of {result.command}: {checked}')
            self.failif(listed, f'Image {name} is listed although pulling it was expected to fail')

    def cleanup(self):
        super().cleanup()
        name = self.sub_stuff.get('name')
        if name is None:
            return
        listed = self.listed(name)
        if self.sub_stuff['present'] and not listed:
            # ``image pull``: a fault rule aimed at ``pull`` must not break the restoring pull.
            result = DockerCmd(self, 'image', ['pull', name], self.config['docker_pull_timeout']).execute()
            if result.exit_status != 0:
                raise xceptions.DockerTestError(f'Could not put back the image {name}: {result.stderr.strip()}')
        elif listed and not self.sub_stuff['present'] and self.config['remove_after_test']:
            images.DockerImages(self).clean_all([name])


class good(pull_base):
    """Pull the test image by its default tag."""


class good_extra_tag(pull_base):
    """Pull the test image by another tag."""


class wrong_tag(pull_base):
    """Pull a tag the registry does not have: it must fail."""


class wrong_registry_addr(pull_base):
    """Pull from a registry address nothing answers on: it must fail."""
