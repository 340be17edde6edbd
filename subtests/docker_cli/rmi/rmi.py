"""
Summary
-------

Several variations of running the ``docker rmi`` command: removing a tag, removing a name that does
not exist, and removing an image a container still uses, by tag and by id.

Operational Summary
-------------------

#. ``only_tag``: gives the test image a unique extra name (``docker image tag``), runs
   ``docker rmi [--force] <name>`` and requires exit 0, good output with ``Untagged: <name>``, the
   name gone from ``docker images`` and the test image still there.
#. ``delete_wrong_name``: ``docker rmi`` of a name that was never made must exit non-zero, without a
   crash, saying ``No such image``.
#. ``with_blocking_container_by_tag`` and ``with_blocking_container_by_id``: run a container from the
   test image, ``docker commit`` it to a unique name, create a container from that new image, then
   ``docker rmi`` the new image by tag or by id. Without force it must exit non-zero naming the
   conflict, and the image must still be listed under its name.
#. Cleanup removes the containers and images each sub-subtest made (``remove_after_test``).

Fitted to today's docker: in 2014 ``rmi <tag>`` of a blocked image untagged it before failing; today
the engine refuses with "conflict: unable to remove repository reference ... (must force)" and keeps
the tag, so both blocked variants require the image to stay listed.

Prerequisites
-------------

*  An existing, standard test image to work with (``docker_repo_name`` and friends).
*  The test image can run ``/bin/true``.

Configuration
-------------

*  Customized configuration for ``docker_repo_name``, ``docker_repo_tag``, and optionally
   ``docker_registry_host`` and/or ``docker_registry_user``, i.e. copy
   ``config_defaults/defaults.ini`` to ``config_custom/defaults.ini`` and modify the values.
*  The ``remove_after_test`` option controls cleanup after all sub-subtests.
*  The ``docker_rmi_force`` option causes sub-subtests to force remove images.
*  ``docker_expected_result`` should be "PASS" or "FAIL" to indicate result handling behavior of
   sub-subtests.
*  ``docker_rmi_timeout`` bounds each ``docker rmi``; ``rmi_repo_tag_name_prefix`` starts every
   name made; ``docker_commit_timeout`` bounds the commits of the blocking variants.
*  ``missing_msg`` and ``conflict_msg`` are the texts the two refusals must hold.
"""

from dockertest import containers, images, subtest
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputGood, OutputNotBad


class rmi(subtest.SubSubtestCaller):
    """Runs the ``docker rmi`` variations named by ``subsubtests``."""

    version = '0.1.0'
    failure_details = True

    def initialize(self):
        super().initialize()
        self.stuff['base_image'] = Options(self).image()


class rmi_base(subtest.SubSubtest):
    """Make an image name with :meth:`make_target`, ``docker rmi`` it, and check the listing."""

    def unique_name(self):
        """A name under ``rmi_repo_tag_name_prefix`` that no listed image has."""
        return images.DockerImages(self).get_unique_name(self.config['rmi_repo_tag_name_prefix'], ':test')

    def make_target(self):
        """The name or id ``docker rmi`` is given; each variation makes it."""
        raise NotImplementedError(f'{self.__class__.__name__} does not say what to remove')

    def initialize(self):
        super().initialize()
        self.sub_stuff.update(containers=[], images=[])
        self.sub_stuff['target'] = self.make_target()

    def run_once(self):
        super().run_once()
        args = ['--force'] if self.config['docker_rmi_force'] else []
        result = DockerCmd(self, 'rmi', [*args, self.sub_stuff['target']], self.config['docker_rmi_timeout']).execute()
        self.loginfo('%s: exit %s', result.command, result.exit_status)
        self.sub_stuff['result'] = result

    def postprocess(self):
        super().postprocess()
        result = self.sub_stuff['result']
        if self.config['docker_expected_result'] == 'PASS':
            self.failif_ne(result.exit_status, 0, f'Exit status of {result.command}')
            checked = OutputGood(result, ignore_error=True)
        else:
            self.failif(result.exit_status == 0, f'{result.command} succeeded; it was expected to fail')
            checked = OutputNotBad(result, ignore_error=True)
        self.failif(not checked, f'Bad output of {result.command}: {checked}')
        self.check_outcome(result)

    def check_outcome(self, result):
        """The variation's own checks of ``result`` and of the listing."""

    def cleanup(self):
        super().cleanup()
        if not self.config['remove_after_test']:
            return
        containers.DockerContainers(self).clean_all(self.sub_stuff.get('containers', []))
        images.DockerImages(self).clean_all(reversed(self.sub_stuff.get('images', [])))


class only_tag(rmi_base):
    """Remove an extra name of the test image: only that name goes."""

    def make_target(self):
        name = self.unique_name()
        NoFailDockerCmd(self, 'image', ['tag', self.parent_subtest.stuff['base_image'], name]).execute()
        self.sub_stuff['images'].append(name)
        return name

    def check_outcome(self, result):
        name = self.sub_stuff['target']
        self.failif_not_in(f'Untagged: {name}', result.stdout, f'the output of {result.command}')
        listing = images.DockerImages(self)
        self.failif(
            any(img.full_name == name for img in listing.list_imgs()),
            f'Image {name} is still listed by docker images after a reported removal',
        )
        base = self.parent_subtest.stuff['base_image']
        self.failif(not listing.list_imgs_with_full_name(base), f'The test image {base} went with its extra name')


class delete_wrong_name(rmi_base):
    """Remove a name that was never made: docker must refuse."""

    def make_target(self):
        return self.unique_name()

    def check_outcome(self, result):
        self.failif_not_in(str(self.config['missing_msg']), result.stderr, f'the error output of {result.command}')


class with_blocking_container_by_tag(rmi_base):
    """Remove, by name, a committed image that a container uses."""

    def commit_blocked_image(self):
        """Commit a container of the test image to a unique name and create a container from it."""
        name = self.unique_name()
        stem = name.rsplit('/', 1)[-1].replace(':', '_')
        first, second = f'{stem}_committed', f'{stem}_blocking'
        self.sub_stuff['containers'] += [first, second]
        NoFailDockerCmd(self, 'run', ['--name', first, self.parent_subtest.stuff['base_image'], '/bin/true']).execute()
        result = NoFailDockerCmd(self, 'commit', [first, name], self.config['docker_commit_timeout']).execute()
        self.sub_stuff['images'].append(name)
        self.sub_stuff['image_id'] = result.stdout.strip()
        self.failif(
            not images.DockerImages(self).list_imgs_with_image_id(self.sub_stuff['image_id']),
            f'Committed image {name} is not listed by docker images after a reported success',
        )
        NoFailDockerCmd(self, 'create', ['--name', second, name, '/bin/true']).execute()
        return name

    def make_target(self):
        return self.commit_blocked_image()

    def check_outcome(self, result):
        if self.config['docker_expected_result'] != 'PASS':
            self.failif_not_in(str(self.config['conflict_msg']), result.stderr, f'the error output of {result.command}')
        name = self.sub_stuff['images'][0]
        listed = [img for img in images.DockerImages(self).list_imgs() if img.full_name == name]
        self.failif(not listed, f'Image {name} is not listed by docker images although its removal was refused')


class with_blocking_container_by_id(with_blocking_container_by_tag):
    """Remove, by id, a committed image that a container uses."""

    def make_target(self):
        self.commit_blocked_image()
        return self.sub_stuff['image_id']
