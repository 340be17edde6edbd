"""
Summary
-------

Checks ``docker export`` followed by ``docker import --change``: the container's filesystem becomes
an image whose configuration is what the ``--change`` instructions say, and a container of that
image runs with them (its command, environment and working directory) and sees the exported files.

Operational Summary
-------------------

#. ``docker run --name <unique> <test image> sh -c 'echo <token> > <token_file>'`` writes a file
   with a random token and exits (the name is registered for cleanup).
#. ``docker export --output <tmpdir>/rootfs.tar <name>`` writes its filesystem.
#. ``docker import`` of the tar as ``localhost/<unique>:<image_tag>`` (registered for cleanup) with
   ``--change 'ENV <env>'``, ``--change 'WORKDIR <workdir>'`` and ``--change 'CMD ["sh", "-c",
   "<script>"]'`` where the script prints the variable, ``pwd`` and the token file.
#. ``docker image inspect`` shows the variable in ``Config.Env``, the directory in
   ``Config.WorkingDir`` and the command in ``Config.Cmd``.
#. ``docker run --rm`` of the imported image without a command prints the variable's value, the
   directory and the token, one per line: the changes took effect and the files came along.

Prerequisites
-------------

* The test image, with busybox ``sh``, ``cat`` and ``pwd``.
* Room in the test's temporary directory for the image's filesystem (a few MB for busybox).

Configuration
-------------

* ``container_name_prefix``: prefix of the exported container's name.
* ``image_name_prefix``, ``image_tag``: the imported image's name (``localhost/<prefix>_<random>``).
* ``token_file``: the absolute path of the file written in the container.
* ``import_env``: the ``ENV`` change, ``NAME=VALUE``.
* ``import_workdir``: the ``WORKDIR`` change, a directory of the image.
"""

import json
import os
import secrets

from dockertest import dockercalls, naming, subtest, xceptions
from dockertest.options import Options


class import_export(subtest.Subtest):
    """Export a container, import it with ``--change``, run it."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        path, env, workdir = opts.text('token_file'), opts.text('import_env'), opts.text('import_workdir')
        variable, _, value = env.partition('=')
        if not path.startswith('/') or "'" in path or not (variable and value) or not workdir.startswith('/'):
            raise xceptions.DockerValueError(
                f'[{self.config_section}] token_file and import_workdir must be absolute paths and import_env '
                f'NAME=VALUE; got {path!r}, {workdir!r} and {env!r}'
            )
        token = secrets.token_hex(16)
        name = self.cleanups.container(naming.unique_name(opts.text('container_name_prefix')))
        dockercalls.must_pass(self, 'run', f'--name={name}', opts.image(), 'sh', '-c', f"echo {token} > '{path}'")
        self.stuff.update(name=name, token=token, path=path, variable=variable, value=value, workdir=workdir)

    def run_once(self):
        super().run_once()
        opts, stuff = Options(self), self.stuff
        tar = os.path.join(self.tmpdir, 'rootfs.tar')
        dockercalls.must_pass(self, 'export', '--output', tar, stuff['name'])
        image = self.cleanups.image(
            f'localhost/{naming.unique_name(opts.text("image_name_prefix"))}:{opts.text("image_tag")}'
        )
        cmd = ['sh', '-c', f'echo "${stuff["variable"]}"; pwd; cat \'{stuff["path"]}\'']
        changes = [f'ENV {stuff["variable"]}={stuff["value"]}', f'WORKDIR {stuff["workdir"]}', f'CMD {json.dumps(cmd)}']
        dockercalls.must_pass(self, 'import', *[arg for change in changes for arg in ('--change', change)], tar, image)
        config = json.loads(dockercalls.inspect_field(self, image, '{{json .Config}}', 'image') or 'null') or {}
        wanted_env = f'{stuff["variable"]}={stuff["value"]}'
        self.failif_not_in(wanted_env, config.get('Env') or [], f'Config.Env of the imported {image}')
        self.failif_ne(config.get('WorkingDir'), stuff['workdir'], f'Config.WorkingDir of the imported {image}')
        self.failif_ne(config.get('Cmd'), cmd, f'Config.Cmd of the imported {image}')
        result = dockercalls.must_pass(self, 'run', '--rm', image)
        self.failif_ne(
            result.stdout.splitlines(),
            [stuff['value'], stuff['workdir'], stuff['token']],
            f'what a container of the imported {image} printed (variable, directory, token)',
        )
        self.loginfo('the imported %s runs with its ENV, WORKDIR and CMD and holds the token', image)
