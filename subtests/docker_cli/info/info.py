"""
Summary
-------

Checks the output of ``docker info`` against what the daemon reports through its API and what the
CLI lists.

Operational Summary
-------------------

#. Create a stopped container with a unique name, so that the counts below are not all zero.
#. Run ``docker info``; it must succeed with clean output (no panic, usage or error text).
#. Ask the daemon for ``GET /info`` over its unix socket.
#. Each ``docker info`` key named in ``compare_api`` must be present and equal the API's value
   (by default the server version, storage driver, root directory, container and image counts,
   name and id).
#. With ``count_containers``, ``Containers`` must equal the number of containers ``docker ps -a``
   lists and ``Running`` those ``docker ps`` lists; with ``count_images``, ``Images`` must equal the
   number of distinct image ids ``docker images -a`` lists.
#. Any difference fails the subtest, naming the key and both values. The container is removed in
   ``cleanup()``.

The 2014 subtest compared devicemapper's pool name and space figures with ``dmsetup`` and ``du``.
Today's storage drivers (``overlay2``, ``vfs``...) print none of those, so this one checks what holds
on any engine: ``docker info`` agrees with the API and with the CLI's own listings.

Prerequisites
-------------

A docker daemon answering on a unix socket (as for ``docker_cli/version``; otherwise TEST_NA), and
the test image.

Configuration
-------------

``compare_api`` lists the ``docker info`` keys and the API keys they must equal; ``count_containers``
and ``count_images`` turn the listing cross-checks on or off; ``api_timeout`` bounds the API request;
``remove_after_test`` removes the container the subtest created.
"""

from dockertest import config, docker_daemon, naming, output, subtest, xceptions
from dockertest.dockercmd import NoFailDockerCmd
from dockertest.options import Options
from dockertest.xceptions import DockerTestFail


class info(subtest.Subtest):
    """Compares ``docker info`` with the API's ``/info`` and with ``docker ps``/``docker images`` counts."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        self.stuff['client'] = docker_daemon.subtest_client(self.config, float(self.config['api_timeout']))
        self.stuff['pairs'] = self.api_pairs(str(self.config['compare_api']))
        # Registered before the command: a create killed at its timeout may still have made it.
        self.stuff['name'] = self.cleanups.container(naming.unique_name('dockertest_info'))
        args = ['--name', self.stuff['name'], Options(self).image(), 'true']
        NoFailDockerCmd(self, 'create', args, raw_subargs=True).execute()

    def api_pairs(self, text):
        """``[(info key, API key)]`` from the ``compare_api`` CSV of ``Info Key=ApiKey`` items."""
        pairs = []
        for item in config.get_as_list(text):
            cli_key, sep, api_key = item.partition('=')
            if not sep or not cli_key.strip() or not api_key.strip():
                raise xceptions.DockerValueError(
                    f'[{self.config_section}] compare_api: {item!r} is not "docker info key=API key"'
                )
            pairs.append((cli_key.strip(), api_key.strip()))
        return pairs

    def run_once(self):
        super().run_once()
        result = NoFailDockerCmd(self, 'info').execute()
        output.OutputGood(result)
        self.stuff['cli'] = output.DockerInfo(result.stdout)
        self.stuff['api'] = self.stuff['client'].get_json('/info')
        if self.config['count_containers']:
            self.stuff['ps_all'] = self.count_lines('ps', ['--all', '--quiet', '--no-trunc'])
            self.stuff['ps_running'] = self.count_lines('ps', ['--quiet', '--no-trunc'])
        if self.config['count_images']:
            self.stuff['image_ids'] = self.count_lines('images', ['--all', '--quiet', '--no-trunc'])

    def count_lines(self, subcmd, args):
        """The number of distinct non-blank lines a listing prints."""
        result = NoFailDockerCmd(self, subcmd, args).execute()
        return len({line.strip() for line in result.stdout.splitlines() if line.strip()})

    def cli_value(self, key, sub_key=None):
        """The ``docker info`` value of ``key`` (as printed, ``Storage Driver``) or of its child ``sub_key``.

        Raises:
            DockerTestFail: docker info printed no such key.
        """
        normalised = [k.strip().lower().replace(' ', '_') for k in (key, sub_key) if k]
        try:
            return self.stuff['cli'].get(*normalised).strip()
        except KeyError:
            where = f"'{sub_key}' under '{key}'" if sub_key else f"'{key}'"
            raise DockerTestFail(f'docker info printed no {where}') from None

    def postprocess(self):
        super().postprocess()
        api = self.stuff['api']
        problems = []
        for cli_key, api_key in self.stuff['pairs']:
            cli = self.cli_value(cli_key)
            if api_key not in api:
                raise xceptions.DockerTestError(f'The API /info has no {api_key!r} (compare_api names it)')
            if cli != str(api[api_key]):
                problems.append(f"docker info '{cli_key}' is '{cli}' but the API /info '{api_key}' is '{api[api_key]}'")
            else:
                self.logdebug('docker info %s = %s, as the API says', cli_key, cli)
        if self.config['count_containers']:
            problems += self.count_problems('Containers', self.stuff['ps_all'], 'docker ps --all')
            running = self.cli_value('Containers', 'Running')
            problems += self.count_problems('Running', self.stuff['ps_running'], 'docker ps', running)
        if self.config['count_images']:
            problems += self.count_problems('Images', self.stuff['image_ids'], 'docker images --all (distinct ids)')
        self.failif(bool(problems), '; '.join(problems))
        self.loginfo('docker info agrees with the API /info and the listings')

    def count_problems(self, key, listed, listing, value=None):
        """A problem when the ``docker info`` count ``key`` differs from what ``listing`` showed."""
        value = self.cli_value(key) if value is None else value
        if value == str(listed):
            return []
        return [f"docker info '{key}' is '{value}' but {listing} lists {listed}"]
