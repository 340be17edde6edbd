"""
Summary
-------

Several variations of signalling a running container: series of random signals, a stopped
container, bad input, stress without waiting, all signals at once, and signals sent to the ``docker
run`` or ``docker attach`` client instead of through ``docker kill`` (sig-proxy).

Operational Summary
-------------------

#. Each sub-subtest starts a container whose busybox ``sh`` traps the signals and prints
   ``check_stdout`` (``Received N, ignoring...``) for each, then prints ``READY`` and loops. It runs
   attached (``docker run`` in the background, ``run_container_attached = yes``) or detached with a
   ``docker attach`` client (``no``); that client's output is what the checks read.
#. Signals go through ``docker kill -s N`` / ``--signal=N`` / a signal name, or, with
   ``kill_sigproxy``, straight to the client process, which must forward them; the client is first
   probed with SIGWINCH (ignored by default) until it forwards, since any other signal would kill it
   before its forwarding is set up.
#. The container ends with ``docker kill -s KILL``; the client must then exit ``kill_exit_code``.

Sub-subtests:

* ``random_num``, ``random_name``: ``no_iterations`` random signals (numbers, names, or either at
  random per ``kill_map_signals``; short or long option form at random), each of which must exit 0
  and be received before the next is sent. The sequence is logged as a ``signals_sequence`` value
  that replays it.
* ``sigstop``: SIGSTOP, then every other signal but SIGCONT and the stop signals (the kernel drops
  pending TSTP, TTIN and TTOU on SIGCONT), which must not be handled while the container is
  stopped; then SIGCONT, after which every one of them must arrive.
* ``bad``: SIGUSR1, then each of ``bad_signals`` plus a random negative number and a random number
  above 64, each of which ``docker kill`` must refuse while the container keeps running; then SIGUSR1
  again, which must arrive.
* ``stress``: ``no_iterations`` random signals without waiting; every distinct one must arrive.
* ``stress_parallel``: all signals at once (one ``docker kill`` per signal, concurrently), for
  ``no_iterations`` rounds; every one must arrive.
* ``run_sigproxy``, ``run_sigproxy_ttyoff``, ``run_sigproxy_stress``: the random and stress forms
  sending each signal to the ``docker run`` client (with and without ``--tty``).
* ``attach_sigproxy``, ``attach_sigproxy_stress``: the same, sending to a ``docker attach`` client.

Fitting today's docker: signals 9, 17 and 19 cannot be trapped usefully. The client does not
forward 13, 23 and 27 (SIGPIPE, SIGURG, SIGPROF: the Go runtime keeps them) nor real-time signals
(they kill it), and docker 28's client exits on the third SIGINT or SIGTERM it receives ("got 3
SIGTERM/SIGINTs, forcefully exiting"), so ``skip_signals`` leaves those out of the sigproxy forms.
Numbers 32 to 64 are valid real-time signals today, so ``bad`` uses 0, negative numbers, numbers
above 64 and malformed names; an empty signal is not bad input today (it means SIGKILL). ``docker
attach`` forwards signals only to a container without a tty, so the attach forms run without
``--tty``. A killed container exits 137, not 255. Fewer iterations than 2014's 100 by default, to
keep the suite fast. Standard signals sent while one of the same kind is pending are merged by the
kernel, so the stress forms check that every distinct signal arrived, not how many times; SIGCONT
and the stop signals (TSTP, TTIN, TTOU) discard each other while pending, so of those only the last
one sent is required (any one of them for ``stress_parallel``, whose order is unknown).

Prerequisites
-------------

* The test image, with a busybox ``sh`` that has ``seq``.

Configuration
-------------

* ``top_name_prefix``: prefix of the container name (the seed page's name for it).
* ``run_options_csv``: the ``docker run`` options; ``attach_options_csv``: the ``docker attach``
  options; ``run_container_attached``: whether ``docker run`` itself is the attached client.
* ``exec_cmd``: the container command; it must print ``READY`` once its traps are set.
* ``wait_start``: seconds to wait for the container to be ready.
* ``check_stdout``: the line printed for a signal (``%s`` is its number); ``check_timeout``:
  seconds to wait for it.
* ``no_iterations``: number of signals (or rounds, for ``stress_parallel``).
* ``kill_map_signals``: ``true`` (names), ``false`` (numbers) or ``none`` (random per signal).
* ``signals_sequence``: a forced sequence: numbers, each optionally prefixed ``M`` (send the name)
  and/or ``L`` (the ``--signal=`` form); generated and logged when empty.
* ``kill_signals``: the arguments of ``range()`` giving the signals; ``skip_signals``: those left out.
* ``kill_sigproxy``: ``false`` sends through ``docker kill``; ``true`` signals the client process.
* ``stopped_check_time``: seconds the stopped container is watched for signals it must not handle.
* ``bad_signals``: CSV of invalid ``--signal`` values (quote a value to keep blanks).
* ``kill_exit_code``: the client's exit status once the container is killed.
"""

import random
import re
import signal as signals
import time

from dockertest import naming, polling, subtest, xceptions
from dockertest.dockercmd import AsyncDockerCmd, DockerCmd, NoFailDockerCmd
from dockertest.options import Options
from dockertest.output import OutputNotBad, mustpass, wait_for_output

SIGSTOP, SIGCONT, SIGUSR1, SIGWINCH = 19, 18, 10, 28
# SIGCONT makes the kernel discard pending stop signals (STOP, TSTP, TTIN, TTOU): they are never handled.
STOP_SIGNALS = (SIGSTOP, 20, 21, 22)


def signal_name(number):
    """The name docker takes for a signal number (``USR1``); the number itself when it has none."""
    try:
        return signals.Signals(number).name[3:]
    except ValueError:
        return str(number)


def parse_sequence(text, section='docker_cli/kill'):
    """``signals_sequence`` text as (number, by name, long form) triples."""
    steps = []
    for token in str(text).split():
        match = re.fullmatch(r'([ML]*)(\d+)', token)
        if match is None:
            raise xceptions.DockerValueError(
                f'[{section}] signals_sequence: bad token {token!r}; expected a signal number, optionally '
                'prefixed M (send its name) and/or L (the --signal= form)'
            )
        steps.append((int(match[2]), 'M' in match[1], 'L' in match[1]))
    return steps


def format_sequence(steps):
    """The ``signals_sequence`` text that replays ``steps``."""
    return ' '.join(f'{"M" if named else ""}{"L" if long else ""}{number}' for number, named, long in steps)


class kill(subtest.SubSubtestCaller):
    """Runs the signal variations named by ``subsubtests``."""

    version = '0.9.0'
    failure_details = True


class kill_base(subtest.SubSubtest):
    """A container trapping every signal, the client whose output shows what it received, and helpers."""

    def initialize(self):
        super().initialize()
        cfg = self.config
        skip = set(self.numbers('skip_signals'))
        self.sub_stuff['signals'] = [n for n in range(*self.numbers('kill_signals', 1, 3)) if n not in skip]
        name = self.cleanups.container(naming.unique_name(str(cfg['top_name_prefix'])))
        self.sub_stuff['name'] = name
        run_args = [*Options(self).list('run_options_csv'), f'--name={name}']
        run_args += [Options(self).image(), 'sh', '-c', str(cfg['exec_cmd'])]
        if cfg['run_container_attached']:
            client = AsyncDockerCmd(self, 'run', run_args, raw_subargs=True)
            self.sub_stuff['client'] = client
            client.execute()
            # docker run failing (exit 125) prints no READY: the wait stops at once.
            self.until_ready(lambda: 'READY' in client.stdout)
        else:
            NoFailDockerCmd(self, 'run', ['--detach', *run_args], raw_subargs=True).execute()
            attach_args = [*Options(self).list('attach_options_csv'), name]
            client = AsyncDockerCmd(self, 'attach', attach_args)
            self.sub_stuff['client'] = client
            client.execute()
            # Signal SIGUSR1 through the daemon until its line shows in the attach client's output.
            self.until_ready(
                lambda: self.answered(lambda: DockerCmd(self, 'kill', ['-s', 'USR1', name]).execute(), SIGUSR1)
            )
        if cfg['kill_sigproxy']:
            # Signal SIGWINCH to the client until the container reports it: the client forwards signals.
            # Until the client has set up its forwarding, a signal gets its default action, which kills it
            # for most signals; SIGWINCH is ignored by default, so it is a harmless probe.
            self.until_ready(lambda: self.answered(lambda: client.kill(SIGWINCH), SIGWINCH))
            time.sleep(0.2)  # let a probe forwarded late print before the checks start
        self.sub_stuff['offset'] = len(client.stdout)

    def until_ready(self, condition):
        """Poll ``condition()`` every 0.1 s for ``wait_start`` seconds, stopping at once if the client ends.

        Raises:
            DockerTestFail: the time ran out or the client ended first; the message names the container
                and shows the client's exit status and output.
        """
        client = self.sub_stuff['client']

        def seen():
            return f'client exit status {client.exit_status}; stdout {client.stdout!r}; stderr {client.stderr!r}'

        polling.wait_until(
            condition,
            float(self.config['wait_start']),
            f'container {self.sub_stuff["name"]} to be ready',
            interval=0.1,
            abort=lambda: None if client.exit_status is None else f'the client ended first ({seen()})',
            last=seen,
        )

    def answered(self, probe, number):
        """Send ``probe()``, then whether the line of signal ``number`` shows in the client's output within 1 s."""
        probe()
        client = self.sub_stuff['client']
        return wait_for_output(lambda: client.stdout, self.received_pattern(number), timeout=1, timestep=0.05)

    def numbers(self, option, least=0, most=None):
        """The space-separated integers of ``option``, between ``least`` and ``most`` of them."""
        words = str(self.config[option]).split()
        if not all(re.fullmatch(r'-?\d+', w) for w in words) or not least <= len(words) <= (most or len(words)):
            raise xceptions.DockerValueError(
                f'[{self.config_section}] {option} = {self.config[option]!r}: expected '
                f'{f"{least} to {most} " if most else ""}space-separated integers'
            )
        return [int(w) for w in words]

    def received_pattern(self, number=r'\d+'):
        """The regular expression of the line the container prints for signal ``number`` (any by default)."""
        before, _, after = str(self.config['check_stdout']).partition('%s')
        return f'{re.escape(before)}{number}{re.escape(after)}'

    def since_offset(self):
        """The client's output after the last checked line."""
        return self.sub_stuff['client'].stdout[self.sub_stuff['offset'] :]

    def send(self, number, named=False, long=False):
        """Send one signal: to the client process with ``kill_sigproxy``, else through ``docker kill``."""
        if self.config['kill_sigproxy']:
            self.sub_stuff['client'].kill(number)
            return
        value = signal_name(number) if named else str(number)
        option = [f'--signal={value}'] if long else ['-s', value]
        mustpass(DockerCmd(self, 'kill', [*option, self.sub_stuff['name']]).execute(), f'docker kill of signal {value}')

    def wait_received(self, number, sent_as):
        """Wait for the line of signal ``number`` after the offset, and move the offset past it."""
        timeout = float(self.config['check_timeout'])
        pattern = re.compile(self.received_pattern(number))
        found = wait_for_output(self.since_offset, pattern.pattern, timeout=timeout, timestep=0.05)
        self.failif(
            not found,
            f'signal {sent_as} was not received: no {pattern.pattern!r} in the container output within '
            f'{timeout:g} s; output since the previous signal: {self.since_offset()!r}',
        )
        self.sub_stuff['offset'] += pattern.search(self.since_offset()).end()

    def wait_all_received(self, numbers, what, ordered=True):
        """Wait until every signal of ``numbers`` printed its line after the offset (in any order).

        SIGCONT and the stop signals cancel each other while pending, so of those only the last one
        sent is required (any one of them when the sending order is not known).
        """
        cancelling = [n for n in numbers if n in (SIGCONT, *STOP_SIGNALS)]
        wanted = sorted(set(numbers) - set(cancelling)) if len(set(cancelling)) > 1 else sorted(set(numbers))
        either = [] if len(set(cancelling)) < 2 else [cancelling[-1]] if ordered else sorted(set(cancelling))
        timeout = float(self.config['check_timeout'])

        def missing():
            text = self.since_offset()
            lost = [n for n in wanted if not re.search(self.received_pattern(n), text)]
            if either and not any(re.search(self.received_pattern(n), text) for n in either):
                lost.append(' or '.join(map(str, either)))
            return lost

        wait_for_output(lambda: '' if missing() else 'all', 'all', timeout=timeout, timestep=0.1)
        lost = missing()
        client = self.sub_stuff['client']
        self.failif(
            lost,
            f'{what}: signal(s) {lost} never received within {timeout:g} s (client exit status '
            f'{client.exit_status}; stderr {client.stderr[-500:]!r})',
        )
        self.sub_stuff['offset'] = len(self.sub_stuff['client'].stdout)

    def random_steps(self, count):
        """``count`` random (number, by name, long form) steps, per ``kill_map_signals``."""
        mapping = str(self.config['kill_map_signals']).lower()
        steps = []
        for _ in range(count):
            named = random.choice((True, False)) if mapping == 'none' else mapping in ('true', 'yes', '1')
            steps.append((random.choice(self.sub_stuff['signals']), named, random.choice((True, False))))
        return steps

    def sequence(self):
        """``signals_sequence`` when set, else ``no_iterations`` random steps; logged for a replay."""
        steps = parse_sequence(self.config['signals_sequence'], self.config_section) or self.random_steps(
            int(self.config['no_iterations'])
        )
        self.loginfo('signals_sequence = %s', format_sequence(steps))
        return steps

    def finish(self):
        """Kill the container with SIGKILL and collect the client's final result."""
        NoFailDockerCmd(self, 'kill', ['-s', 'KILL', self.sub_stuff['name']]).execute()
        self.sub_stuff['result'] = self.sub_stuff['client'].wait(float(self.config['docker_timeout']))

    def postprocess(self):
        super().postprocess()
        result = self.sub_stuff['result']
        self.failif(result.exit_status is None, f'the {result.command} client still runs after SIGKILL')
        self.failif_ne(result.exit_status, int(self.config['kill_exit_code']), 'exit status of the killed container')

    def cleanup(self):
        client = self.sub_stuff.get('client')
        if client is not None and client.executed and client.exit_status is None:
            client.kill(9)
        super().cleanup()  # removes the container (the cleanup registry)


class random_num(kill_base):
    """Random signals, each checked before the next."""

    def run_once(self):
        super().run_once()
        for number, named, long in self.sequence():
            self.send(number, named, long)
            self.wait_received(number, format_sequence([(number, named, long)]))
        self.finish()


class random_name(random_num):
    """Random signals sent by name."""


class run_sigproxy(random_num):
    """Random signals sent to the ``docker run`` client, which forwards them."""


class run_sigproxy_ttyoff(random_num):
    """Random signals sent to the ``docker run`` client of a container without a tty."""


class attach_sigproxy(random_num):
    """Random signals sent to a ``docker attach`` client, which forwards them."""


class sigstop(kill_base):
    """Signals sent to a stopped container are handled only after SIGCONT."""

    def run_once(self):
        super().run_once()
        self.send(SIGSTOP)
        held = [n for n in self.sub_stuff['signals'] if n not in (SIGCONT, *STOP_SIGNALS)]
        for number in held:
            self.send(number)
        time.sleep(float(self.config['stopped_check_time']))
        early = self.since_offset()
        self.failif(
            re.search(self.received_pattern(), early),
            f'the stopped container handled signals: {early!r}',
        )
        self.send(SIGCONT)
        self.wait_all_received([*held, SIGCONT], 'after SIGCONT')
        self.finish()


class bad(kill_base):
    """Invalid signals are refused and the container keeps running."""

    def run_once(self):
        super().run_once()
        self.send(SIGUSR1, named=True)
        self.wait_received(SIGUSR1, 'USR1')
        values = [v[1:-1] if len(v) > 1 and v[0] == v[-1] == '"' else v for v in Options(self).list('bad_signals')]
        values += [str(random.randint(-(2**31), -2)), str(random.randint(65, 2**16))]
        accepted = []
        for value in values:
            result = DockerCmd(self, 'kill', ['-s', value, self.sub_stuff['name']], raw_subargs=True).execute()
            OutputNotBad(result)
            if result.exit_status == 0:
                accepted.append(value)
        self.failif(accepted, f'docker kill accepted invalid signal(s) {accepted!r} (exit status 0)')
        state = NoFailDockerCmd(self, 'inspect', ['--format={{.State.Running}}', self.sub_stuff['name']]).execute()
        self.failif_ne(state.stdout.strip(), 'true', 'container running after the invalid signals')
        self.send(SIGUSR1, named=True)
        self.wait_received(SIGUSR1, 'USR1 after the invalid signals')
        self.finish()


class stress(kill_base):
    """Many random signals without waiting; every distinct one must arrive."""

    def run_once(self):
        super().run_once()
        steps = self.sequence()
        for number, named, long in steps:
            self.send(number, named, long)
        self.wait_all_received([number for number, _, _ in steps], f'{len(steps)} signals sent without waiting')
        self.finish()


class run_sigproxy_stress(stress):
    """Many signals sent to the ``docker run`` client without waiting."""


class attach_sigproxy_stress(stress):
    """Many signals sent to a ``docker attach`` client without waiting."""


class stress_parallel(kill_base):
    """Every signal at once, one concurrent ``docker kill`` each."""

    def run_once(self):
        super().run_once()
        name = self.sub_stuff['name']
        for round_no in range(1, int(self.config['no_iterations']) + 1):
            kills = [AsyncDockerCmd(self, 'kill', ['-s', str(n), name]) for n in self.sub_stuff['signals']]
            for cmd in kills:
                cmd.execute()
            for cmd in kills:
                mustpass(cmd.wait(), f'parallel docker kill (round {round_no})')
            self.wait_all_received(self.sub_stuff['signals'], f'round {round_no} of parallel kills', ordered=False)
        self.finish()
