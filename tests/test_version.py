"""dockertest.version: the API version, packing, comparison and the config checks."""

from __future__ import annotations

import importlib.metadata
import logging
import re
from pathlib import Path

import pytest

import dockertest
from dockertest import _core, version
from dockertest.xceptions import DockerAutotestVersionError, DockerValueError, DockerVersionError

REPO = Path(__file__).resolve().parent.parent


def test_constants() -> None:
    assert (version.MAJOR, version.MINOR, version.REVIS) == (0, 9, 0)
    assert version.FMTSTRING == '%d.%d.%d'
    assert version.STRING == '0.9.0'
    assert version.NOVERSIONCHECK == '@!NOVERSIONCHECK!@'
    assert version.AUTOTESTVERSION == '0.16.0'


def test_one_version_everywhere() -> None:
    """Cargo.toml, the package, the API, config_version and the docs (when present) agree."""
    cargo = re.search(r'(?m)^version = "([^"]+)"', (REPO / 'Cargo.toml').read_text()).group(1)
    defaults = _core.parse_ini((REPO / 'config_defaults' / 'defaults.ini').read_bytes())
    config_version = {o: v for o, v, _l, _d in {s: opts for s, _l, opts in defaults}['DEFAULTS']}
    found = {
        'Cargo.toml': cargo,
        'dockertest.version.STRING': version.STRING,
        'dockertest.__version__': dockertest.__version__,
        'package metadata': importlib.metadata.version('dockertest'),
        'config_defaults/defaults.ini config_version': config_version['config_version'],
    }
    conf = REPO / 'docs' / 'conf.py'
    if conf.exists():
        line = next(x for x in conf.read_text().splitlines() if x.startswith('version ='))
        found['docs/conf.py'] = line.split("'")[1]
    assert set(found.values()) == {cargo}, found


def test_str2int_and_int2str() -> None:
    assert version.str2int('3.1.5') == 196869
    assert version.int2str(123456) == '1.226.64'
    assert version.int2str(version.str2int('0.9.0')) == '0.9.0'
    for bad in ('256.1.5', '1.1.5.1', '1.2', 'a.b.c', ''):
        with pytest.raises(DockerValueError, match='is not x.y.z'):
            version.str2int(bad)
    with pytest.raises(DockerValueError, match='outside 0..=16777215'):
        version.int2str(16777216)
    with pytest.raises(DockerValueError):
        version.str2int(None)


def test_compare() -> None:
    assert version.compare('0.6.4', '0.6.5') == 0
    assert version.compare((1, 0, 0), (1, 0, 1)) == 0
    assert version.compare((0, 100, 0), (1, 0, 1)) == -1
    assert version.compare([0, 10, 0], [0, 9, 9]) == 1
    assert version.compare('1.2.0', '1.3.0') == -1
    with pytest.raises(ValueError):
        version.compare(None, None)
    with pytest.raises(DockerValueError, match='the types differ'):
        version.compare('0.6.4', (0, 6, 4))


def test_check_version(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        version.check_version({'config_version': version.NOVERSIONCHECK})
    assert len(caplog.records) == 1
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        version.check_version({})
    assert len(caplog.records) == 1
    version.check_version({'config_version': '0.9.0'})
    version.check_version({'config_version': '0.9.17'})
    with pytest.raises(DockerVersionError) as info:
        version.check_version({'config_version': '0.8.8'})
    assert (info.value.lib_version, info.value.config_version) == ('0.9.0', '0.8.8')
    assert str(info.value) == (
        'Docker test library version 0.9.0 incompatible with test configuration version 0.8.8; '
        'the major and minor numbers must agree'
    )
    with pytest.raises(DockerVersionError) as info:
        version.check_version({'config_version': ''})
    assert info.value.config_version == '<not set for test>'
    for bad in (None, '1.2', 0.9):
        with pytest.raises(DockerValueError) as info:
            version.check_version({'config_version': bad})
        assert type(info.value) is DockerValueError


def test_check_autotest_version() -> None:
    version.check_autotest_version({'autotest_version': version.NOVERSIONCHECK}, '0.1.0')
    version.check_autotest_version({'autotest_version': '0.16.0'}, '0.16.0')
    version.check_autotest_version({'autotest_version': '0.16.0'}, '0.16.4-42-gabcdef')
    version.check_autotest_version({'autotest_version': '0.16.0-master-32-g050cd'}, '0.16.1')
    version.check_autotest_version({}, '0.15.0')
    with pytest.raises(DockerAutotestVersionError) as info:
        version.check_autotest_version({}, '0.14.9')
    assert (info.value.lib_version, info.value.config_version) == ('0.14.9', '0.15.0')
    with pytest.raises(DockerVersionError) as info:
        version.check_autotest_version({'autotest_version': '0.16.0'}, '0.15.2')
    assert (
        str(info.value)
        == 'installed Autotest version 0.15.2 is older than the minimum 0.16.0 the configuration asks for'
    )


def test_check_doc_version(tmp_path) -> None:
    from dockertest import version

    assert version.check_doc_version(tmp_path) is None  # no docs/conf.py: nothing to check
    (tmp_path / 'docs').mkdir()
    conf = tmp_path / 'docs' / 'conf.py'
    conf.write_text(f"project = 'x'\nversion = '{version.MAJOR}.{version.MINOR}.99'\nrelease = version\n")
    assert version.check_doc_version(tmp_path) is None  # the revision does not count
    conf.write_text("version = '0.1.0'\n")
    assert version.check_doc_version(tmp_path) == (
        f"docs version '0.1.0' in {conf} does not match the dockertest API version {version.STRING}"
    )
    conf.write_text('version = 1\n')
    assert 'does not match' in version.check_doc_version(tmp_path)


def test_the_repository_docs_version_matches() -> None:
    from pathlib import Path

    from dockertest import version

    assert version.check_doc_version(Path(__file__).resolve().parents[1]) is None
