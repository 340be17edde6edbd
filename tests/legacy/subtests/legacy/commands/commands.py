"""
Summary
-------

A subtest written the 2014 way: docker commands with ``NoFailDockerCmd``, ``DockerCmd`` and
``AsyncDockerCmd``, string ``subargs``, a file handed to ``execute()`` as stdin, and state kept in
``self.stuff``.

Operational Summary
-------------------

#. Check the test image is there with ``NoFailDockerCmd``.
#. Start ``cat`` in a container with ``AsyncDockerCmd``, stdin from a file the subtest wrote.
#. Run ``sh -c 'echo $HOME'`` with string subargs: the single quotes keep ``$HOME`` literal.
#. Start a container that prints ``READY`` and wait for it with ``wait_for_ready()``.
#. Check the outputs, the exit statuses and ``str()`` of the results.
"""

import os

from dockertest import subtest
from dockertest.dockercmd import AsyncDockerCmd, DockerCmd, NoFailDockerCmd
from dockertest.images import DockerImage


class commands(subtest.Subtest):
    version = '0.0.1'
    config_section = 'legacy/commands'

    def initialize(self):
        super(commands, self).initialize()
        self.stuff['fqin'] = DockerImage.full_name_from_defaults(self.config)
        self.stuff['input_file'] = os.path.join(self.tmpdir, 'input.txt')
        input_file = open(self.stuff['input_file'], 'w')
        input_file.write(self.config['input_text'] + '\n')
        input_file.close()
        self.stuff['names'] = []

    def run_once(self):
        super(commands, self).run_once()
        fqin = self.stuff['fqin']
        NoFailDockerCmd(self, 'inspect', [fqin]).execute()
        name = '%s_cat' % self.config['name_prefix']
        self.stuff['names'].append(name)
        subargs = ['--name=%s' % name, '--interactive', '--network=none', fqin, 'cat']
        dkrcmd = AsyncDockerCmd(self, 'run', subargs)
        input_file = open(self.stuff['input_file'], 'rb')
        self.stuff['async_result'] = dkrcmd.execute(input_file)
        self.stuff['async_cmd'] = dkrcmd
        dkrcmd.wait(self.config['docker_timeout'])
        input_file.close()
        name = '%s_home' % self.config['name_prefix']
        self.stuff['names'].append(name)
        subargs = "--name=%s --network=none %s /bin/sh -c 'echo $HOME'" % (name, fqin)
        self.stuff['home'] = DockerCmd(self, 'run', subargs).execute()
        name = '%s_ready' % self.config['name_prefix']
        self.stuff['names'].append(name)
        subargs = "--name=%s --network=none %s sh -c 'sleep 1; echo READY; sleep 60'" % (name, fqin)
        ready = AsyncDockerCmd(self, 'run', subargs)
        ready.execute()
        ready.wait_for_ready()
        self.stuff['ready'] = ready

    def postprocess(self):
        super(commands, self).postprocess()
        result = self.stuff['async_result']
        # The result execute() returned is completed by wait(), as Autotest's was.
        self.failif(result.exit_status != 0, 'cat exited with %s' % result.exit_status)
        self.failif_ne(result.stdout.strip(), self.config['input_text'], 'cat output')
        self.failif_ne(self.stuff['async_cmd'].exit_status, 0, 'exit status of the command')
        home = self.stuff['home']
        self.failif_ne(home.stdout.strip(), '/root', 'echo $HOME in the container')
        self.failif('Exit status: 0' not in str(home), 'str() of the result: %s' % home)
        self.failif(self.stuff['ready'].done, 'the READY container ended early')

    def cleanup(self):
        super(commands, self).cleanup()
        for name in self.stuff.get('names', []):
            DockerCmd(self, 'rm', ['--force', name]).execute()
        if 'ready' in self.stuff:
            self.stuff['ready'].wait()
