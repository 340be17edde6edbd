"""
Summary
-------

Checks the ``docker system`` commands: ``system df`` accounts for the test image and for what the
subtest adds (a container and a volume), ``system info`` answers as ``info`` does, and ``system
events`` reports the events of the subtest's own container, bounded by ``--since`` and ``--until``
and selected by a filter on its label or on its name.

Operational Summary
-------------------

#. ``df``: ``docker run --detach`` of a long-running container and ``docker volume create`` of a
   volume mounted into it (unique names, registered for cleanup). ``docker system df`` has the rows
   ``df_types``, each with a TOTAL of at least 1. ``docker system df --verbose`` lists the test
   image's short id under ``Images space usage``, the container's name under ``Containers space
   usage`` and the volume's name under ``Local Volumes space usage``.
#. ``info``: ``docker system info --format '{{json .}}'`` is a JSON object; ``docker info --format
   <info_format>`` prints the same twice, and ``docker system info --format <info_format>`` prints
   that too, with no field empty.
#. ``events``: after a time ``since``, ``docker run --label <event_label>=<name> --name <name>`` of
   a container that exits; then a time ``until`` after it, then ``docker rm`` of the container.
   ``docker system events --since <since> --until <until> --format <events_format> --filter
   type=container`` filtered once more by ``label=<event_label>=<name>`` and once by
   ``container=<name>`` lists, for that container only,
   ``expected_actions`` in order, and not ``after_until_action`` (the removal, which happened after
   ``until``).

Prerequisites
-------------

* The test image, with busybox ``sleep`` and ``true``.
* An engine that records events (podman: an events backend that can be read back).

Configuration
-------------

* ``container_name_prefix``, ``volume_name_prefix``: prefixes of the names of what the subtest makes.
* ``container_cmd``: the command of the ``df`` container (long-running).
* ``df_types``: ``|``-separated row names of the ``system df`` summary.
* ``df_sections``: ``|``-separated headings of the images, containers and volumes sections of
  ``system df --verbose``, in that order.
* ``info_format``: the ``--format`` template compared between ``system info`` and ``info``.
* ``event_label``: the label key put on the events container.
* ``events_format``: the ``--format`` template of ``system events``: the action, a space, the
  container's name.
* ``expected_actions``: CSV of the actions that must be listed, in this order (others may come
  between them).
* ``after_until_action``: the action that happens after ``--until`` and must not be listed.
* ``unsupported_msgs``: ``|``-separated texts of the engine's error where it has no ``system
  events``; they make ``events`` TEST_NA quoting it (empty: never).
"""

import json
import time

from dockertest import dockercalls, naming, subtest, xceptions
from dockertest.options import Options


class system(subtest.SubSubtestCaller):
    """Runs the ``docker system`` checks named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


def sections(text, headings):
    """The lines of ``system df --verbose`` under each of ``headings``, heading to lines."""
    found, current = {}, None
    for line in text.splitlines():
        if line.strip() in headings:
            current = found.setdefault(line.strip(), [])
        elif current is not None and line.rstrip().endswith(':') and 'usage' in line:
            current = None
        elif current is not None:
            current.append(line)
    return found


class df(subtest.SubSubtest):
    """``system df`` accounts for the test image, a container and a volume."""

    def initialize(self):
        super().initialize()
        opts = Options(self)
        volume = self.cleanups.volume(naming.unique_name(opts.text('volume_name_prefix')))
        dockercalls.must_pass(self, 'volume', 'create', volume)
        name = dockercalls.start_container(
            self,
            opts.text('container_name_prefix'),
            opts.words('container_cmd', allow_empty=False),
            options=['--volume', f'{volume}:/dockertest-volume'],
        )
        self.sub_stuff.update(volume=volume, name=name)

    def run_once(self):
        super().run_once()
        opts = Options(self)
        summary = dockercalls.must_pass(self, 'system', 'df').stdout
        for kind in [text.strip() for text in opts.text('df_types').split('|') if text.strip()]:
            row = next((line for line in summary.splitlines() if line.startswith(kind + ' ')), None)
            self.failif(row is None, f'docker system df has no {kind!r} row: {summary!r}')
            total = row[len(kind) :].split()[0]
            self.failif(not total.isdigit() or int(total) < 1, f'docker system df counts {total!r} {kind}: {row!r}')
        headings = [text.strip() for text in opts.text('df_sections').split('|') if text.strip()]
        if len(headings) != 3:
            raise xceptions.DockerValueError(f'[{self.config_section}] df_sections: three headings are needed')
        verbose = dockercalls.must_pass(self, 'system', 'df', '--verbose').stdout
        found = sections(verbose, headings)
        image_id = dockercalls.inspect_field(self, opts.image(), '{{.Id}}', 'image').split(':', 1)[-1][:12]
        for heading, wanted, what in zip(
            headings,
            (image_id, self.sub_stuff['name'], self.sub_stuff['volume']),
            ('the test image', 'the container', 'the volume'),
        ):
            lines = found.get(heading)
            self.failif(lines is None, f'docker system df --verbose has no section {heading!r}')
            near = [
                w for line in lines for w in line.split() if len(w) >= len(wanted) - 2 and w in wanted and w != wanted
            ]
            self.failif(
                not any(wanted in line.split() for line in lines),
                f'docker system df --verbose does not list {what} {wanted} under {heading!r}'
                + (f' (it lists {near[0]!r}, a part of the name)' if near else ''),
            )
        self.loginfo(
            'system df accounts for image %s, container %s and volume %s',
            image_id,
            self.sub_stuff['name'],
            self.sub_stuff['volume'],
        )


class info(subtest.SubSubtest):
    """``system info`` answers as ``info`` does."""

    def run_once(self):
        super().run_once()
        whole = dockercalls.must_pass(self, 'system', 'info', '--format', '{{json .}}').stdout
        try:
            parsed = json.loads(whole)
        except ValueError as err:
            raise xceptions.DockerTestFail(
                f'docker system info --format {{{{json .}}}} printed no JSON: {err}'
            ) from err
        self.failif(not isinstance(parsed, dict) or not parsed, 'docker system info printed no JSON object')
        template = Options(self).text('info_format')
        fields = template.count('{{')
        via_info = dockercalls.must_pass(self, 'info', '--format', template).stdout.split()
        again = dockercalls.must_pass(self, 'info', '--format', template).stdout.split()
        self.failif_ne(
            again, via_info, f'a second docker info --format {template!r} (the engine answers differently each time)'
        )
        via_system = dockercalls.must_pass(self, 'system', 'info', '--format', template).stdout.split()
        self.failif_ne(via_system, via_info, f'docker system info --format {template!r} against docker info')
        self.failif(
            len(via_system) != fields or '<no value>' in via_system,
            f'docker system info --format {template!r} printed {via_system}: a field is empty',
        )
        self.loginfo('system info and info agree on %s: %s', template, ' '.join(via_system))


class events(subtest.SubSubtest):
    """``system events`` of the subtest's container, bounded in time, filtered by label and by name."""

    def run_once(self):
        super().run_once()
        opts = Options(self)
        name = self.cleanups.container(naming.unique_name(opts.text('container_name_prefix')))
        label = f'{opts.text("event_label")}={name}'
        since = int(time.time()) - 1
        dockercalls.must_pass(self, 'run', '--name', name, '--label', label, opts.image(), 'true')
        until = int(time.time()) + 1
        time.sleep(max(0.0, until + 1.1 - time.time()))
        dockercalls.must_pass(self, 'rm', name)
        self.cleanups.forget('container', name)
        wanted = opts.list('expected_actions', allow_empty=False)
        after = opts.text('after_until_action')
        for event_filter in (f'label={label}', f'container={name}'):
            result = dockercalls.run(
                self,
                'system',
                'events',
                '--since',
                str(since),
                '--until',
                str(until),
                '--filter',
                'type=container',
                '--filter',
                event_filter,
                '--format',
                opts.text('events_format'),
            )
            if result.exit_status != 0:
                dockercalls.na_if_unsupported(self, 'unsupported_msgs', result, 'docker system events')
                raise xceptions.DockerTestFail(dockercalls.describe(result))
            seen = [line.split() for line in result.stdout.splitlines() if line.strip()]
            strangers = [words for words in seen if len(words) < 2 or words[-1] != name]
            self.failif(bool(strangers), f'docker system events --filter {event_filter} listed others: {strangers}')
            actions = [words[0] for words in seen]
            if not actions:
                unfiltered = dockercalls.run(self, 'system', 'events', '--since', str(since), '--until', str(until))
                raise xceptions.DockerTestFail(
                    f'docker system events --since {since} --until {until} --filter {event_filter} listed nothing; '
                    f'without filters the same window lists {len(unfiltered.stdout.splitlines())} events',
                )
            position = 0
            for action in wanted:
                self.failif(
                    action not in actions[position:],
                    f'docker system events --filter {event_filter} lacks {action!r} after {actions[:position]}: {actions}',
                )
                position = actions.index(action, position) + 1
            self.failif(
                after in actions,
                f'docker system events --until {until} --filter {event_filter} listed {after!r}, which came after it',
            )
        self.loginfo('system events of %s between %d and %d: %s', name, since, until, ' '.join(actions))
