"""
Summary
-------

Checks user-defined networks: two containers on a user-defined bridge reach each other by name;
``docker network connect`` and ``disconnect`` of a running container; an ``--internal`` network has no
route out; ``--network none`` has only loopback; a network in use cannot be removed. All traffic stays
between the subtest's own containers, or goes to a listener the subtest runs in a network namespace
of its own on this host: no address outside the machine is ever tried.

Operational Summary
-------------------

Every network has a unique name registered for cleanup before ``docker network create``; every
container is the test image under a unique name registered for cleanup. A *server* is a container
whose busybox ``httpd`` serves a token on ``server_port``; a *fetch* is busybox ``wget`` of it by the
server's container name (resolved by busybox ``nslookup``, fetched with ``nc``), retried for up to ``fetch_timeout`` seconds where it is expected to work.

#. ``by_name``: ``docker network create --driver bridge``; a server on it, and a second container on
   it fetches the token by the server's name.
#. ``connect_disconnect``: a server on one network, a client container on another: the client cannot
   fetch; after ``docker network connect`` it is on both networks (``docker inspect``) and fetches the
   token; after ``docker network disconnect`` it is on its own network only and cannot fetch.
#. ``internal``: ``docker network create --internal`` must keep the network's traffic on the host
   (docker: "restrict external access to the network"). A stand-in for "outside" is made on the
   host: a network namespace joined to the root namespace by a veth pair, addressed from a random
   /30 of TEST-NET-2 (198.51.100.0/24, never routed on the internet) that no route of the host
   covers, with a TCP listener inside it answering a random token. Control: a container on an
   ordinary network the subtest made reaches the listener (forwarded through the host) and gets the
   token; if not, the subtest fails saying so (TEST_NA when the host forwards no IPv4 at all). Check:
   a container on the ``--internal`` network has only ``lo`` and ``eth0``, its routes
   (``/proc/net/route``, logged) go only via its own network's gateway, and its connection to the
   listener fails. The namespace, the veth pair and the listener are registered for cleanup before
   they are made. Needs root and ``ip netns`` (iproute2); TEST_NA quoting ``ip``'s error without it.
#. ``none``: a container with ``--network none`` has only the ``lo`` interface (``/sys/class/net``)
   and no routes.
#. ``in_use``: ``docker network rm`` of a network a running container is on fails with ``in_use_msg``;
   after the container is removed, it succeeds.
#. Cleanup removes the containers, then the networks.

Prerequisites
-------------

* The test image, with busybox ``httpd``, ``wget``, ``nc``, ``sh`` and ``sleep``.
* The engine's ``bridge`` network driver and its embedded DNS for container names.
* For ``internal``: root, and ``ip`` (iproute2) able to make network namespaces and veth pairs.

Configuration
-------------

* ``network_name_prefix``, ``container_name_prefix``: prefixes of the unique names.
* ``server_port``: the port the server containers serve on (inside their network).
* ``fetch_timeout``: seconds a fetch or connection that should work is retried.
* ``refused_timeout``: seconds a fetch or connection that should fail may take.
* ``in_use_msg``: ``|``-separated texts, one of which the refusal to remove a network in use holds.
* ``gateway_template``: the ``docker network inspect --format`` template printing a network's gateway
  addresses.
"""

import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from dockertest import dockercalls, subtest, xceptions
from dockertest.options import Options


class network(subtest.SubSubtestCaller):
    """Runs the network checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class network_base(subtest.SubSubtest):
    """Helpers: networks, servers, clients and fetches."""

    def new_network(self, *options):
        """A new network (unique name, registered for cleanup); its name."""
        prefix = Options(self).text('network_name_prefix')
        return dockercalls.create_object(self, 'network', prefix, '--driver', 'bridge', *options)

    def start(self, command, *options):
        """A running container of the test image; its name."""
        prefix = Options(self).text('container_name_prefix')
        return dockercalls.start_container(self, prefix, ['sh', '-c', command], list(options))

    def server(self, net):
        """A server container on ``net``; (its name, its token)."""
        token = secrets.token_hex(8)
        port = Options(self).integer('server_port', minimum=1)
        script = f'mkdir -p /www && echo {token} > /www/index.html && exec httpd -f -p {port} -h /www'
        return self.start(script, f'--network={net}'), token

    def fetch_script(self, host, port, expect_success):
        """Shell text printing what ``host:port`` answers, retried only when it should work.

        The name is resolved by busybox ``nslookup`` (the engine's DNS answers it) and the address
        fetched: the test image's static busybox ``wget`` crashes resolving names on some engines.
        """
        opts = Options(self)
        resolve = f"a=$(nslookup {host} 2>/dev/null | awk '/^Name:/ {{n=1}} n && /^Address/ {{print $NF; exit}}')"
        # busybox nc, not wget: the test image's static wget crashes (glibc NSS) even on an address.
        get = 'printf \'GET / HTTP/1.0\\r\\n\\r\\n\' | nc -w {wait} "$a" ' + str(port)
        if expect_success:
            tries = max(1, int(opts.seconds('fetch_timeout') / 0.5))
            fetch = get.format(wait=2)
            return (
                f'for i in $(seq {tries}); do {resolve}; test -n "$a" && {fetch} | grep . && exit 0; '
                'sleep 0.5; done; exit 1'
            )
        fetch = get.format(wait=int(opts.seconds('refused_timeout')))
        return f'{resolve}; test -n "$a" && {fetch} | grep .'

    def check_resolver(self, client):
        """Fail unless ``client``'s resolver is the engine's own (on loopback or a gateway of one of its
        networks): a name lookup must never leave the machine."""
        text = dockercalls.must_pass(self, 'exec', client, 'cat', '/etc/resolv.conf').stdout
        words = [line.split() for line in text.splitlines()]
        servers = [w[1] for w in words if len(w) > 1 and w[0] == 'nameserver']
        template = Options(self).text('gateway_template')
        gateways = set()
        for net in self.networks_of(client):
            gateways.update(dockercalls.must_pass(self, 'network', 'inspect', '--format', template, net).stdout.split())
        outside = [s for s in servers if not s.startswith('127.') and s not in gateways]
        self.failif(
            not servers or outside,
            f'container names are not served by the engine on the networks of {client}: its resolver is '
            f'{servers} (neither loopback nor a gateway of {sorted(gateways)}); names were not looked up',
        )

    def fetch_from(self, client, server, expect_success):
        """``docker exec <client>`` fetching from ``server``; the result."""
        port = Options(self).integer('server_port', minimum=1)
        return dockercalls.run(self, 'exec', client, 'sh', '-c', self.fetch_script(server, port, expect_success))

    def networks_of(self, name):
        """The networks ``docker inspect`` lists for container ``name``."""
        template = '{{range $net, $v := .NetworkSettings.Networks}}{{$net}} {{end}}'
        return sorted(dockercalls.inspect_field(self, name, template).split())

    def remove_container(self, name):
        """``docker rm --force <name>``, checked; no longer tracked."""
        dockercalls.must_pass(self, 'rm', '--force', name)
        self.cleanups.forget('container', name)


class by_name(network_base):
    """Two containers on a user-defined bridge reach each other by name."""

    def run_once(self):
        super().run_once()
        net = self.new_network()
        server, token = self.server(net)
        client = self.start('exec sleep 600', f'--network={net}')
        self.check_resolver(client)
        result = self.fetch_from(client, server, True)
        self.failif(
            result.exit_status != 0,
            f'{client} could not fetch from {server} by name on {net}: ' + dockercalls.describe(result),
        )
        self.failif_not_in(token, result.stdout, f'what {client} fetched from {server} by name on network {net}')
        self.loginfo('%s reached %s by name on the user-defined bridge %s', client, server, net)


class connect_disconnect(network_base):
    """network connect and disconnect of a running container."""

    def run_once(self):
        super().run_once()
        own, other = self.new_network(), self.new_network()
        server, token = self.server(other)
        client = self.start('exec sleep 600', f'--network={own}')
        self.check_resolver(client)
        before = self.fetch_from(client, server, False)
        self.failif(
            before.exit_status == 0, f'{client} on {own} fetched from {server} on {other} before network connect'
        )
        dockercalls.must_pass(self, 'network', 'connect', other, client)
        self.failif_ne(
            self.networks_of(client), sorted([own, other]), f'the networks of {client} after network connect'
        )
        joined = self.fetch_from(client, server, True)
        self.failif(
            joined.exit_status != 0,
            f'{client} could not fetch from {server} after network connect {other}: ' + dockercalls.describe(joined),
        )
        self.failif_not_in(token, joined.stdout, f'what {client} fetched from {server} after network connect')
        dockercalls.must_pass(self, 'network', 'disconnect', other, client)
        self.failif_ne(self.networks_of(client), [own], f'the networks of {client} after network disconnect')
        after = self.fetch_from(client, server, False)
        self.failif(after.exit_status == 0, f'{client} still fetched from {server} after network disconnect {other}')
        self.loginfo('%s joined and left %s while running; it reached %s only while connected', client, other, server)


def hex_address(address):
    """An IPv4 address as /proc/net/route prints it (8 hex digits, bytes in host order, little-endian)."""
    return ''.join(f'{int(part):02X}' for part in reversed(address.split('.')))


#: The listener run inside the namespace: it answers each connection with the token (argv 2) on the
#: port (argv 1), prints ``ready`` once listening and each peer it answered, and ends after argv 3 seconds.
LISTENER = """
import socket, sys, time
sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('0.0.0.0', int(sys.argv[1])))
sock.listen(8)
sock.settimeout(0.5)
print('ready', flush=True)
end = time.monotonic() + float(sys.argv[3])
while time.monotonic() < end:
    try:
        conn, peer = sock.accept()
    except OSError:
        continue
    print('peer', peer[0], flush=True)
    with conn:
        conn.sendall(sys.argv[2].encode() + b'\\n')
"""


def ip(*args, check=True):
    """``ip ARGS`` on the host; its CompletedProcess (a CalledProcessError when ``check`` and it fails)."""
    return subprocess.run(['ip', *args], capture_output=True, text=True, timeout=30, check=check)


def ip_error(err):
    """What a failed ``ip`` command said."""
    if isinstance(err, subprocess.CalledProcessError):
        return f'{" ".join(err.cmd)}: exit {err.returncode}: {(err.stderr or err.stdout).strip()}'
    return str(err)


class Outside:
    """A stand-in for the world outside the host: a network namespace joined to the root namespace by a
    veth pair, addressed from a /30 of TEST-NET-2 (198.51.100.0/24, never routed on the internet) that no
    route of the host covers, with a TCP listener answering a token inside it.

    Every step is undone by :meth:`remove`, which the sub-subtest registers before the first one.
    """

    def __init__(self):
        suffix = secrets.token_hex(3)
        self.namespace = f'dockertest_int_{suffix}'
        self.host_end, self.inner_end = f'dti{suffix}h', f'dti{suffix}n'
        self.host_address = self.address = None
        self.port = 20000 + secrets.randbelow(20000)
        self.token = secrets.token_hex(8)
        self.listener = None

    def covering(self, address):
        """The routes of the host (but the default one) that cover ``address``."""
        lines = ip('-4', 'route', 'show', 'to', 'match', address).stdout.splitlines()
        return [line for line in lines if not line.startswith('default')]

    def claim_addresses(self):
        """Give the host end a /30 of 198.51.100.0/24 that no other route of the host covers, checked again
        once its own route is in place (a subtest beside this one may pick the same /30 at the same time)."""
        for _ in range(16):
            base = 4 * secrets.randbelow(64)
            quad = [f'198.51.100.{base + n}' for n in range(4)]
            if any(self.covering(address) for address in quad):
                continue
            ip('address', 'add', f'{quad[1]}/30', 'dev', self.host_end)
            if all(f'dev {self.host_end} ' in line + ' ' for line in self.covering(quad[2])):
                self.host_address, self.address = quad[1], quad[2]
                return
            ip('address', 'flush', 'dev', self.host_end)
        raise xceptions.DockerTestNAError('every /30 of 198.51.100.0/24 tried is covered by a route of the host')

    def make(self, lifetime):
        """Make the namespace, the veth pair, the addresses and routes, and start the listener."""
        try:
            ip('netns', 'add', self.namespace)
        except (OSError, subprocess.SubprocessError) as err:
            raise xceptions.DockerTestNAError(f'ip netns cannot be used: {ip_error(err)}') from err
        inside = ('netns', 'exec', self.namespace, 'ip')
        try:
            ip('link', 'add', self.host_end, 'type', 'veth', 'peer', 'name', self.inner_end, 'netns', self.namespace)
            ip('link', 'set', self.host_end, 'up')
            self.claim_addresses()
            ip(*inside, 'address', 'add', f'{self.address}/30', 'dev', self.inner_end)
            ip(*inside, 'link', 'set', self.inner_end, 'up')
            ip(*inside, 'link', 'set', 'lo', 'up')
            ip(*inside, 'route', 'add', 'default', 'via', self.host_address)
        except (OSError, subprocess.SubprocessError) as err:
            raise xceptions.DockerTestFail(f'could not set up namespace {self.namespace}: {ip_error(err)}') from err
        self.listener = subprocess.Popen(
            ['ip', 'netns', 'exec', self.namespace, sys.executable, '-c', LISTENER, str(self.port), self.token,
             str(lifetime)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        first = self.listener.stdout.readline().strip()
        if first != 'ready':
            raise xceptions.DockerTestFail(f'the listener in namespace {self.namespace} did not start: {first!r}')

    def peers(self):
        """The addresses the listener answered so far (it is stopped first)."""
        self.stop()
        return [line.split()[1] for line in self.listener.stdout.read().splitlines() if line.startswith('peer ')]

    def stop(self):
        """Stop the listener."""
        if self.listener is not None and self.listener.poll() is None:
            self.listener.kill()
            self.listener.wait(10)

    def remove(self):
        """Stop the listener, delete the namespace (and with it the veth pair); raises if something stays."""
        self.stop()
        if shutil.which('ip') is None:
            return  # nothing was made: ``ip netns add`` could not even run
        gone = ('cannot find device', 'no such file', 'does not exist')
        for args in (('link', 'delete', self.host_end), ('netns', 'delete', self.namespace)):
            result = ip(*args, check=False)
            if result.returncode != 0 and not any(text in result.stderr.lower() for text in gone):
                raise xceptions.DockerTestError(f'ip {" ".join(args)}: {result.stderr.strip()}')

    def describe(self):
        """Where the listener is."""
        return f'{self.address}:{self.port} in namespace {self.namespace}'


class internal(network_base):
    """An --internal network has no route out: the engine forwards nothing from it beyond the host."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        outer, inner = self.new_network(), self.new_network('--internal')
        outside = Outside()
        self.cleanups.action(f'namespace {outside.namespace}', outside.remove)
        outside.make(lifetime=3 * opts.seconds('fetch_timeout') + 4 * opts.seconds('refused_timeout') + 60)
        self.loginfo('outside stand-in: listener on %s (host end %s)', outside.describe(), outside.host_address)
        tries = max(1, int(opts.seconds('fetch_timeout') / 0.5))
        reach = (
            f'for i in $(seq {tries}); do nc -w 2 {outside.address} {outside.port} && exit 0; sleep 0.5; done; exit 1'
        )
        prefix = opts.text('container_name_prefix')
        control = dockercalls.run_removed(self, prefix, ['sh', '-c', reach], [f'--network={outer}'])
        if outside.token not in control.stdout:
            forward = Path('/proc/sys/net/ipv4/ip_forward').read_text().strip()
            if forward != '1':
                raise xceptions.DockerTestNAError(
                    f'the host does not forward IPv4 (net.ipv4.ip_forward = {forward}): a container on network '
                    f'{outer} cannot reach {outside.describe()}: {dockercalls.describe(control)}'
                )
            raise xceptions.DockerTestFail(
                f'the control failed: a container on the ordinary network {outer} did not get the token of '
                f'{outside.describe()} (so the --internal check would prove nothing): {dockercalls.describe(control)}'
            )
        template = opts.text('gateway_template')
        inner_gateways = dockercalls.must_pass(self, 'network', 'inspect', '--format', template, inner).stdout.split()
        probe = (
            'ls /sys/class/net; echo ---; tail -n +2 /proc/net/route; echo ---; '
            f'nc -w {int(opts.seconds("refused_timeout"))} {outside.address} {outside.port}; echo "exit $?"'
        )
        inside = dockercalls.run_removed(self, prefix, ['sh', '-c', probe], [f'--network={inner}'])
        self.failif(inside.exit_status != 0, dockercalls.describe(inside))
        interfaces, routes, attempt = (inside.stdout.split('---', 2) + ['', ''])[:3]
        self.loginfo('a container on --internal network %s: interfaces %s; routes:\n%s', inner,
                     ' '.join(interfaces.split()), routes.strip())  # fmt: skip
        self.failif_ne(
            sorted(interfaces.split()), ['eth0', 'lo'], f'the interfaces of a container on --internal network {inner}'
        )
        own = {hex_address(g) for g in inner_gateways if '.' in g} | {'00000000'}
        for line in routes.splitlines():
            fields = line.split()
            self.failif(
                len(fields) > 2 and fields[2] not in own,
                f'a container on the --internal network {inner} has a route via {fields[2:3]} (not its own network '
                f'{inner_gateways}): {line.strip()!r}',
            )
        peers = outside.peers()
        self.failif(
            outside.token in attempt or 'exit 0' in attempt,
            f'a container on the --internal network {inner} reached {outside.describe()} outside the host '
            f'(the listener answered {peers}): {" ".join(attempt.split())}',
        )
        self.loginfo(
            '--internal network %s: %s unreachable (%s); the listener answered only %s, from network %s',
            inner, outside.describe(), ' '.join(attempt.split()), peers, outer,
        )  # fmt: skip


class none(network_base):
    """--network none gives only loopback."""

    def run_once(self):
        super().run_once()
        probe = 'ls /sys/class/net; echo ---; tail -n +2 /proc/net/route'
        result = dockercalls.run_removed(
            self, Options(self).text('container_name_prefix'), ['sh', '-c', probe], ['--network=none']
        )
        self.failif(result.exit_status != 0, dockercalls.describe(result))
        interfaces, _, routes = result.stdout.partition('---')
        self.failif_ne(interfaces.split(), ['lo'], 'the interfaces of a container with --network none')
        self.failif_ne(routes.split(), [], 'the routes of a container with --network none')
        self.loginfo('--network none: only lo, no routes')


class in_use(network_base):
    """docker network rm of a network in use fails; after the container, it passes."""

    def run_once(self):
        super().run_once()
        net = self.new_network()
        user = self.start('exec sleep 600', f'--network={net}')
        dockercalls.must_fail(
            self, 'in_use_msg', f'network {net} while container {user} was on it', 'network', 'rm', net
        )
        dockercalls.must_pass(self, 'network', 'inspect', net)
        self.remove_container(user)
        dockercalls.must_pass(self, 'network', 'rm', net)
        self.cleanups.forget('network', net)
        self.loginfo('network %s could not be removed while in use, and could afterwards', net)
