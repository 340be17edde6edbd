"""dockertest.xceptions: the original's class table, Autotest statuses and core error mapping."""

from __future__ import annotations

import configparser

import pytest

from autotest.client.shared import error
from dockertest import _core, xceptions
from dockertest.xceptions import AutotestError

TABLE = {
    'AutotestError': (error.AutotestError,),
    'DockerCommandError': (error.CmdError,),
    'DockerExecError': (error.TestFail,),
    'DockerTestNAError': (error.TestNAError,),
    'DockerTestError': (error.TestError,),
    'DockerTestFail': (error.TestFail,),
    'DockerValueError': (ValueError, AutotestError),
    'DockerAttributeError': (AttributeError, AutotestError),
    'DockerKeyError': (KeyError, AutotestError),
    'DockerOSError': (OSError, AutotestError),
    'DockerIOError': (IOError, AutotestError),
    'DockerConfigError': (configparser.InterpolationError, AutotestError),
    'DockerNotImplementedError': (NotImplementedError, AutotestError),
    'DockerRuntimeError': (RuntimeError, AutotestError),
    'DockerVersionError': (xceptions.DockerValueError,),
    'DockerAutotestVersionError': (xceptions.DockerVersionError,),
    'DockerOutputError': (xceptions.DockerValueError,),
    'DockerFullNameFormatError': (xceptions.DockerValueError,),
    'DockerSubSubtestNAError': (xceptions.DockerTestNAError,),
    'DockerSocketError': (xceptions.DockerOSError,),
    'DockerAPIError': (xceptions.DockerValueError,),
}


@pytest.mark.parametrize(
    'name', ['DockerOutputError', 'DockerFullNameFormatError', 'DockerSocketError', 'DockerAPIError']
)
def test_one_set_of_classes(name: str) -> None:
    # The core raises the classes of xceptions; _core's names are the very same classes.
    assert getattr(_core, name) is getattr(xceptions, name)
    assert issubclass(getattr(xceptions, name), _core.DockertestError)
    with pytest.raises(AttributeError):
        _core.NoSuchError  # noqa: B018


@pytest.mark.parametrize(('name', 'bases'), TABLE.items(), ids=list(TABLE))
def test_the_class_table(name: str, bases: tuple[type, ...]) -> None:
    cls = getattr(xceptions, name)
    assert name in xceptions.__all__
    assert all(base in cls.__bases__ for base in bases), cls.__bases__
    # The only extra bases are the core's own classes, so core errors can be caught either way.
    assert set(cls.__bases__) - set(bases) <= {_core.ConfigError, _core.VersionError, _core.DockertestError}


@pytest.mark.parametrize(
    ('name', 'status'),
    [
        ('DockerCommandError', 'ERROR'),
        ('DockerExecError', 'FAIL'),
        ('DockerTestNAError', 'TEST_NA'),
        ('DockerTestError', 'ERROR'),
        ('DockerTestFail', 'FAIL'),
        ('DockerSubSubtestNAError', 'TEST_NA'),
    ],
)
def test_autotest_status(name: str, status: str) -> None:
    cls = getattr(xceptions, name)
    assert issubclass(cls, error.TestBaseException)
    assert cls.exit_status == status


def test_messages() -> None:
    assert 'version Unknown incompatible with test configuration version Unknown' in str(xceptions.DockerVersionError())
    assert str(xceptions.DockerOutputError('bad output')) == 'bad output'
    err = xceptions.DockerFullNameFormatError('UPPER/x:y:z')
    assert str(err) == (
        "Image name 'UPPER/x:y:z' does not match the format "
        '[registry_hostname[:port]/][user_name/](repository_name[:version_tag])'
    )
    assert (
        str(xceptions.DockerSubSubtestNAError('only_tag')) == 'Sub-subtest only_tag is not applicable or was disabled'
    )
    older = xceptions.DockerAutotestVersionError('0.15.0', '0.16.0')
    assert str(older) == 'installed Autotest version 0.15.0 is older than the minimum 0.16.0 the configuration asks for'
    config = xceptions.DockerConfigError('opt', 'sect', 'what went wrong')
    assert (str(config), config.option, config.section, config.file) == ('what went wrong', 'opt', 'sect', None)


def test_core_errors_arrive_as_the_legacy_classes(tmp_path) -> None:
    with pytest.raises(xceptions.DockerValueError):
        _core.str2int('x')
    with pytest.raises(xceptions.DockerVersionError):
        _core.check_config_version('7.7.7')
    with pytest.raises(xceptions.DockerAutotestVersionError):
        _core.check_autotest_version('9.0.0', '1.0.0')
    with pytest.raises(xceptions.DockerConfigError) as info:
        _core.load_config(tmp_path)
    assert isinstance(info.value, _core.DockertestError)
    assert isinstance(info.value, error.AutotestError)
    assert str(info.value) == f'file {tmp_path}/config_defaults: the suite directory has no config_defaults directory'
    assert (info.value.file, info.value.line, info.value.section, info.value.option) == (
        f'{tmp_path}/config_defaults',
        None,
        None,
        None,
    )
