"""
Summary
-------

A subtest written the 2014 way: image and container listings through subclasses that override
``docker_cmd(self, cmd, timeout=None)`` to record every command, as private suites did.

Operational Summary
-------------------

#. List the images through the overriding class: the test image is there.
#. Start a named container, find it through the overriding containers class, kill and remove it.
#. Check every command went through the override, as one string.
"""

from dockertest import subtest
from dockertest.containers import DockerContainersCLI
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.images import DockerImage, DockerImagesCLI


class RecordingImages(DockerImagesCLI):
    def docker_cmd(self, cmd, timeout=None):
        self.subtest.stuff['commands'].append(cmd)
        return super(RecordingImages, self).docker_cmd(cmd, timeout)


class RecordingContainers(DockerContainersCLI):
    def docker_cmd(self, cmd, timeout=None):
        self.subtest.stuff['commands'].append(cmd)
        return super(RecordingContainers, self).docker_cmd(cmd, timeout)


class listing(subtest.Subtest):
    version = '0.0.1'
    config_section = 'legacy/listing'

    def initialize(self):
        super(listing, self).initialize()
        self.stuff['commands'] = []
        self.stuff['name'] = None

    def run_once(self):
        super(listing, self).run_once()
        fqin = DockerImage.full_name_from_defaults(self.config)
        images = RecordingImages(self)
        self.stuff['image_names'] = images.list_imgs_full_name()
        self.stuff['fqin'] = fqin
        name = self.config['container_name']
        self.stuff['name'] = name
        subargs = '--detach --name=%s --network=none %s sleep 300' % (name, fqin)
        NoFailDockerCmd(self, 'run', subargs).execute()
        dcs = RecordingContainers(self)
        found = dcs.list_containers_with_name(name)
        self.stuff['found'] = [container.container_name for container in found]
        dcs.kill_container_by_name(name)
        dcs.wait_by_name(name)
        dcs.remove_by_name(name)
        self.stuff['left'] = dcs.list_containers_with_name(name)

    def postprocess(self):
        super(listing, self).postprocess()
        self.failif(self.stuff['fqin'] not in self.stuff['image_names'], 'test image not listed')
        self.failif_ne(self.stuff['found'], [self.stuff['name']], 'containers found by name')
        self.failif_ne(self.stuff['left'], [], 'containers left after remove_by_name')
        commands = self.stuff['commands']
        self.loginfo('commands through docker_cmd: %s', commands)
        self.failif(not all(isinstance(cmd, str) for cmd in commands), 'docker_cmd got a non-string')
        self.failif('images --no-trunc' not in commands, 'images not listed through the override')
        self.failif('rm %s' % self.stuff['name'] not in commands, 'rm not run through the override')

    def cleanup(self):
        super(listing, self).cleanup()
        if self.stuff.get('name'):
            NoFailDockerCmd(self, 'rm', ['--force', '--volumes', self.stuff['name']]).execute()
