"""
Summary
-------

A subtest written the 2014 way: a ``SubSubtestCaller`` whose children keep state in
``self.sub_stuff``, read their own sections, and run docker with ``DockerCmd`` and
``MustFailDockerCmd``.

Operational Summary
-------------------

#. ``ran_ok``: run ``sh -c 'exit 0'`` in a container; exit 0.
#. ``must_fail``: run ``sh -c 'exit 1'`` with ``MustFailDockerCmd``; exit 1.
"""

from dockertest import subtest
from dockertest.dockercmd import DockerCmd, MustFailDockerCmd
from dockertest.images import DockerImage


class caller(subtest.SubSubtestCaller):
    version = '0.0.1'
    config_section = 'legacy/caller'


class caller_base(subtest.SubSubtest):
    def initialize(self):
        super(caller_base, self).initialize()
        self.sub_stuff['fqin'] = DockerImage.full_name_from_defaults(self.config)
        self.sub_stuff['name'] = '%s_%s' % (self.config['name_prefix'], self.__class__.__name__)
        self.sub_stuff['result'] = None

    def subargs(self):
        return '--name=%s --network=none %s %s' % (
            self.sub_stuff['name'],
            self.sub_stuff['fqin'],
            self.config['command'],
        )

    def postprocess(self):
        super(caller_base, self).postprocess()
        self.failif_ne(self.config_section, self.make_name(self.parent_subtest.config_section), 'section')
        self.failif_ne(self.sub_stuff['result'].exit_status, self.config['expected_status'], 'exit status')

    def cleanup(self):
        super(caller_base, self).cleanup()
        DockerCmd(self, 'rm', ['--force', self.sub_stuff['name']]).execute()


class ran_ok(caller_base):
    def run_once(self):
        super(ran_ok, self).run_once()
        self.sub_stuff['result'] = DockerCmd(self, 'run', self.subargs()).execute()


class must_fail(caller_base):
    def run_once(self):
        super(must_fail, self).run_once()
        self.sub_stuff['result'] = MustFailDockerCmd(self, 'run', self.subargs()).execute()
