"""
Summary
-------

Checks ``docker export``: the exported tar of a container's filesystem holds a file written inside
the container, with its content, beside the image's own files.

Operational Summary
-------------------

#. ``docker run --name <unique> <test image> sh -c 'echo <token> > <export_file>'`` writes a file
   with a random token and exits (the name is registered for cleanup).
#. ``docker export --output <tmpdir>/export.tar <name>`` writes the tar.
#. The tar opens, holds ``<export_file>`` (without its leading ``/``) as a regular file whose content
   is the token, and holds every file of ``image_files``.
#. Cleanup removes the container (``docker rm --force --volumes``); the tar goes with the test's
   temporary directory.

Prerequisites
-------------

* The test image, with busybox ``sh``.
* Room in the test's temporary directory for the image's filesystem (a few MB for busybox).

Configuration
-------------

* ``container_name_prefix``: prefix of the container name.
* ``export_file``: the absolute path of the file written in the container.
* ``image_files``: CSV of paths of the image that the tar must hold too.
"""

import os
import secrets
import tarfile

from dockertest import dockercalls, subtest, xceptions
from dockertest.options import Options


class export(subtest.Subtest):
    """Write a file in a container, export it, find the file in the tar."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        path = opts.text('export_file')
        if not path.startswith('/') or "'" in path:
            raise xceptions.DockerValueError(f'[{self.config_section}] export_file: {path!r} is not an absolute path')
        self.stuff.update(path=path, token=secrets.token_hex(16), tar=os.path.join(self.tmpdir, 'export.tar'))
        name = dockercalls.container_name(self)
        self.stuff['name'] = name
        script = f"echo {self.stuff['token']} > '{path}'"
        dockercalls.must_pass(self, 'run', f'--name={name}', opts.image(), 'sh', '-c', script)

    def run_once(self):
        super().run_once()
        dockercalls.must_pass(self, 'export', '--output', self.stuff['tar'], self.stuff['name'])
        try:
            with tarfile.open(self.stuff['tar']) as tar:
                members = {member.name.lstrip('./').lstrip('/'): member for member in tar.getmembers()}
                wanted = self.stuff['path'].lstrip('/')
                member = members.get(wanted)
                self.failif(member is None, f'{wanted} is not in the exported tar ({len(members)} members)')
                self.failif(not member.isfile(), f'{wanted} in the exported tar is not a regular file')
                content = tar.extractfile(member).read().decode(errors='replace').strip()
        except (tarfile.TarError, OSError) as err:
            raise xceptions.DockerTestFail(f'docker export wrote no readable tar: {err}') from err
        self.failif_ne(content, self.stuff['token'], f'the content of {wanted} in the exported tar')
        for path in Options(self).list('image_files'):
            self.failif(path.lstrip('/') not in members, f'the image file {path} is not in the exported tar')
        self.loginfo('the exported tar holds %s with its token, among %d members', wanted, len(members))
