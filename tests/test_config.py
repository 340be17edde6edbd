"""dockertest.config: loading, layering, interpolation, typed values and the suite directory."""

from __future__ import annotations

import configparser
import logging
import os
import random
from pathlib import Path

import pytest

from dockertest import _core, config, selection, version
from dockertest.config import Config, ConfigDict, ConfigSection, get_as_list, none_if_empty
from dockertest.xceptions import DockerConfigError, DockerIOError, DockerKeyError

REPO = Path(__file__).resolve().parent.parent

PINNED_DEFAULTS = '[DEFAULTS]\ndocker_timeout = 300.0\nremove_after_test = yes\nnumstr = 010\nbase = /foo\n'
PINNED_SECTION = '[docker_cli/t]\nopt1 = 1\nopt2 = on\nopt3 = %(base)s/bar\nopt4 = 1.5e3\nopt5 = 0\nsubsubtests = a,b\n'


class Suite:
    """A suite directory in tmp_path: a ``control`` file and ``config_defaults/defaults.ini``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / 'control').write_text('# control\n')
        self.write('config_defaults/defaults.ini', PINNED_DEFAULTS)

    def write(self, relpath: str, text: str) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def config(self) -> dict:
        Config.clear_cache()
        return Config(self.root)

    def error(self) -> str:
        """The message of the DockerConfigError loading raises, with the suite path removed."""
        Config.clear_cache()
        with pytest.raises(DockerConfigError) as info:
            Config(self.root)
        return str(info.value).replace(f'{self.root}/', '')


@pytest.fixture
def suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Suite:
    monkeypatch.delenv(config.SUITE_DIR_ENV, raising=False)
    config.set_test_location(None)
    Config.clear_cache()
    yield Suite(tmp_path)
    Config.clear_cache()


# --- the pinned examples -------------------------------------------------------------------------


def test_pinned_example(suite: Suite) -> None:
    suite.write('config_defaults/subtests/docker_cli/t.ini', PINNED_SECTION)
    section = suite.config()['docker_cli/t']
    assert section == {
        'opt1': 1,
        'opt2': True,
        'opt3': '/foo/bar',
        'opt4': 1500.0,
        'opt5': 0,
        'subsubtests': 'a,b',
        'docker_timeout': 300.0,
        'remove_after_test': True,
        'numstr': 10,
        'base': '/foo',
    }
    assert type(section['opt1']) is int
    assert type(section['opt5']) is int
    assert type(section['opt2']) is bool


def test_custom_section_replaces_the_bundled_one(suite: Suite) -> None:
    suite.write('config_defaults/subtests/docker_cli/t.ini', PINNED_SECTION)
    suite.write('config_custom/mine.ini', '[docker_cli/t]\nopt1 = 3\n')
    section = suite.config()['docker_cli/t']
    assert section == {'opt1': 3, 'docker_timeout': 300.0, 'remove_after_test': True, 'numstr': 10, 'base': '/foo'}


def test_custom_defaults_merge_key_by_key(suite: Suite) -> None:
    suite.write('config_defaults/x.ini', '[x]\npath = %(base)s/x\n')
    suite.write('config_custom/defaults.ini', '[DEFAULTS]\ndocker_timeout = 60\nbase = /bar\n')
    loaded = suite.config()
    assert loaded['DEFAULTS'] == {'docker_timeout': 60, 'remove_after_test': True, 'numstr': 10, 'base': '/bar'}
    assert loaded['x']['path'] == '/bar/x'


def test_config_custom_env_replaces_the_suites_own_config_custom(
    suite: Suite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite.write('config_defaults/subtests/docker_cli/t.ini', PINNED_SECTION)
    suite.write('config_custom/mine.ini', '[docker_cli/t]\nopt1 = 3\n')
    elsewhere = tmp_path / 'my-config'
    elsewhere.mkdir()
    (elsewhere / 'defaults.ini').write_text('[DEFAULTS]\nbase = /mine\n')
    (elsewhere / 'control.ini').write_text('[Control]\nexclude = docker_cli/t\n')
    monkeypatch.setenv(config.CONFIG_CUSTOM_ENV, str(elsewhere))
    section = suite.config()['docker_cli/t']
    assert section['opt1'] == 1 and section['opt3'] == '/mine/bar'
    assert selection.read_control_ini(suite.root)['exclude'] == ['docker_cli/t']
    monkeypatch.delenv(config.CONFIG_CUSTOM_ENV)
    assert suite.config()['docker_cli/t']['opt1'] == 3
    assert selection.read_control_ini(suite.root)['exclude'] == []


def test_original_unit_test_defaults_and_section(suite: Suite) -> None:
    suite.write('config_defaults/defaults.ini', '[DEFAULTS]\ni = 2\nf = 3.14\ns = foobarbaz\n')
    suite.write('config_defaults/test.ini', '[TestSection]\nb = False\ns = baz!\nx = True\n')
    loaded = suite.config()
    assert len(loaded) == 2
    test = loaded['TestSection']
    assert len(test) == 5
    assert test['i'] == 2
    assert test['b'] is False
    assert test['f'] == pytest.approx(3.14)
    assert test['s'] == 'baz!'
    assert test['x'] is True
    assert loaded['DEFAULTS'] == {'i': 2, 'f': 3.14, 's': 'foobarbaz'}


def test_several_sections_in_one_file_via_write_and_merge_write(suite: Suite) -> None:
    path = suite.root / 'config_defaults' / 'many.ini'
    for index, name in enumerate(['A', 'B', 'C']):
        section = ConfigSection(None, name)
        section.set('Value', index)
        with open(path, 'a') as handle:
            (section.write if index == 0 else section.merge_write)(handle)
    loaded = suite.config()
    assert len(loaded) == 4
    assert [loaded[n]['value'] for n in 'ABC'] == [0, 1, 2]


def test_config_is_fresh_on_every_call_and_parsed_once(suite: Suite) -> None:
    suite.write('config_defaults/s.ini', '[s]\nx = 1\n')
    first = suite.config()
    first['s']['x'] = 99
    first['DEFAULTS'].clear()
    first['new'] = {}
    second = Config(suite.root)
    assert second is not first
    assert second['s'] is not first['s']
    assert second['s']['x'] == 1
    assert second['DEFAULTS']['base'] == '/foo'
    assert 'new' not in second
    # Parsed once: a change on disk is seen only after the cache is cleared.
    suite.write('config_defaults/s.ini', '[s]\nx = 2\n')
    assert Config(suite.root)['s']['x'] == 1
    assert suite.config()['s']['x'] == 2


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('text', 'expected'),
    [
        ('0', 0),
        ('1', 1),
        ('010', 10),
        ('', ''),
        ('yes', True),
        ('No', False),
        ('TRUE', True),
        ('false', False),
        ('on', True),
        ('Off', False),
        ('300.0', 300.0),
        ('1.5e3', 1500.0),
        ('a,b', 'a,b'),
        ('0.9.0', '0.9.0'),
    ],
)
def test_typed_values(text: str, expected: object) -> None:
    value = _core.typed_value(text)
    assert value == expected
    assert type(value) is type(expected)


def test_interpolation_percent_continuations_and_case(suite: Suite) -> None:
    suite.write(
        'config_defaults/s.ini',
        '[s]\nOpt = 100%%\nLong = first\n  second\n\n\tthird\nref = %(OPT)s of %(base)s\ncheck = Received %%s, ignoring\n',
    )
    section = suite.config()['s']
    assert section['opt'] == '100%'
    assert section['long'] == 'first\nsecond\nthird'
    assert section['ref'] == '100% of /foo'
    assert section['check'] == 'Received %s, ignoring'
    assert 'Opt' not in section


def test_section_names_follow_the_subtest_path(suite: Suite) -> None:
    suite.write(
        'config_defaults/subtests/docker_cli/rmi.ini', '[docker_cli/rmi]\nx = 1\n[docker_cli/rmi/only_tag]\nx = 2\n'
    )
    loaded = suite.config()
    assert loaded['docker_cli/rmi']['x'] == 1
    assert loaded['docker_cli/rmi/only_tag']['x'] == 2
    assert 'Docker_cli/rmi' not in loaded


def test_doc_comments_are_kept(suite: Suite) -> None:
    suite.write('config_defaults/s.ini', '[s]\n#: Seconds to wait{n}{t}at most.\n#: Really.\nwait = 3\nother = 1\n')
    Config.clear_cache()
    docs = Config.docs(suite.root)
    assert docs['s'] == {'wait': 'Seconds to wait\n    at most. Really.'}


def test_enable_turns_a_subtest_off(suite: Suite) -> None:
    suite.write('config_defaults/defaults.ini', PINNED_DEFAULTS + 'enable = yes\n')
    suite.write('config_defaults/s.ini', '[on]\n[off]\nenable = false\n[no]\nenable = no\n')
    loaded = suite.config()
    assert loaded['off']['enable'] is False
    assert Config.enabled('on', suite.root)
    assert not Config.enabled('off', suite.root)
    assert not Config.enabled('no', suite.root)


def test_skipped_files_are_logged(suite: Suite, caplog: pytest.LogCaptureFixture) -> None:
    suite.write('config_defaults/notes.txt', 'x')
    suite.write('config_custom/README.md', 'x')
    with caplog.at_level(logging.WARNING, logger='dockertest.config'):
        suite.config()
    assert [r.getMessage() for r in caplog.records] == [
        f'config: skipped {suite.root}/config_defaults/notes.txt: not an .ini file'
    ]


# --- helpers -----------------------------------------------------------------------------------


def test_none_if_empty() -> None:
    data = {'foo': 0, 'bar': None, 'baz': '      '}
    none_if_empty(data)
    assert data == {'foo': 0, 'bar': None, 'baz': None}
    data = {'a': ' ', 'b': ' '}
    none_if_empty(data, 'a')
    assert data == {'a': None, 'b': ' '}


def test_get_as_list() -> None:
    assert get_as_list('  one, two \n\n,\nthree') == ['one', 'two', 'three']
    assert get_as_list('') == []
    assert get_as_list('', omit_empty=False) == ['']
    assert get_as_list('one,,two,,three,,', omit_empty=False) == ['one', '', 'two', '', 'three', '', '']
    assert get_as_list('a b  c', sep=' ') == ['a', 'b', 'c']


# --- ConfigSection and ConfigDict ----------------------------------------------------------------


def test_config_section_round_trip(tmp_path: Path) -> None:
    path = tmp_path / 'x.ini'
    section = ConfigSection(None, 'TestSection')
    section.set('TestOption', 'TestValue')
    with open(path, 'w') as handle:
        section.write(handle)
    back = ConfigSection({'Dflt': 5}, 'TestSection')
    assert back.read(str(path)) == [str(path)]
    assert back.sections() == ['TestSection']
    assert back.has_section('TestSection')
    assert not back.has_section('Other')
    assert back.options() == ['testoption', 'dflt']
    assert back.get('TESTOPTION') == 'TestValue'
    assert back.has_option('testoption')
    assert back.getint('dflt') == 5
    assert back.remove_option('TestOption')
    assert not back.has_option('testoption')
    assert not back.remove_option('TestOption')
    with pytest.raises(NotImplementedError):
        back.add_section('x')
    with pytest.raises(NotImplementedError):
        back.remove_section('TestSection')


def test_config_section_typed_getters(tmp_path: Path) -> None:
    path = tmp_path / 'x.ini'
    path.write_text('[s]\nn = 7\nf = 2.5\nb1 = YES\nb2 = off\nb3 = 0\nbad = soon\n')
    section = ConfigSection(None, 's')
    section.read([path])
    assert (section.getint('n'), section.getfloat('f'), section.getfloat('n')) == (7, 2.5, 7.0)
    assert (section.getboolean('b1'), section.getboolean('b2'), section.getboolean('b3')) == (True, False, False)
    with pytest.raises(DockerConfigError) as info:
        section.getint('bad')
    assert str(info.value) == (
        f'file {path}, line 7, section [s], option \'bad\': cannot read "soon" as int: expected a whole number'
    )
    with pytest.raises(DockerKeyError):
        section.get('missing')


def test_config_dict(tmp_path: Path) -> None:
    path = tmp_path / 'x.ini'
    path.write_text('[TestSection]\nb = True\ni = 2\nf = 3.14\ns = foobarbaz\n')
    empty = ConfigDict('NotExist')
    with open(path) as handle:
        empty.read(handle)
    assert len(empty) == 0
    cdict = ConfigDict('TestSection')
    with open(path) as handle:
        handle.read()
        cdict.read(handle)
    assert len(cdict) == 4
    assert (cdict['b'], cdict['i'], cdict['s']) == (True, 2, 'foobarbaz')
    assert cdict['F'] == pytest.approx(3.14)
    with pytest.raises(DockerKeyError):
        cdict['missing']
    cdict['new'] = 42
    assert cdict['new'] == 42
    del cdict['new']
    assert 'new' not in cdict
    with pytest.raises(DockerKeyError):
        del cdict['new']
    with pytest.raises(DockerIOError):
        cdict.write(handle)
    defaults = ConfigDict('TestSection', {'docker_timeout': '300.0'})
    with open(path) as handle:
        defaults.read(handle)
    assert defaults['docker_timeout'] == 300.0
    assert sorted(defaults) == ['b', 'docker_timeout', 'f', 'i', 's']


# --- the suite directory -----------------------------------------------------------------------


def test_suite_dir_order(
    suite: Suite, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path_factory.mktemp('other')
    (other / 'control').write_text('')
    bindir = suite.root / 'subtests' / 'docker_cli' / 'version'
    bindir.mkdir(parents=True)
    config.set_test_location(bindir)
    try:
        assert config.find_suite_dir() == str(suite.root)
        assert config.find_suite_dir(start=other) == str(other)
        monkeypatch.setenv(config.SUITE_DIR_ENV, str(other))
        assert config.find_suite_dir() == str(other)
        assert config.find_suite_dir(explicit=suite.root) == str(suite.root)
        monkeypatch.setenv(config.SUITE_DIR_ENV, str(bindir))
        with pytest.raises(DockerConfigError) as info:
            config.find_suite_dir()
        assert str(info.value) == (
            f'file {bindir}: {config.SUITE_DIR_ENV}={bindir} is not a suite directory: '
            "it holds neither a 'control' file nor a 'config_defaults' directory"
        )
    finally:
        config.set_test_location(None)


def test_the_repository_is_a_suite_dir_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.SUITE_DIR_ENV, raising=False)
    config.set_test_location(None)
    assert config.find_suite_dir() == str(REPO)


def test_the_bundled_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.SUITE_DIR_ENV, raising=False)
    Config.clear_cache()
    defaults = Config(REPO)['DEFAULTS']
    assert defaults['config_version'] == version.STRING
    assert defaults['autotest_version'] == version.AUTOTESTVERSION
    assert defaults['enable'] is True
    assert defaults['docker_path'] == '/usr/bin/docker'
    assert defaults['docker_options'] == ''
    assert defaults['docker_timeout'] == 300.0
    image = '{docker_registry_host}/{docker_registry_user}/{docker_repo_name}:{docker_repo_tag}'.format(**defaults)
    assert image == 'localhost:5000/dockertest/busybox:latest'
    assert get_as_list(defaults['preserve_fqins']) == [image, 'localhost:5000/dockertest/busybox:extra']
    assert defaults['remove_after_test'] is True
    assert defaults['preserve_cnames'] == ''
    docs = Config.docs(REPO)['DEFAULTS']
    assert sorted(docs) == sorted(defaults), 'every DEFAULTS option has a #: doc comment'
    text = (REPO / 'config_defaults' / 'defaults.ini').read_text()
    assert text.startswith('# DO NOT EDIT THIS FILE.')
    assert 'config_custom/defaults.ini' in text.split('\n[DEFAULTS]\n')[0]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('text', 'message'),
    [
        pytest.param(
            '[s]\nx = 1\nthis is not ini\n',
            'file config_defaults/s.ini, line 3, section [s]: malformed line "this is not ini": '
            "expected 'option = value', '[section]' or a comment",
            id='malformed-line',
        ),
        pytest.param(
            '[s]\nx = %(nope)s\n',
            "file config_defaults/s.ini, line 2, section [s], option 'x': "
            "interpolation refers to missing option 'nope' (not in this section nor in DEFAULTS)",
            id='missing-reference',
        ),
        pytest.param(
            '[s]\na = %(b)s\nb = x%(a)s\n',
            "file config_defaults/s.ini, line 2, section [s], option 'a': interpolation recurses forever: a -> b -> a",
            id='recursion',
        ),
        pytest.param(
            '[s]\nconfig_version = 0.9\n',
            "file config_defaults/s.ini, line 2, section [s], option 'config_version': "
            'config_version must be x.y.z (three whole numbers, each 0-255) or @!NOVERSIONCHECK!@, not "0.9"',
            id='config-version',
        ),
        pytest.param(
            '[s]\nenable = sometimes\n',
            "file config_defaults/s.ini, line 2, section [s], option 'enable': "
            'enable must be a boolean (yes/no, true/false, on/off, 1/0), not "sometimes"',
            id='enable',
        ),
        pytest.param(
            '[s]\nx = 50%\n',
            "file config_defaults/s.ini, line 2, section [s], option 'x': "
            "bad interpolation in \"50%\": '%' must be followed by '%' or '(' (write %% for a literal %)",
            id='stray-percent',
        ),
    ],
)
def test_bad_input_gets_one_clear_error(suite: Suite, text: str, message: str) -> None:
    suite.write('config_defaults/s.ini', text)
    assert suite.error() == message
    # Loading failed as a whole and nothing was cached: the next call fails the same way.
    assert suite.error() == message


def test_arbitrary_bytes_never_crash_the_parser() -> None:
    rng = random.Random(20140424)
    alphabet = b'[]=:#;% \t\n\r()sabcDEF\xff\xc3'
    for _ in range(500):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(200)))
        try:
            sections = _core.parse_ini(data, 'fuzz.ini')
        except DockerConfigError as err:
            assert str(err).startswith('file fuzz.ini, line ')
        else:
            assert all(isinstance(name, str) for name, _line, _options in sections)


def test_unreadable_file(suite: Suite) -> None:
    (suite.root / 'config_defaults' / 'broken.ini').symlink_to(suite.root / 'nowhere')
    assert (
        suite.error() == 'file config_defaults/broken.ini: cannot read the file: No such file or directory (os error 2)'
    )


def test_invalid_utf8(suite: Suite) -> None:
    (suite.root / 'config_custom').mkdir()
    (suite.root / 'config_custom' / 'bin.ini').write_bytes(b'[s]\nx = \xff\xfe\n')
    assert suite.error() == 'file config_custom/bin.ini, line 2: the file is not valid UTF-8'


def test_a_value_of_the_wrong_type(suite: Suite) -> None:
    suite.write('config_defaults/s.ini', '[s]\n\nwait = soon\n')
    loaded = Config.loaded(suite.root)
    with pytest.raises(DockerConfigError) as info:
        loaded.get_as('s', 'WAIT', 'float')
    assert str(info.value).replace(f'{suite.root}/', '') == (
        'file config_defaults/s.ini, line 3, section [s], option \'wait\': cannot read "soon" as float: expected a number'
    )
    assert loaded.get_as('s', 'wait', 'str') == 'soon'
    assert loaded.location('s', 'wait') == (str(suite.root / 'config_defaults' / 's.ini'), 3)


def test_config_errors_carry_their_location(suite: Suite) -> None:
    suite.write('config_defaults/s.ini', '[s]\nx = %(nope)s\n')
    Config.clear_cache()
    with pytest.raises(configparser.InterpolationError) as info:
        Config(suite.root)
    err = info.value
    assert isinstance(err, DockerConfigError)
    assert isinstance(err, _core.ConfigError)
    assert (err.file, err.line, err.section, err.option) == (
        os.fspath(suite.root / 'config_defaults/s.ini'),
        2,
        's',
        'x',
    )
