"""
Summary
-------

Several variations of running the ``docker tag`` command: give an image a new tag, a new
repository, a new user (namespace) or a new registry, and check the engine lists the new name.

Operational Summary
-------------------

#. Each sub-subtest gives the test image a unique source name (``docker image tag``) under
   ``tag_repo_name_prefix``.
#. It runs ``docker tag [--force] <source> <new name>``, the new name varying by sub-subtest:
   ``change_tag`` a new tag, ``change_repository`` a new repository, ``change_user`` a new user,
   ``change_registry`` a new ``localhost:<port>`` registry (tagging never contacts it), and
   ``change_repository_upper`` a repository holding upper-case letters.
#. With ``docker_expected_result = PASS`` the command must exit 0 with good output, and the new
   name must be listed by ``docker images`` with the source's image id. With ``FAIL`` it must exit
   non-zero without a crash, and the new name must not be listed.
#. Cleanup removes the names it made (``remove_after_test``).

Fitted to today's docker: ``docker tag --force`` was removed in docker 1.12 (a tag now always moves
an existing name), so ``tag_force = yes`` makes the command fail. Upper-case repository names, which
2014's docker accepted, are rejected today ("must be lowercase"), so the 2014
``change_repository`` with ``gen_lower_only = False`` became the negative
``change_repository_upper``. The 2014 ``change_registry`` child, defined but never listed, is listed.

Prerequisites
-------------

*  The test image (``docker_repo_name`` and friends in ``defaults.ini``) is present locally.

Configuration
-------------

*  Customized configuration for ``docker_repo_name``, ``docker_repo_tag``, and optionally
   ``docker_registry_host`` and/or ``docker_registry_user``, i.e. copy
   ``config_defaults/defaults.ini`` to ``config_custom/defaults.ini`` and modify the values.
*  ``tag_force`` specifies use of the ``--force`` option.
*  The ``tag_repo_name_prefix`` option has random characters appended before it is used for
   tagging.
*  ``docker_expected_result`` option allows changing between positive and negative testing.
*  ``gen_lower_only`` keeps generated names lower case; ``no`` puts upper-case letters in them.
*  ``docker_tag_timeout`` bounds each ``docker tag``; ``remove_after_test`` selects cleanup.
"""

import random

from dockertest import images, subtest
from dockertest.dockercmd import DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputGood, OutputNotBad


class tag(subtest.SubSubtestCaller):
    """Runs the ``docker tag`` variations named by ``subsubtests``."""

    version = '0.1.0'
    failure_details = True


class tag_base(subtest.SubSubtest):
    """Tag a unique copy of the test image with the name :meth:`new_name` makes, then check the listing."""

    def random_part(self, listing):
        """A random lower-case word; with ``gen_lower_only = no`` its letters are upper case."""
        word = listing.get_unique_name('x').split('_', 1)[1]
        return word if self.config['gen_lower_only'] else 'X' + word.upper()

    def new_name(self, source, listing):
        """The name to tag ``source`` with; each variation defines it."""
        raise NotImplementedError(f'{self.__class__.__name__} does not say how to make the new name')

    def initialize(self):
        super().initialize()
        fqin = Options(self).image()
        listing = images.DockerImages(self)
        source = listing.get_unique_name(self.config['tag_repo_name_prefix'], ':test')
        NoFailDockerCmd(self, 'image', ['tag', fqin, source]).execute()
        self.sub_stuff['names'] = [source]
        self.sub_stuff['source'] = source
        self.sub_stuff['source_id'] = images.DockerImages(self).list_imgs_with_full_name(source)[0].long_id
        self.sub_stuff['new'] = self.new_name(source, listing)

    def run_once(self):
        super().run_once()
        args = ['--force'] if self.config['tag_force'] else []
        args += [self.sub_stuff['source'], self.sub_stuff['new']]
        self.sub_stuff['names'].append(self.sub_stuff['new'])
        self.sub_stuff['result'] = DockerCmd(self, 'tag', args, self.config['docker_tag_timeout']).execute()
        self.loginfo('%s: exit %s', self.sub_stuff['result'].command, self.sub_stuff['result'].exit_status)

    def postprocess(self):
        super().postprocess()
        result, new = self.sub_stuff['result'], self.sub_stuff['new']
        found = [img for img in images.DockerImages(self).list_imgs() if img.full_name == new]
        if self.config['docker_expected_result'] == 'PASS':
            self.failif_ne(result.exit_status, 0, f'Exit status of {result.command}')
            checked = OutputGood(result, ignore_error=True)
            self.failif(not checked, f'Bad output of {result.command}: {checked}')
            self.failif(not found, f'Tagged image {new} is not listed by docker images after a reported success')
            self.failif_ne(found[0].long_id, self.sub_stuff['source_id'], f'Image id of {new}')
        else:
            self.failif(result.exit_status == 0, f'{result.command} succeeded; it was expected to fail')
            checked = OutputNotBad(result, ignore_error=True)
            self.failif(not checked, f'Bad output of {result.command}: {checked}')
            self.failif(bool(found), f'Image {new} is listed although tagging it was expected to fail')

    def cleanup(self):
        super().cleanup()
        if not self.config['remove_after_test']:
            return
        images.DockerImages(self).clean_all(reversed(self.sub_stuff.get('names', [])))


class change_tag(tag_base):
    """The same repository with a new tag."""

    def new_name(self, source, listing):
        return f'{source.rsplit(":", 1)[0]}:{self.random_part(listing)}'


class change_repository(tag_base):
    """A new repository under the same registry and user."""

    def new_name(self, source, listing):
        prefix = self.config['tag_repo_name_prefix']
        if self.config['gen_lower_only']:
            return listing.get_unique_name(prefix, ':test')
        return f'{prefix}_{self.random_part(listing)}:test'


class change_repository_upper(change_repository):
    """A new repository holding upper-case letters (``gen_lower_only = no``), refused by today's docker."""


class change_user(tag_base):
    """The same registry and repository under a new user."""

    def new_name(self, source, listing):
        repo, tag_, addr, user = images.DockerImage.split_to_component(source)
        user = f'{user or "dockertest-test"}-{self.random_part(listing)}'
        return images.DockerImage.full_name_from_component(repo, tag_, addr, user)


class change_registry(tag_base):
    """The same user and repository under a ``localhost:<random port>`` registry (never contacted)."""

    def new_name(self, source, listing):
        repo, tag_, _, user = images.DockerImage.split_to_component(source)
        addr = f'localhost:{random.randint(1024, 65535)}'
        return images.DockerImage.full_name_from_component(repo, tag_, addr, user)
