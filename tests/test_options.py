"""Typed subtest options: values, and one message naming section and option for each bad one."""

from __future__ import annotations

import pytest

from dockertest import xceptions
from dockertest.options import Options


def test_values_of_each_type(make_subtest) -> None:
    probe = make_subtest(
        'opts_csv = --tty, --detach,,\nwords = a  b c\nwait = 2.5\ncount = 3\nkeep = no\nempty =\nmsgs = No such image| image not known ||'
    )
    opts = Options(probe)
    assert opts.list('opts_csv') == ['--tty', '--detach']
    assert opts.list('empty') == []
    assert opts.words('words') == ['a', 'b', 'c']
    assert opts.texts('msgs') == ['No such image', 'image not known']
    assert opts.texts('empty') == []
    assert opts.seconds('wait') == 2.5
    assert opts.integer('count', minimum=1) == 3
    assert opts.flag('keep') is False
    assert opts.image() == 'localhost:5000/dockertest/busybox:latest'


@pytest.mark.parametrize(
    ('ini', 'call', 'message'),
    [
        ('', lambda o: o.text('nosuch'), r'\[probe\] nosuch: missing option'),
        ('empty =', lambda o: o.list('empty', allow_empty=False), r'\[probe\] empty: must list at least one'),
        ('empty =', lambda o: o.words('empty', allow_empty=False), r'\[probe\] empty: must hold at least one word'),
        ('wait = soon', lambda o: o.seconds('wait'), r"\[probe\] wait: 'soon' is not a number"),
        ('wait = 0', lambda o: o.seconds('wait'), r'\[probe\] wait: 0 is not a positive number of seconds'),
        ('count = 2.5', lambda o: o.integer('count'), r'\[probe\] count: 2.5 is not an integer'),
        ('count = 0', lambda o: o.integer('count', minimum=1), r'\[probe\] count: 0 is below the minimum 1'),
        ('keep = maybe', lambda o: o.flag('keep'), r"\[probe\] keep: 'maybe' is not yes or no"),
    ],
)
def test_bad_values_name_section_and_option(make_subtest, ini, call, message) -> None:
    with pytest.raises(xceptions.DockerValueError, match=message):
        call(Options(make_subtest(ini)))
