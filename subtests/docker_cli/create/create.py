"""
Summary
-------

Checks ``docker create``: a created container is in state ``created`` with the configuration that
was asked for, ``docker start`` runs it, and creating a second container under a used name fails.

Operational Summary
-------------------

#. ``created_state``: ``docker create --name <unique> <create_options_csv> <test image> sh -c
   <container_cmd>`` prints the new container's full id. ``docker inspect`` shows ``State.Status``
   ``created``, not running, PID 0; ``Config.Env`` holds ``create_env``, ``Config.WorkingDir`` is
   ``create_workdir``, ``Config.Hostname`` is ``create_hostname``, ``Config.Labels`` holds
   ``create_label``, ``Config.Cmd`` is the command and ``Config.Image`` the image. ``docker ps -a``
   lists it with a status starting with ``ps_created_status``. Then ``docker start`` runs it: within
   ``start_timeout`` seconds it is ``running`` and its log holds ``ready_text``, which the command
   prints after checking its environment, directory and host name.
#. ``name_conflict``: a first ``docker create --name <unique>`` passes; a second one with the same
   name fails (non-zero) with ``conflict_msg``, and only one container has the name.
#. Cleanup removes every container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh``, ``hostname``, ``pwd`` and ``sleep``.

Configuration
-------------

* ``container_name_prefix``: prefix of the container names.
* ``create_env``, ``create_workdir``, ``create_hostname``, ``create_label``: the ``--env``,
  ``--workdir``, ``--hostname`` and ``--label`` given to ``docker create`` and checked in inspect.
* ``container_cmd``: the shell command of the created container; it must print ``ready_text`` once
  its settings check out, then keep running.
* ``ready_text``: what the started container prints.
* ``ps_created_status``: the start of the ``docker ps -a`` status of a created container.
* ``start_timeout``: seconds for the started container to be running and print ``ready_text``.
* ``conflict_msg``: the error of ``docker create`` under a used name.
"""

import json
import re

from dockertest import dockercalls, polling, subtest
from dockertest.options import Options


class create(subtest.SubSubtestCaller):
    """Runs the ``docker create`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class created_state(subtest.SubSubtest):
    """A created container: its state, its configuration, and its start."""

    def initialize(self):
        super().initialize()
        opts = Options(self)
        self.sub_stuff['name'] = name = dockercalls.container_name(self)
        self.sub_stuff['image'] = opts.image()
        self.sub_stuff['command'] = ['sh', '-c', opts.text('container_cmd')]
        options = [
            f'--env={opts.text("create_env")}',
            f'--workdir={opts.text("create_workdir")}',
            f'--hostname={opts.text("create_hostname")}',
            f'--label={opts.text("create_label")}',
        ]
        self.sub_stuff['created'] = dockercalls.must_pass(
            self, 'create', f'--name={name}', *options, self.sub_stuff['image'], *self.sub_stuff['command']
        )

    def inspect(self):
        """The container's ``State`` and ``Config``, from ``docker inspect``."""
        text = dockercalls.inspect_field(self, self.sub_stuff['name'], '{{json .State}}\n{{json .Config}}')
        state, conf = (json.loads(line) for line in text.splitlines())
        return state, conf

    def run_once(self):
        super().run_once()
        opts, name = Options(self), self.sub_stuff['name']
        cid = self.sub_stuff['created'].stdout.strip()
        self.failif(not re.fullmatch(r'[0-9a-f]{64}', cid), f'docker create printed {cid!r}, not a full container id')
        state, conf = self.inspect()
        self.failif_ne(
            (state.get('Status'), state.get('Running'), state.get('Pid')),
            ('created', False, 0),
            'State of the container',
        )
        self.failif_not_in(opts.text('create_env'), conf.get('Env'), 'Config.Env')
        self.failif_ne(conf.get('WorkingDir'), opts.text('create_workdir'), 'Config.WorkingDir')
        self.failif_ne(conf.get('Hostname'), opts.text('create_hostname'), 'Config.Hostname')
        key, _, value = opts.text('create_label').partition('=')
        self.failif_ne((conf.get('Labels') or {}).get(key), value, f'Config.Labels[{key}]')
        self.failif_ne(conf.get('Cmd'), self.sub_stuff['command'], 'Config.Cmd')
        self.failif_ne(conf.get('Image'), self.sub_stuff['image'], 'Config.Image')
        status = dockercalls.must_pass(
            self, 'ps', '--all', '--filter', f'id={cid}', '--format', '{{.Status}}'
        ).stdout.strip()
        self.failif(
            not status.startswith(opts.text('ps_created_status')),
            f'docker ps -a status {status!r}; expected it to start with {opts.text("ps_created_status")!r}',
        )
        self.loginfo('created: %s, configured as asked, ps status %r', name, status)
        dockercalls.must_pass(self, 'start', name)
        ready = opts.text('ready_text')

        def started():
            running = self.inspect()[0].get('Status') == 'running'
            return running and ready in dockercalls.must_pass(self, 'logs', name).stdout

        polling.wait_until(
            started,
            opts.seconds('start_timeout'),
            f'the started container to run and print {ready!r}',
            last=lambda: (self.inspect()[0].get('Status'), dockercalls.run(self, 'logs', name).stdout),
        )
        self.loginfo('docker start ran it: running and printed %r', ready)


class name_conflict(subtest.SubSubtest):
    """A second container under a used name is refused."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        name = dockercalls.container_name(self)
        dockercalls.must_pass(self, 'create', f'--name={name}', opts.image(), 'true')
        second = dockercalls.run(self, 'create', f'--name={name}', opts.image(), 'true')
        dockercalls.refused(self, second, 'conflict_msg', f'a second docker create --name={name}')
        found = dockercalls.ps_field(self, name, '{{.ID}}', '--all').split()
        self.failif_ne(len(found), 1, f'containers named {name}')
