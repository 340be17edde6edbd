"""The original API as 2014 code calls it: configuration.

Written in the style of the original's ``config_unittests.py``: each test points ``CONFIGDEFAULT`` and
``CONFIGCUSTOMS`` at temporary directories, writes ini files there and reads them back with
``Config()``, ``ConfigSection`` and ``ConfigDict``.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

import pytest

from dockertest import config

REPO = Path(__file__).resolve().parents[1]


class ConfigTestBase(unittest.TestCase):
    """Temporary ``config_defaults``/``config_custom`` directories named by the module's constants."""

    def setUp(self) -> None:
        self.saved = (
            config.CONFIGDEFAULT,
            config.CONFIGCUSTOMS,
            config.DEFAULTSFILE,
            os.environ.get('DOCKERTEST_SUITE_DIR'),
        )
        self.tmpdir = tempfile.mkdtemp(prefix='legacy-config-')
        self.deftmpdir = os.path.join(self.tmpdir, 'my_defaults')
        self.custtmpdir = os.path.join(self.tmpdir, 'my_customs')
        os.mkdir(self.deftmpdir)
        os.mkdir(self.custtmpdir)
        # Nothing here is a suite directory: Config() must read what the constants name.
        os.environ.pop('DOCKERTEST_SUITE_DIR', None)
        config.set_test_location(self.tmpdir)
        config.CONFIGDEFAULT = self.deftmpdir
        config.CONFIGCUSTOMS = self.custtmpdir
        config.Config.clear_cache()

    def tearDown(self) -> None:
        config.CONFIGDEFAULT, config.CONFIGCUSTOMS, config.DEFAULTSFILE, suite_dir = self.saved
        if suite_dir is not None:
            os.environ['DOCKERTEST_SUITE_DIR'] = suite_dir
        config.set_test_location(None)
        config.Config.clear_cache()
        shutil.rmtree(self.tmpdir)

    def write(self, directory: str, name: str, text: str) -> str:
        path = os.path.join(directory, name)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(text)
        return path


class TestConstantsChooseWhatIsRead(ConfigTestBase):
    def test_configdefault_and_configcustoms(self) -> None:
        self.write(self.deftmpdir, 'defaults.ini', '[DEFAULTS]\ni = 2\nf = 3.14\ns = foobarbaz\n')
        self.write(self.deftmpdir, 'test.ini', "[TestSection]\nb = False\ns = 'baz!'\nx = True\n")
        self.write(self.custtmpdir, 'defaults.ini', '[DEFAULTS]\ni = 4\n')
        cfg = config.Config()
        self.assertEqual(len(cfg), 2)
        self.assertEqual(cfg['TestSection']['i'], 4)
        self.assertEqual(cfg['TestSection']['s'], "'baz!'")
        self.assertAlmostEqual(cfg['TestSection']['f'], 3.14)
        self.assertIs(cfg['TestSection']['x'], True)

    def test_defaultsfile(self) -> None:
        self.write(self.deftmpdir, 'base.ini', '[DEFAULTS]\nwhich = base\n')
        self.write(self.deftmpdir, 'defaults.ini', '[other]\nwhich = not the defaults file\n')
        config.DEFAULTSFILE = 'base.ini'
        cfg = config.Config()
        self.assertEqual(cfg['DEFAULTS']['which'], 'base')
        self.assertEqual(cfg['other']['which'], 'not the defaults file')

    def test_changing_a_constant_is_seen_by_the_next_call(self) -> None:
        self.write(self.deftmpdir, 'defaults.ini', '[DEFAULTS]\nwhich = first\n')
        self.assertEqual(config.Config()['DEFAULTS']['which'], 'first')
        other = os.path.join(self.tmpdir, 'second')
        os.mkdir(other)
        self.write(other, 'defaults.ini', '[DEFAULTS]\nwhich = second\n')
        config.CONFIGDEFAULT = other
        self.assertEqual(config.Config()['DEFAULTS']['which'], 'second')

    def test_a_missing_directory_is_named(self) -> None:
        config.CONFIGDEFAULT = os.path.join(self.tmpdir, 'nowhere')
        with self.assertRaisesRegex(config.DockerConfigError, 'nowhere.*does not exist'):
            config.Config()


class TestRepeatsAreReadAsConfigParserDid(ConfigTestBase):
    def test_later_value_wins_and_the_warning_names_file_line_and_option(self) -> None:
        self.write(self.deftmpdir, 'defaults.ini', '[DEFAULTS]\ndocker_timeout = 60\n')
        path = self.write(
            self.deftmpdir, 'mine.ini', '[mine]\nfoo = 1\nbar = a\n[other]\nx = 1\n[mine]\nfoo = 2\nbaz = 3\n'
        )
        with self.assertLogs('dockertest.config', logging.WARNING) as logs:
            cfg = config.Config()
        self.assertEqual(cfg['mine']['foo'], 2)
        self.assertEqual((cfg['mine']['bar'], cfg['mine']['baz']), ('a', 3))
        self.assertEqual(cfg['other']['x'], 1)
        text = '\n'.join(logs.output)
        self.assertIn(f"file {path}, line 7, section [mine], option 'foo': option set again (first at line 2)", text)
        self.assertIn('the later value wins', text)
        self.assertIn(f'file {path}, line 6, section [mine]: section repeated (first at line 1 of this file)', text)

    def test_configsection_and_configdict_read_repeats_too(self) -> None:
        path = self.write(self.custtmpdir, 'repeat.ini', '[TestSection]\nTestOption = one\ntestoption = two\n')
        section = config.ConfigSection(None, 'TestSection')
        with self.assertLogs('dockertest.config', logging.WARNING) as logs:
            section.read(path)
        self.assertEqual(section.get('testoption'), 'two')
        self.assertIn(f"file {path}, line 3, section [TestSection], option 'testoption'", logs.output[0])
        cfgdict = config.ConfigDict('TestSection')
        with open(path, encoding='utf-8') as handle:
            cfgdict.read(handle)
        self.assertEqual(cfgdict['testoption'], 'two')


class TestLegacyNames(ConfigTestBase):
    def test_configdict_get_other(self) -> None:
        cfgdict = config.ConfigDict('TestSection', {'i': '2'})
        cfgdict['b'] = 'yes'
        self.assertIs(cfgdict.get_other('B'), True)
        self.assertEqual(cfgdict.get_other('i'), 2)
        self.assertEqual(cfgdict.get_other('missing', 'fallback'), 'fallback')
        self.assertIsNone(cfgdict.get_other('missing'))


def big_suite(tmp_path: Path, options: int) -> Path:
    """A suite with the bundled DEFAULTS and one section of ``options`` options."""
    suite = tmp_path / 'suite'
    shutil.copytree(REPO / 'config_defaults', suite / 'config_defaults')
    (suite / 'control').write_text('# big\n')
    (suite / 'config_custom').mkdir()
    with open(suite / 'config_custom' / 'big.ini', 'w', encoding='utf-8') as handle:
        handle.write('[big]\n')
        handle.writelines(
            f'option{i} = %(option{i - 1})s+\n' if i % 10 == 1 else f'option{i} = {i}\n' for i in range(options)
        )
    return suite


@pytest.mark.timeout(30)
def test_one_section_of_100000_options_loads_in_linear_time(tmp_path: Path) -> None:
    # The quadratic loader needed about 110 s for this (0.9 s for 10,000, 17.9 s for 40,000).
    suite = big_suite(tmp_path, 100_000)
    config.Config.clear_cache()
    try:
        loaded = config.Config.loaded(suite)
        assert loaded.get_as('big', 'option99999', 'int') == 99999
    finally:
        config.Config.clear_cache()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    'load',
    [
        'config.Config.loaded(SUITE)',
        'config.ConfigSection(None, "big").read(SUITE + "/config_custom/big.ini")',
    ],
    ids=['Config', 'ConfigSection'],
)
def test_ctrl_c_interrupts_a_long_load(tmp_path: Path, load: str) -> None:
    # A million options take seconds to load (1.5 s and 3.3 s for 300,000 on a quiet machine), so
    # the interrupt lands in the load even when this process is slow to send it on a loaded machine.
    suite = big_suite(tmp_path, 1_000_000)
    script = (
        'import sys, time\n'
        'from dockertest import config\n'
        f'SUITE = {str(suite)!r}\n'
        'start = time.monotonic()\n'
        'try:\n'
        '    print("loading", flush=True)\n'
        f'    {load}\n'
        'except KeyboardInterrupt:\n'
        '    print(f"interrupted after {time.monotonic() - start:.1f} s", flush=True)\n'
        '    sys.exit(3)\n'
        'print("loaded in full", flush=True)\n'
    )
    proc = subprocess.Popen([sys.executable, '-c', script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == 'loading\n'
    time.sleep(0.3)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 3, out
    assert out.startswith('interrupted after'), out
    assert time.monotonic() - sent < 5, 'the load did not stop soon after Ctrl-C'
