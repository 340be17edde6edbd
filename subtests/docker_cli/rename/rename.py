"""
Summary
-------

Checks ``docker rename``: the new name resolves to the same container, the old name is free for a
new container, and renaming onto a name in use fails and changes nothing.

Operational Summary
-------------------

#. Two containers of the test image run ``container_cmd`` (``docker run --detach``, unique names,
   registered for cleanup), the first as ``<old>``, the second as ``<other>``.
#. ``docker rename <old> <new>``: ``docker inspect <new>`` gives the first container's id and the
   name ``/<new>``; ``docker inspect <old>`` fails with ``missing_msg``; ``docker ps --filter
   name=^<new>$`` lists it; ``docker create --name <old>`` then passes (the old name is free).
#. ``docker rename <other> <new>`` fails (non-zero) with ``conflict_msg``; ``<new>`` still names the
   first container and ``<other>`` the second.
#. Cleanup removes every container under every name it had (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sleep``.

Configuration
-------------

* ``container_cmd``: the command of the containers (long-running).
* ``container_name_prefix``: prefix of the container names.
* ``missing_msg``: the error of ``docker inspect`` for the old name.
* ``conflict_msg``: the error of ``docker rename`` onto a name in use.
"""

from dockertest import dockercalls, naming, subtest
from dockertest.options import Options


class rename(subtest.Subtest):
    """Rename a running container, reuse its old name, and fail to rename onto a used name."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        prefix, command = opts.text('container_name_prefix'), opts.words('container_cmd', allow_empty=False)
        self.stuff['old'] = dockercalls.start_container(self, prefix, command)
        self.stuff['other'] = dockercalls.start_container(self, prefix, command)
        self.stuff['new'] = self.cleanups.container(naming.unique_name(f'{prefix}_new'))
        self.stuff['ids'] = {
            key: dockercalls.inspect_field(self, self.stuff[key], '{{.Id}}') for key in ('old', 'other')
        }

    def identity(self, name):
        """(id, name) of the container ``name`` per ``docker inspect``."""
        return tuple(dockercalls.inspect_field(self, name, '{{.Id}} {{.Name}}').split())

    def run_once(self):
        super().run_once()
        opts = Options(self)
        old, other, new, ids = self.stuff['old'], self.stuff['other'], self.stuff['new'], self.stuff['ids']
        dockercalls.must_pass(self, 'rename', old, new)
        self.failif_ne(self.identity(new), (ids['old'], f'/{new}'), f'id and name of {new} after docker rename')
        gone = dockercalls.run(self, 'inspect', '--type', 'container', old)
        self.failif(gone.exit_status == 0, f'the old name {old} still resolves after docker rename')
        self.failif_not_in(opts.text('missing_msg'), gone.stderr, f'the docker inspect error for the old name {old}')
        listed = dockercalls.ps_field(self, new, '{{.ID}}', '--no-trunc')
        self.failif_ne(listed.split(), [ids['old']], f'docker ps --filter name=^{new}$')
        dockercalls.must_pass(self, 'create', f'--name={old}', opts.image(), 'true')
        self.loginfo('renamed %s to %s; the old name was free again', old, new)
        onto = dockercalls.run(self, 'rename', other, new)
        dockercalls.refused(self, onto, 'conflict_msg', f'docker rename {other} {new} onto a used name')
        self.failif_ne(self.identity(new), (ids['old'], f'/{new}'), f'{new} after the refused rename')
        self.failif_ne(self.identity(other), (ids['other'], f'/{other}'), f'{other} after the refused rename')
        self.loginfo('renaming onto the used name %s failed and changed nothing', new)
