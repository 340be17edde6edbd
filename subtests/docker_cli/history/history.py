"""
Summary
-------

Checks ``docker history``: a built image lists its layers newest first, above the layers of the
image it was built from, each with the instruction that made it; ``--no-trunc`` shows whole ids and
instructions where the default cuts them; ``--format`` prints the fields asked for; the history of
an image that does not exist fails.

Operational Summary
-------------------

#. ``initialize``: ``docker build --tag localhost/<unique>:<image_tag>`` (registered for cleanup) of
   a Dockerfile ``FROM <test image>`` followed by ``build_steps``, in an otherwise empty context.
#. ``docker history --no-trunc --format '{{.ID}}<tab>{{.CreatedBy}}'`` of the built image and of
   the test image: the built image's rows end with the test image's rows (same ids, same
   instructions), and the rows above them hold the ``build_steps`` instructions, oldest at the
   bottom, in the Dockerfile's order (rows the builder adds itself, such as the job's labels, may
   sit between them).
#. Without ``--no-trunc``, the newest row's id is its ``--no-trunc`` id cut short (without the
   ``sha256:`` prefix), and the longest instruction is shortened; with it, the whole instruction is
   there.
#. ``docker history`` without ``--format`` prints the table headed by ``table_header``.
#. ``docker history`` of ``localhost/<unique>:missing`` fails with one of ``missing_msgs``.

Prerequisites
-------------

* The test image, with busybox ``sh`` and ``echo``; a builder that runs ``RUN`` without network.

Configuration
-------------

* ``image_name_prefix``, ``image_tag``: the built image's name (``localhost/<prefix>_<random>``).
* ``build_options``: more ``docker build`` options (space-separated).
* ``build_steps``: ``|``-separated Dockerfile instructions after ``FROM``; ``{token}`` becomes a
  random hex token. Each is looked for in the history without its leading keyword for ``RUN``
  (builders prefix the shell) and whole for the others.
* ``table_header``: the words of the default table's header.
* ``missing_msgs``: ``|``-separated texts, one of which the error for a missing image must hold.
"""

import os
import secrets

from dockertest import dockercalls, naming, subtest, xceptions
from dockertest.options import Options

SEP = '\t'


class history(subtest.Subtest):
    """Build a small image and read its history."""

    version = '0.9.0'

    def initialize(self):
        super().initialize()
        opts = Options(self)
        token = secrets.token_hex(16)
        steps = [step.strip().replace('{token}', token) for step in opts.text('build_steps').split('|') if step.strip()]
        if not steps:
            raise xceptions.DockerValueError(f'[{self.config_section}] build_steps: no instruction')
        context = os.path.join(self.tmpdir, 'context')
        os.mkdir(context)
        with open(os.path.join(context, 'Dockerfile'), 'w', encoding='utf-8') as handle:
            handle.write('\n'.join([f'FROM {opts.image()}', *steps, '']))
        name = self.cleanups.image(
            f'localhost/{naming.unique_name(opts.text("image_name_prefix"))}:{opts.text("image_tag")}'
        )
        dockercalls.must_pass(self, 'build', *opts.words('build_options'), '--tag', name, context)
        self.stuff.update(name=name, steps=steps)

    def rows(self, image, *options):
        """``docker history`` of ``image`` as (id, instruction) rows, newest first."""
        fmt = f'{{{{.ID}}}}{SEP}{{{{.CreatedBy}}}}'
        out = dockercalls.must_pass(self, 'history', *options, '--format', fmt, image).stdout
        return [tuple(line.split(SEP, 1)) for line in out.splitlines() if SEP in line]

    def run_once(self):
        super().run_once()
        opts, name, steps = Options(self), self.stuff['name'], self.stuff['steps']
        built, base = self.rows(name, '--no-trunc'), self.rows(opts.image(), '--no-trunc')
        self.failif(
            len(built) <= len(base) or built[len(built) - len(base) :] != base,
            f'the history of {name} does not end with the history of {opts.image()} ({len(built)} rows, {len(base)} of the base)',
        )
        added = [instruction for _, instruction in reversed(built[: len(built) - len(base)])]
        position = 0
        for step in steps:
            keyword, _, rest = step.partition(' ')
            wanted = rest if keyword.upper() == 'RUN' else step
            found = next((i for i in range(position, len(added)) if wanted in added[i]), None)
            self.failif(
                found is None, f'the history of {name} lacks {step!r} after row {position} (oldest first): {added}'
            )
            position = found + 1
        short = self.rows(name)
        self.failif_ne(len(short), len(built), f'the number of rows of docker history {name} without --no-trunc')
        long_id, short_id = built[0][0], short[0][0]
        self.failif(
            not (short_id and len(short_id) < len(long_id) and long_id.split(':', 1)[-1].startswith(short_id)),
            f'the id {short_id!r} without --no-trunc is not the --no-trunc id {long_id!r} cut short',
        )
        longest = max(range(len(built)), key=lambda i: len(built[i][1]))
        self.failif(
            len(short[longest][1]) >= len(built[longest][1]),
            f'without --no-trunc the instruction {built[longest][1]!r} was not shortened: {short[longest][1]!r}',
        )
        table = dockercalls.must_pass(self, 'history', name).stdout.splitlines()
        self.failif_ne(
            table[0].split() if table else [], opts.words('table_header'), f'the header of docker history {name}'
        )
        self.loginfo('%s: %d rows above %d of the base, in the Dockerfile order', name, len(added), len(base))
        missing = name.rsplit(':', 1)[0] + ':missing'
        result = dockercalls.run(self, 'history', missing)
        dockercalls.refused(self, result, 'missing_msgs', f'docker history of the missing {missing}')
