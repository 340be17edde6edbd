"""Subtest selection: discovery, ``--args`` forms, ``control.ini`` and unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockertest.selection import SelectionError, find_subtests, parse_args, read_control_ini, select

CHILDREN = {'subexample': ['one', 'two'], 'docker_cli/rmi': ['only_tag', 'by_id']}


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    (tmp_path / 'control').write_text('# control\n')
    for name in ('example', 'subexample', 'docker_cli/version', 'docker_cli/rmi', 'docker_cli/info'):
        d = tmp_path / 'subtests' / name
        d.mkdir(parents=True)
        (d / f'{d.name}.py').write_text('')
    # Not subtests: a directory without its module, a helper module beside one.
    (tmp_path / 'subtests/docker_cli/helpers').mkdir()
    (tmp_path / 'subtests/docker_cli/helpers/other.py').write_text('')
    (tmp_path / 'subtests/subexample/one.py').write_text('')
    return tmp_path


def test_find_subtests_is_sorted_and_ignores_non_subtests(suite: Path) -> None:
    assert find_subtests(suite / 'subtests') == [
        'docker_cli/info',
        'docker_cli/rmi',
        'docker_cli/version',
        'example',
        'subexample',
    ]


def test_no_args_selects_everything_in_sorted_order(suite: Path) -> None:
    sel = select(suite, [], CHILDREN)
    assert sel.subtests == ['docker_cli/info', 'docker_cli/rmi', 'docker_cli/version', 'example', 'subexample']
    assert not sel.dry_run


def test_csv_runs_only_those_in_the_order_given(suite: Path) -> None:
    assert select(suite, ['example,docker_cli/version'], CHILDREN).subtests == ['example', 'docker_cli/version']
    assert select(suite, ['docker_cli/version,example'], CHILDREN).subtests == ['docker_cli/version', 'example']


def test_a_sub_subtest_name_runs_its_parent_and_is_a_subthing(suite: Path) -> None:
    sel = select(suite, ['docker_cli/rmi/only_tag'], CHILDREN)
    assert sel.subtests == ['docker_cli/rmi']
    assert sel.subthings == ['docker_cli/rmi/only_tag']
    assert '[Control]\ninclude = \nexclude = \nsubthings = docker_cli/rmi/only_tag\n' == sel.control_ini()


def test_include_and_exclude_forms(suite: Path) -> None:
    assert select(suite, ['i=example,subexample'], CHILDREN).subtests == ['example', 'subexample']
    assert select(suite, ['x=example,docker_cli/rmi'], CHILDREN).subtests == [
        'docker_cli/info',
        'docker_cli/version',
        'subexample',
    ]
    sel = select(suite, ['i=subexample', 'x=subexample/two'], CHILDREN)
    assert sel.subtests == ['subexample']
    assert sel.exclude == ['subexample/two']


def test_dry_run_marker(suite: Path) -> None:
    sel = select(suite, ['example', '!!!'], CHILDREN)
    assert sel.dry_run and sel.subtests == ['example']
    # A CSV item holding the marker is ignored rather than taken for a name.
    assert select(suite, ['example,!!!'], CHILDREN).subtests == ['example']


def test_args_are_stripped_and_deduplicated() -> None:
    assert parse_args(['example, subexample ,example', 'i=a,,b']) == (['example', 'subexample'], ['a', 'b'], [], False)


def test_unknown_name_fails_before_anything_with_close_matches(suite: Path) -> None:
    with pytest.raises(SelectionError) as err:
        select(suite, ['example,docker_cli/versoin'], CHILDREN)
    assert str(err.value) == (
        "unknown subtest or sub-subtest 'docker_cli/versoin' in --args; close matches: docker_cli/version, "
        'docker_cli/rmi, docker_cli/info'
    )


def test_unknown_name_without_close_matches(suite: Path) -> None:
    with pytest.raises(SelectionError, match="'zzz' in --args x=; no subtest has a similar name"):
        select(suite, ['x=zzz'], CHILDREN)


def test_unknown_sub_subtest(suite: Path) -> None:
    with pytest.raises(
        SelectionError, match="'subexample/three' in --args; close matches: subexample/two, subexample/one, subexample$"
    ):
        select(suite, ['subexample/three'], CHILDREN)


def test_control_ini_custom_merges_over_defaults(suite: Path) -> None:
    (suite / 'config_defaults').mkdir()
    (suite / 'config_custom').mkdir()
    (suite / 'config_defaults/control.ini').write_text('[Control]\ninclude =\nexclude = example\n')
    (suite / 'config_custom/control.ini').write_text('[Control]\nexclude = example, subexample\n')
    assert read_control_ini(suite) == {'include': [], 'exclude': ['example', 'subexample'], 'subthings': []}
    sel = select(suite, ['x=docker_cli/info'], CHILDREN)
    assert sel.exclude == ['docker_cli/info', 'example', 'subexample']
    assert sel.subtests == ['docker_cli/rmi', 'docker_cli/version']


def test_control_ini_with_an_unknown_name_names_the_option(suite: Path) -> None:
    (suite / 'config_custom').mkdir()
    (suite / 'config_custom/control.ini').write_text('[Control]\ninclude = exampel\n')
    with pytest.raises(SelectionError, match="'exampel' in control.ini option 'include'; close matches: example"):
        select(suite, [], CHILDREN)


def test_an_option_repeated_in_control_ini_keeps_the_later_value_and_warns(
    suite: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # As Python 2's ConfigParser read a 2014 suite's control.ini: the later value wins.
    (suite / 'config_custom').mkdir()
    path = suite / 'config_custom/control.ini'
    path.write_text('[Control]\nexclude = example\nexclude = subexample\n')
    assert read_control_ini(suite)['exclude'] == ['subexample']
    assert f"file {path}, line 3, section [Control], option 'exclude': option set again" in caplog.text


def test_malformed_control_ini_names_the_file(suite: Path) -> None:
    (suite / 'config_custom').mkdir()
    bad = suite / 'config_custom/control.ini'
    bad.write_text('include = x\n')
    with pytest.raises(SelectionError, match=rf'^{bad}: cannot read control.ini: .*option outside any section'):
        select(suite, [], CHILDREN)


def test_read_control_file_gives_only_the_options_it_sets(tmp_path: Path) -> None:
    from dockertest.selection import read_control_file

    path = tmp_path / 'control.ini'
    path.write_text('[Control]\nsubthings = a/b, c\n')
    assert read_control_file(path) == {'subthings': ['a/b', 'c']}
    path.write_text('[Other]\nx = 1\n')
    assert read_control_file(path) == {}
