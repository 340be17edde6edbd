"""The command line of the host tool: ``python -m dockertest.tools.host up | status | down [--purge] | version``."""

from __future__ import annotations

import argparse
import sys

from .errors import HostError
from .host import Host
from .settings import Settings

__all__ = ['main']

DESCRIPTION = 'Set up, inspect and tear down the Docker test host on a Debian machine.'


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog='dockertest-host', description=DESCRIPTION)
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('up', help='make everything the suite needs (idempotent)')
    sub.add_parser('status', help='report each piece; exit 1 unless all are ready')
    down = sub.add_parser('down', help='stop what up started')
    down.add_argument('--purge', action='store_true', help='also remove the images and data up made')
    sub.add_parser('version', help='run "docker version" with the client the suite uses')
    args = parser.parse_args(argv)
    try:
        host = Host(Settings.from_env())
        if args.command == 'up':
            host.up()
        elif args.command == 'status':
            return 0 if host.status() else 1
        elif args.command == 'down':
            host.down(purge=args.purge)
        else:
            result = host.docker('version', check=False)
            sys.stdout.write(result.stdout)
            sys.stderr.write(result.stderr)
            return result.exit_status or 0
    except HostError as err:
        print(f'dockertest-host: {err}', file=sys.stderr)
        return 1
    return 0
