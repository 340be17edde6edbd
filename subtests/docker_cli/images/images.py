"""
Summary
-------

Ultra-simple test to confirm the table format of the docker CLI ``images`` command, and that the
table lists what the daemon holds.

Operational Summary
-------------------

#. Run ``docker images``; it must succeed with clean output, and its table must parse (columns
   found by their header offsets, ``<none>`` cells as missing values).
#. The test image (from the ``docker_repo*``/``docker_registry*`` defaults) must be listed.
#. Ask the daemon for ``GET /images/json`` over its unix socket: every ``repository:tag`` the API
   lists must be a row of the table with the same short image id, and the table must list no name
   the API does not.
#. A table that does not parse, a missing or extra row, or a different id fails the subtest, naming
   the image.

The 2014 subtest only parsed the table. The API cross-check is skipped, with a note in the log, when
the client does not reach its daemon through a unix socket.

Prerequisites
-------------

The test image is present (the host setup pulls it from the loopback registry).

Configuration
-------------

``api_timeout`` bounds the API request; the docker command uses ``docker_timeout``.
"""

from dockertest import docker_daemon, output, subtest, xceptions
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.images import DockerImagesList
from dockertest.options import Options


class images(subtest.Subtest):
    """Parses ``docker images`` and compares its rows with the API's ``/images/json``."""

    version = '0.9.0'

    def run_once(self):
        super().run_once()
        result = NoFailDockerCmd(self, 'images').execute()
        output.OutputGood(result)
        try:
            self.stuff['listing'] = DockerImagesList.from_table(result.stdout, result.command)
        except xceptions.DockerOutputError as err:
            raise xceptions.DockerTestFail(f'docker images printed a table that does not parse: {err}') from err
        try:
            client = docker_daemon.subtest_client(self.config, float(self.config['api_timeout']))
        except xceptions.DockerTestNAError as err:
            self.loginfo('API check skipped: %s', err)
            self.stuff['api'] = None
        else:
            self.stuff['api'] = client.get_json('/images/json')

    def postprocess(self):
        super().postprocess()
        listing = self.stuff['listing']
        names = listing.list_imgs_full_name()
        self.loginfo('docker images lists %d image(s): %s', len(listing.list_imgs()), ', '.join(names))
        fqin = Options(self).image()
        self.failif(fqin not in names, f'The test image {fqin} is not listed by docker images')
        if self.stuff['api'] is None:
            return
        table = {img.full_name: img.short_id for img in listing.list_imgs() if img.full_name}
        api = {}
        for entry in self.stuff['api']:
            short_id = str(entry.get('Id', '')).removeprefix('sha256:')[:12]
            for name in entry.get('RepoTags') or []:
                if name != '<none>:<none>':
                    api[name] = short_id
        problems = [f'{name} (id {api[name]}) is missing from docker images' for name in sorted(set(api) - set(table))]
        problems += [f'docker images lists {name}, which the API does not' for name in sorted(set(table) - set(api))]
        problems += [
            f'docker images shows {name} as {table[name]} but the API as {api[name]}'
            for name in sorted(set(api) & set(table))
            if table[name] != api[name]
        ]
        self.failif(bool(problems), '; '.join(problems))
        self.loginfo('docker images agrees with the API /images/json on %d name(s)', len(api))
