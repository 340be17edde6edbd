"""
Summary
-------

Checks ``docker stats --no-stream``: its table, and ``--format`` fields, for a container with a
``--memory`` limit: the memory usage is above zero and within the limit, which it reports.

Operational Summary
-------------------

#. ``docker run --detach --memory <memory_limit>`` starts a container (unique name, registered for
   cleanup) that holds a little memory (a shell variable of ``hold_kb`` KB) and sleeps. A warning of
   the engine that the kernel cannot limit memory (``unsupported_msgs``) makes the subtest TEST_NA,
   quoting it.
#. ``docker stats --no-stream <name>`` returns (it does not stream) with a header holding each of
   ``table_columns`` and one row, naming the container.
#. ``docker stats --no-stream --format '{{.Name}}|{{.MemUsage}}|{{.MemPerc}}|{{.CPUPerc}}' <name>``
   prints one line: the name; a usage above zero and at most the limit, and a limit equal to
   ``--memory`` as far as the printed figure's last digit tells (``64MiB``, or podman's decimal
   ``67.11MB``); percentages that parse.
#. Cleanup removes the container (``docker rm --force --volumes``).

Prerequisites
-------------

* The test image, with busybox ``sh``, ``head``, ``tr`` and ``sleep``.
* The kernel's memory cgroup controller.

Configuration
-------------

* ``container_name_prefix``: prefix of the container name.
* ``memory_limit``: the ``--memory`` of the container, in MiB (a number).
* ``hold_kb``: KB of memory the container holds.
* ``table_columns``: ``|``-separated column names the plain table must have.
* ``unsupported_msgs``: ``|``-separated texts of the engine's warnings when the kernel cannot limit
  memory.
"""

import re

from dockertest import dockercalls, subtest
from dockertest.options import Options

UNITS = {'B': 1, 'KIB': 1024, 'MIB': 1024**2, 'GIB': 1024**3, 'TIB': 1024**4, 'KB': 1000, 'MB': 1000**2, 'GB': 1000**3}


def size(text):
    """Bytes of a size as docker stats prints it (``1.5MiB``, ``0B``); None when it does not parse."""
    parsed = sized(text)
    return parsed and parsed[0]


def sized(text):
    """(bytes, resolution) of a printed size: the resolution is half a unit of its last digit
    (``67.11MB``: 5000 bytes), as far as the printed figure can tell; None when it does not parse."""
    match = re.fullmatch(r'\s*([0-9]+)(?:\.([0-9]+))?\s*([A-Za-z]+)\s*', text)
    if not match or match.group(3).upper() not in UNITS:
        return None
    unit = UNITS[match.group(3).upper()]
    decimals = len(match.group(2) or '')
    value = float(f'{match.group(1)}.{match.group(2) or 0}') * unit
    return value, unit * 10**-decimals / 2


class stats(subtest.Subtest):
    """``docker stats --no-stream`` of a container with a memory limit."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        limit = opts.integer('memory_limit', minimum=8)
        name = dockercalls.container_name(self)
        script = f'x=$(head -c {opts.integer("hold_kb", minimum=1) * 1024} /dev/zero | tr "\\0" a); sleep 600'
        args = ['--detach', f'--name={name}', f'--memory={limit}m', opts.image(), 'sh', '-c', script]
        dockercalls.must_pass_or_na(self, 'unsupported_msgs', 'run', *args)
        self.stuff.update(name=name, limit=limit)

    def run_once(self):
        super().run_once()
        opts, name, limit = Options(self), self.stuff['name'], self.stuff['limit']
        table = dockercalls.must_pass(self, 'stats', '--no-stream', name).stdout.splitlines()
        self.failif(
            len(table) != 2,
            f'docker stats --no-stream printed {len(table)} lines; expected a header and a row: {table}',
        )
        for column in opts.text('table_columns').split('|'):
            self.failif_not_in(column.strip(), table[0], 'the header of docker stats --no-stream')
        self.failif_not_in(name, table[1], 'the row of docker stats --no-stream')
        template = '{{.Name}}|{{.MemUsage}}|{{.MemPerc}}|{{.CPUPerc}}'
        line = dockercalls.must_pass(self, 'stats', '--no-stream', '--format', template, name).stdout.strip()
        fields = line.split('|')
        self.failif(len(fields) != 4, f'docker stats --format {template} printed {line!r}')
        shown, usage_text, mem_perc, cpu_perc = fields
        self.failif_ne(shown.lstrip('/'), name, '{{.Name}}')
        used, _, limit_text = usage_text.partition('/')
        used, shown_limit = size(used), sized(limit_text)
        self.failif(used is None or shown_limit is None, f'{{{{.MemUsage}}}} {usage_text!r} does not parse')
        reported, resolution = shown_limit
        self.failif(
            abs(reported - limit * 1024**2) > resolution,
            f'the limit in {{{{.MemUsage}}}} {usage_text!r} is {reported:.0f} bytes (to {resolution:g}), '
            f'not the --memory of {limit * 1024**2} bytes',
        )
        self.failif(
            not 0 < used <= reported,
            f'the usage in {{{{.MemUsage}}}} {usage_text!r} is not above 0 and within the limit',
        )
        for what, value in (('{{.MemPerc}}', mem_perc), ('{{.CPUPerc}}', cpu_perc)):
            self.failif(not re.fullmatch(r'[0-9.]+%', value.strip()), f'{what} {value!r} is not a percentage')
        self.loginfo('docker stats: %s uses %s', name, usage_text)
