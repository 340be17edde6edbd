"""
Summary
-------

Several variations of running the commit command: commit a container that changed a file, with an
author, a message and configuration changes, then check the new image's metadata, its files and
its default command.

Operational Summary
-------------------

#. ``initialize`` runs ``docker run --name <unique> <test image> <docker_data_prepare_cmd>``, which
   writes random data to ``/var/i``.
#. ``run_once`` runs ``docker commit --author <commit_author> --message <commit_message>
   --change <...> <container> <unique name>`` in the background.
#. ``good`` requires exit 0, good output holding the new image id, the image listed under its name
   with that id, the author, message, command and environment in ``docker image inspect``, and
   ``docker run <image> <docker_read_file_cmd>`` printing the random data for each of
   ``commit_changed_files``.
#. ``check_default_cmd`` also runs the new image with no command: the default command set by the
   commit (``ls /etc``) must print ``check_results_contain``.
#. Cleanup removes the containers and the new image (``remove_after_test``).

Fitted to today's docker: ``docker commit --run`` was removed, so ``commit_run_params`` (the same
JSON of image configuration) becomes ``--change`` instructions: ``Cmd`` gives ``CMD``,
``Entrypoint`` ``ENTRYPOINT``, ``Env`` one ``ENV`` each, ``WorkingDir`` ``WORKDIR``, ``User``
``USER``, ``ExposedPorts`` or ``PortSpecs`` ``EXPOSE`` and ``Labels`` one ``LABEL`` each. The test
image has busybox, and the commands use its ``/bin/sh`` where the original used ``/bin/bash``.

Prerequisites
-------------

*  A remote registry server (the loopback registry) holding the test image, present locally.
*  The test image has ``/bin/sh``, ``cat`` and ``ls``, and a ``/etc/passwd``.

Configuration
-------------

*  Customized configuration for ``docker_repo_name``, ``docker_repo_tag``, and optionally
   ``docker_registry_host`` and/or ``docker_registry_user``, i.e. copy
   ``config_defaults/defaults.ini`` to ``config_custom/defaults.ini`` and modify the values.
*  ``docker_commit_timeout`` bounds the commit; ``remove_after_test`` selects cleanup;
   ``commit_options_csv`` gives more ``docker commit`` options (an engine's image format, say).
*  ``docker_data_prepare_cmd`` (``%s`` is the random data) and ``docker_read_file_cmd`` (``%s`` is
   a path) are the commands run in the containers.
*  Per sub-subtest: ``docker_expected_result``, ``commit_repo_name_prefix``, ``commit_author``,
   ``commit_message``, ``commit_run_params``, ``commit_changed_files`` and, for
   ``check_default_cmd``, ``check_results_contain``.
"""

import json

from autotest.client.shared import utils
from dockertest import containers, images, subtest, xceptions
from dockertest.dockercmd import AsyncDockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputGood, OutputNotBad

# commit_run_params keys (the 2014 --run JSON) and the Dockerfile instruction each becomes.
CHANGES = {
    'Cmd': 'CMD',
    'Entrypoint': 'ENTRYPOINT',
    'Env': 'ENV',
    'WorkingDir': 'WORKDIR',
    'User': 'USER',
    'ExposedPorts': 'EXPOSE',
    'PortSpecs': 'EXPOSE',
    'Labels': 'LABEL',
}


def change_options(text, section):
    """The ``--change`` options for the JSON ``commit_run_params`` of ``section``.

    Raises:
        DockerTestError: the text is not a JSON object of known keys.
    """
    where = f'commit_run_params in [{section}]'
    try:
        params = json.loads(text or '{}')
    except ValueError as err:
        raise xceptions.DockerTestError(f'{where} is not JSON: {err}') from err
    if not isinstance(params, dict):
        raise xceptions.DockerTestError(f'{where} must be a JSON object')
    unknown = sorted(set(params) - set(CHANGES))
    if unknown:
        raise xceptions.DockerTestError(f'{where}: unknown key(s) {", ".join(unknown)}; known: {", ".join(CHANGES)}')
    changes = []
    for key, value in params.items():
        if key in ('Cmd', 'Entrypoint'):
            changes.append(f'{CHANGES[key]} {json.dumps(value)}')
        elif key == 'Env':
            changes += [f'ENV {item}' for item in value]
        elif key == 'Labels':
            changes += [f'LABEL {name}={json.dumps(val)}' for name, val in value.items()]
        elif key in ('ExposedPorts', 'PortSpecs'):
            changes += [f'EXPOSE {port}' for port in value]
        else:
            changes.append(f'{CHANGES[key]} {value}')
    return [arg for change in changes for arg in ('--change', change)]


class commit(subtest.SubSubtestCaller):
    """Runs the ``docker commit`` variations named by ``subsubtests``."""

    version = '0.1.0'
    failure_details = True


class good(subtest.SubSubtest):
    """Commit a changed container and check the image's metadata and files."""

    def run_container(self, image, *command):
        """Run ``image`` in a new named container (removed at cleanup); returns the finished result."""
        name = f'{self.sub_stuff["stem"]}_{len(self.sub_stuff["containers"])}'
        self.sub_stuff['containers'].append(name)
        return NoFailDockerCmd(self, 'run', ['--name', name, image, *command]).execute()

    def initialize(self):
        super().initialize()
        self.sub_stuff.update(containers=[], image=None)
        name = images.DockerImages(self).get_unique_name(self.config['commit_repo_name_prefix'], ':test')
        self.sub_stuff['stem'] = name.rsplit('/', 1)[-1].replace(':', '_')
        self.sub_stuff['new_name'] = name
        self.sub_stuff['changes'] = change_options(self.config['commit_run_params'], self.config_section)
        self.sub_stuff['data'] = utils.generate_random_string(12)
        fqin = Options(self).image()
        self.run_container(fqin, self.config['docker_data_prepare_cmd'] % self.sub_stuff['data'])

    def run_once(self):
        super().run_once()
        args = Options(self).list('commit_options_csv')
        args += ['--author', self.config['commit_author'], '--message', self.config['commit_message']]
        args += [*self.sub_stuff['changes'], self.sub_stuff['containers'][0], self.sub_stuff['new_name']]
        cmd = AsyncDockerCmd(self, 'commit', args, self.config['docker_commit_timeout'], raw_subargs=True)
        cmd.execute()
        self.sub_stuff['image'] = self.sub_stuff['new_name']
        result = cmd.wait()
        self.loginfo('%s: exit %s', result.command, result.exit_status)
        self.sub_stuff['result'] = result

    def postprocess(self):
        super().postprocess()
        result, name = self.sub_stuff['result'], self.sub_stuff['new_name']
        if self.config.get('docker_expected_result', 'PASS') != 'PASS':
            self.failif(result.exit_status == 0, f'{result.command} succeeded; it was expected to fail')
            checked = OutputNotBad(result, ignore_error=True)
            self.failif(not checked, f'Bad output of {result.command}: {checked}')
            return
        said = f' (its stderr: {result.stderr.strip()[-300:]!r})' if result.exit_status else ''
        self.failif_ne(result.exit_status, 0, f'Exit status of {result.command}{said}')
        checked = OutputGood(result, ignore_error=True)
        self.failif(not checked, f'Bad output of {result.command}: {checked}')
        found = [img for img in images.DockerImages(self).list_imgs() if img.full_name == name]
        self.failif(not found, f'Committed image {name} is not listed by docker images after a reported success')
        self.failif_ne(result.stdout.strip(), found[0].long_id, f'Image id printed by docker commit for {name}')
        self.check_metadata(name)
        for path in Options(self).list('commit_changed_files'):
            read = self.run_container(name, self.config['docker_read_file_cmd'] % path)
            self.failif_not_in(self.sub_stuff['data'], read.stdout, f'{path} in the committed image {name}')

    def check_metadata(self, name):
        """Author, message and the configuration changes, as ``docker image inspect`` shows them."""
        result = NoFailDockerCmd(self, 'image', ['inspect', '--format', '{{json .}}', name], raw_subargs=True).execute()
        meta = json.loads(result.stdout)
        self.failif(
            not isinstance(meta, dict),
            f"{result.command} printed a JSON {type(meta).__name__}, not the image's object: {result.stdout[:120]!r}",
        )
        self.failif_ne(meta.get('Author'), self.config['commit_author'], f'Author of {name}')
        self.failif_ne(meta.get('Comment'), self.config['commit_message'], f'Commit message of {name}')
        params = json.loads(self.config['commit_run_params'] or '{}')
        image_config = meta.get('Config') or {}
        if 'Cmd' in params:
            self.failif_ne(image_config.get('Cmd'), params['Cmd'], f'Default command of {name}')
        for item in params.get('Env', []):
            self.failif(item not in (image_config.get('Env') or []), f'{item} missing from the environment of {name}')

    def cleanup(self):
        super().cleanup()
        if not self.config['remove_after_test']:
            return
        containers.DockerContainers(self).clean_all(self.sub_stuff.get('containers', []))
        if self.sub_stuff.get('image'):
            images.DockerImages(self).clean_all([self.sub_stuff['image']])


class check_default_cmd(good):
    """Also run the committed image with no command: its new default command must run."""

    def postprocess(self):
        super().postprocess()
        result = self.run_container(self.sub_stuff['new_name'])
        self.failif_not_in(
            self.config['check_results_contain'],
            result.stdout,
            f'the output of the default command of {result.command}',
        )
