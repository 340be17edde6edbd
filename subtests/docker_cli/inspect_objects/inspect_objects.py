"""
Summary
-------

Checks ``docker inspect`` of containers and images (the subtest is not named ``inspect``, which
would shadow Python's own ``inspect`` module when the engine imports it): its JSON agrees with the Engine API's for the
same object, ``--type`` picks the kind of object, ``--format`` templates render fields, and a missing
object fails with exit status 1.

Operational Summary
-------------------

Each sub-subtest that needs one starts a container of the test image (``docker run --detach``
running ``container_cmd`` with ``--label <container_label>``, under a unique name registered for
cleanup), then:

#. ``container_api``: ``docker inspect <name>`` is a JSON list holding one object, equal to the
   Engine API's ``GET /containers/<id>/json`` (less the keys in ``ignore_keys``).
#. ``image_api``: ``docker inspect --type image <test image>`` equals ``GET /images/<name>/json``
   in the same way.
#. ``by_type``: ``docker inspect --type container <name>`` passes; ``--type image <name>`` and
   ``--type container <test image>`` fail with exit status 1 and ``missing_msg``.
#. ``templates``: ``--format`` renders ``{{.Name}}``, ``{{.State.Running}}``, ``{{index .Config.Labels
   "<key>"}}`` and ``{{json .Config.Labels}}`` as the API holds them, and a template naming a field
   that does not exist fails with ``bad_template_msg``.
#. ``missing``: ``docker inspect <missing_name>`` fails with exit status 1, ``missing_msg`` on
   standard error and ``[]`` on standard output.
#. Cleanup removes the container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image in the engine.
* The daemon is reached through a unix socket (``-H unix://...`` in ``docker_options``,
  ``DOCKER_HOST`` or the default), so the Engine API can be asked too; otherwise the API
  sub-subtests are TEST_NA.

Configuration
-------------

* ``container_cmd``, ``container_name_prefix``, ``container_label``: the container's command, name
  prefix and ``KEY=VALUE`` label.
* ``ignore_keys``: CSV of top-level keys left out of the CLI-API comparison (for an engine whose CLI
  adds or drops keys).
* ``missing_name``: the name of an object that does not exist.
* ``missing_msg``: the start of the error for a missing object.
* ``bad_template_msg``: the error for a template naming a missing field.
"""

import json

from dockertest import docker_daemon, dockercalls, subtest, xceptions
from dockertest.options import Options


class inspect_objects(subtest.SubSubtestCaller):
    """Runs the ``docker inspect`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


def cli_object(test, *args):
    """The one object ``docker inspect <args>`` prints."""
    result = dockercalls.must_pass(test, 'inspect', *args)
    try:
        objects = json.loads(result.stdout)
    except ValueError as err:
        raise xceptions.DockerTestFail(f'{result.command} printed no JSON ({err}): {result.stdout[:200]!r}') from err
    test.failif(not (isinstance(objects, list) and len(objects) == 1), f'{result.command} printed {objects!r:.300}')
    return objects[0]


def agree(test, cli_obj, resource):
    """Fail naming the first top-level key where ``cli_obj`` and the API's ``resource`` differ."""
    api_obj = docker_daemon.subtest_client(test.config).get_json(resource)
    ignored = set(Options(test).list('ignore_keys'))
    cli_keys, api_keys = set(cli_obj) - ignored, set(api_obj) - ignored
    test.failif_ne(sorted(cli_keys), sorted(api_keys), f'top-level keys of docker inspect and GET {resource}')
    for key in sorted(cli_keys):
        test.failif_ne(cli_obj[key], api_obj[key], f'{key} in docker inspect and GET {resource}')
    test.loginfo('docker inspect agrees with GET %s on %d keys', resource, len(cli_keys))


class inspect_base(subtest.SubSubtest):
    """A labelled container; helpers for inspect and the Engine API."""

    def initialize(self):
        super().initialize()
        opts = Options(self)
        self.sub_stuff['name'] = dockercalls.start_container(
            self,
            opts.text('container_name_prefix'),
            opts.words('container_cmd', allow_empty=False),
            [f'--label={opts.text("container_label")}'],
        )


class container_api(inspect_base):
    """A container's inspect JSON is the Engine API's."""

    def run_once(self):
        super().run_once()
        obj = cli_object(self, self.sub_stuff['name'])
        agree(self, obj, f'/containers/{obj["Id"]}/json')


class image_api(subtest.SubSubtest):
    """An image's inspect JSON is the Engine API's."""

    def run_once(self):
        super().run_once()
        image = Options(self).image()
        agree(self, cli_object(self, '--type', 'image', image), f'/images/{image}/json')


class by_type(inspect_base):
    """``--type`` picks the kind of object."""

    def must_be_missing(self, *args):
        result = dockercalls.run(self, 'inspect', *args)
        self.failif_ne(result.exit_status, 1, f'exit status of {result.command}')
        self.failif_not_in(Options(self).text('missing_msg'), result.stderr, f'the error of {result.command}')

    def run_once(self):
        super().run_once()
        name, image = self.sub_stuff['name'], Options(self).image()
        obj = cli_object(self, '--type', 'container', name)
        self.failif_ne(obj.get('Name'), f'/{name}', 'Name of docker inspect --type container')
        self.must_be_missing('--type', 'image', name)
        self.must_be_missing('--type', 'container', image)


class templates(inspect_base):
    """``--format`` templates render the fields."""

    def run_once(self):
        super().run_once()
        opts, name = Options(self), self.sub_stuff['name']
        key, _, value = opts.text('container_label').partition('=')
        template = (
            f'{{{{.Name}}}}|{{{{.State.Running}}}}|{{{{index .Config.Labels "{key}"}}}}|{{{{json .Config.Labels}}}}'
        )
        rendered = dockercalls.inspect_field(self, name, template).split('|', 3)
        api_obj = docker_daemon.subtest_client(self.config).get_json(f'/containers/{name}/json')
        self.failif_ne(len(rendered), 4, f'fields rendered by --format {template}')
        self.failif_ne(rendered[0], api_obj['Name'], '{{.Name}}')
        self.failif_ne(rendered[1], str(api_obj['State']['Running']).lower(), '{{.State.Running}}')
        self.failif_ne(rendered[2], value, f'{{{{index .Config.Labels "{key}"}}}}')
        self.failif_ne(json.loads(rendered[3]), api_obj['Config']['Labels'], '{{json .Config.Labels}}')
        bad = dockercalls.run(self, 'inspect', '--format', '{{.DockertestNoSuchField}}', name)
        self.failif(bad.exit_status == 0, f'a template naming a missing field passed: {bad.stdout!r}')
        self.failif_not_in(opts.text('bad_template_msg'), bad.stderr, 'the error for a bad template')


class missing(subtest.SubSubtest):
    """A missing object fails with exit status 1."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        result = dockercalls.run(self, 'inspect', opts.text('missing_name'))
        self.failif_ne(result.exit_status, 1, f'exit status of {result.command}')
        self.failif_not_in(opts.text('missing_msg'), result.stderr, 'the docker inspect error')
        self.failif_ne(result.stdout.strip(), '[]', 'the standard output of docker inspect of a missing object')
