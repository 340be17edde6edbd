"""Prints how long ``Config()`` takes on the bundled config, with 200 synthetic sections more, and
with one section of 10,000 to 1,000,000 options (loading is linear in options per section).

Each first-call figure is printed next to a pure-Python reference measured in the same run: the
same files read with the standard library's ``configparser`` (the original's reader), every option
interpolated and typed the way ``Config()`` types it, so the core's lead is seen, not assumed.

Run with ``make bench-config`` (or ``.venv/bin/python benches/bench_config.py``). Each figure is the
median and the best of several runs: a first (uncached) load, which reads, parses, interpolates and
types every file, and a cached call, which only builds the fresh dicts ``Config()`` returns. This is a
benchmark, not a test: it prints figures and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import configparser
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from dockertest.config import Config

REPO = Path(__file__).resolve().parent.parent


def synthetic_sections(count: int) -> str:
    """``count`` subtest-like sections, each with interpolation, a continuation and typed values."""
    parts = []
    for index in range(count):
        parts.append(
            f'[synthetic/group{index % 10}/test{index}]\n'
            f'#: Synthetic option number {index}.\n'
            f'subsubtests = one,two,three\n'
            f'docker_timeout = {index + 1}.5\n'
            f'wait_start = {index % 7}\n'
            f'remove_after_test = {"yes" if index % 2 else "no"}\n'
            f'name_prefix = test_{index}\n'
            f'image = %(docker_registry_host)s/%(docker_registry_user)s/%(docker_repo_name)s:%(docker_repo_tag)s\n'
            f'run_options_csv = --rm,--name=%(name_prefix)s\n'
            f'exec_cmd = echo start\n'
            f'    && sleep 1\n'
            f'    && echo 100%% done\n\n'
        )
    return ''.join(parts)


def one_big_section(options: int) -> str:
    """One section with ``options`` options, every tenth of which refers to another."""
    lines = ['[synthetic/big]']
    lines.extend(f'option{i} = %(option{i - 1})s+' if i % 10 == 1 else f'option{i} = value {i}' for i in range(options))
    return '\n'.join(lines) + '\n'


#: The load times the quadratic loader of 0.9.0 had (from issue 16), for comparison.
QUADRATIC_REFERENCE = {10_000: '0.9 s', 40_000: '17.9 s', 1_000_000: 'did not finish (100 % CPU)'}


def report_big(suite: Path, sizes: list[int]) -> None:
    print('one section of N options (first call; reference: the quadratic loader before the fix)')
    for options in sizes:
        (suite / 'config_custom' / 'big.ini').write_text(one_big_section(options))
        Config.clear_cache()
        start = time.perf_counter()
        Config.loaded(suite)
        seconds = time.perf_counter() - start
        reference = QUADRATIC_REFERENCE.get(options, 'n/a')
        print(f'  {options:>9,} options: {seconds:8.3f} s    (before: {reference})')
    (suite / 'config_custom' / 'big.ini').unlink()
    Config.clear_cache()


def measure(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and best wall time of ``action``, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), min(times)


def typed(value: str) -> object:
    """A value typed as the original did: int, then float, then yes/no/true/false, else the text."""
    for convert in (int, float):
        try:
            return convert(value)
        except ValueError:
            pass
    lowered = value.strip().lower()
    if lowered in ('yes', 'true', 'on', 'no', 'false', 'off'):
        return lowered in ('yes', 'true', 'on')
    return value


def configparser_reference(suite: Path) -> dict[str, dict[str, object]]:
    """The pure-Python reference: every ini file of the suite through ``configparser``, defaults
    first, each section's options interpolated against DEFAULTS and typed."""
    files = sorted((suite / 'config_defaults').rglob('*.ini')) + sorted((suite / 'config_custom').rglob('*.ini'))
    parser = configparser.ConfigParser(default_section='DEFAULTS', interpolation=configparser.BasicInterpolation())
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(files)
    return {name: {k: typed(v) for k, v in parser.items(name)} for name in parser.sections()}


def report(label: str, suite: Path, runs: int) -> None:
    def uncached() -> object:
        Config.clear_cache()
        return Config(suite)

    sections = len(uncached())
    load = measure(uncached, runs)
    cached = measure(lambda: Config(suite), runs)
    reference = measure(lambda: configparser_reference(suite), runs)
    print(f'{label}: {sections} sections')
    print(f'  Config() first call (read, parse, interpolate, type): median {load[0]:8.3f} ms, best {load[1]:8.3f} ms')
    print(
        f'  configparser reference (the same, pure Python):      median {reference[0]:8.3f} ms, best {reference[1]:8.3f} ms'
        f'   (Config() takes {load[0] / reference[0]:.2f}x)'
    )
    print(
        f'  Config() cached call (fresh dicts only):              median {cached[0]:8.3f} ms, best {cached[1]:8.3f} ms'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=50, help='runs per figure (default 50)')
    parser.add_argument('--sections', type=int, default=200, help='synthetic sections to add (default 200)')
    parser.add_argument(
        '--big', type=int, nargs='*', default=[10_000, 40_000, 1_000_000], help='options in the one big section'
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix='bench-config-') as tmp:
        suite = Path(tmp)
        shutil.copytree(REPO / 'config_defaults', suite / 'config_defaults')
        (suite / 'control').write_text('# benchmark suite\n')
        report('bundled config', suite, args.runs)
        (suite / 'config_custom').mkdir()
        (suite / 'config_custom' / 'synthetic.ini').write_text(synthetic_sections(args.sections))
        report(f'bundled config + {args.sections} synthetic sections', suite, args.runs)
        (suite / 'config_custom' / 'synthetic.ini').unlink()
        report_big(suite, args.big)


if __name__ == '__main__':
    main()
