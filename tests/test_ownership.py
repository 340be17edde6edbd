"""Ownership without an engine: labels the command layer adds, the record, and what it tells."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dockertest import _core, ownership
from dockertest.ownership import Context, Recorded, created_names, label_words

FIXTURES = Path(__file__).parent / 'fixtures' / 'cli'
CTX = Context('0123456789ab', 'docker_cli/tag', '')
OWNER = 'dockertest.owner=0123456789ab/docker_cli/tag'
LABELS = ['--label', 'dockertest.job=0123456789ab', '--label', 'dockertest.subtest=docker_cli/tag', '--label', OWNER]
# One LABEL per --change: podman 4 reads 'LABEL a=1 b=2' as the label a with the value '1 b=2'.
CHANGE = [
    '--change',
    'LABEL dockertest.job=0123456789ab',
    '--change',
    'LABEL dockertest.subtest=docker_cli/tag',
    '--change',
    f'LABEL {OWNER}',
]


@pytest.mark.parametrize(
    ('words', 'expected'),
    [
        (['run', '--rm', 'img', 'true'], ['run', *LABELS, '--rm', 'img', 'true']),
        (['container', 'create', 'img'], ['container', 'create', *LABELS, 'img']),
        (['build', '-t', 'x', '.'], ['build', *LABELS, '-t', 'x', '.']),
        (['volume', 'create', 'v'], ['volume', 'create', *LABELS, 'v']),
        (['network', 'create', 'n'], ['network', 'create', *LABELS, 'n']),
        (['commit', 'c', 'x:1'], ['commit', *CHANGE, 'c', 'x:1']),
        (['image', 'import', '-', 'x'], ['image', 'import', *CHANGE, '-', 'x']),
        (['ps', '-a'], ['ps', '-a']),
        (['volume', 'ls'], ['volume', 'ls']),
        (['tag', 'a', 'b'], ['tag', 'a', 'b']),
    ],
)
def test_creating_commands_get_the_job_labels(words: list[str], expected: list[str]) -> None:
    assert label_words(words, CTX) == expected


def test_outside_a_job_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ownership.ENV_JOB, raising=False)
    assert ownership.current() is None
    assert label_words(['run', 'img']) == ['run', 'img']
    assert ownership.name_part() == ''
    assert ownership.job_prefix('pfx') == 'pfx'


def test_the_context_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    record = tmp_path / 'ownership.jsonl'
    monkeypatch.setenv(ownership.ENV_JOB, 'feedc0ffee00')
    monkeypatch.setenv(ownership.ENV_SUBTEST, 'docker_cli/rmi')
    monkeypatch.setenv(ownership.ENV_RECORD, str(record))
    assert ownership.job_prefix('pfx') == 'pfx_jfeedc0'
    ownership.note(['tag', 'a', 'b'])
    ownership.note(['rmi', 'b'])
    build = ['build', '-t', 'x', '.']
    ownership.note_output(
        build, 'Step 1/2 : FROM img\n ---> 0123456789ab\n ---> Running in aaaabbbbcccc\n ---> ba9876543210\n'
    )
    ownership.note_output(['run', 'img'], ' ---> 0123456789ab\n')
    record.write_text(record.read_text() + '{torn\n')
    assert list(ownership.read_record(str(record))) == [
        {'subtest': 'docker_cli/rmi', 'words': ['tag', 'a', 'b'], 'job': 'feedc0ffee00'},
        {'subtest': 'docker_cli/rmi', 'words': ['rmi', 'b'], 'job': 'feedc0ffee00'},
        {'subtest': 'docker_cli/rmi', 'image_ids': ['0123456789ab', 'ba9876543210'], 'container_ids': ['aaaabbbbcccc']},
    ]
    made = Recorded.from_record(str(record), 'docker_cli/rmi')
    assert made.images == {'b:latest'} and made.mentioned == {'a', 'b'}
    assert made.image_ids == {'0123456789ab', 'ba9876543210'} and made.container_ids == {'aaaabbbbcccc'}
    assert Recorded.from_record(str(record), 'docker_cli/other') == Recorded.of([])
    assert list(ownership.read_record(str(tmp_path / 'missing'))) == []


@pytest.mark.parametrize(
    ('words', 'expected'),
    [
        (['tag', '--force', 'src', 'localhost:5000/a/b'], {'images': ['localhost:5000/a/b:latest']}),
        (['image', 'pull', 'localhost:5000/a/b:extra'], {'images': ['localhost:5000/a/b:extra']}),
        (['commit', '-m', 'msg here', '-c', 'CMD x', 'cid', 'x/y:t'], {'images': ['x/y:t']}),
        (['commit', 'cid'], {}),
        (['import', '--change', 'LABEL a=b', '-', 'imp'], {'images': ['imp:latest']}),
        (['build', '--tag=a:1', '-tb', '.'], {'images': ['a:1', 'b:latest']}),
        (['run', '--name', 'c1', 'img'], {'containers': ['c1']}),
        (['container', 'create', '--name=c2', 'img'], {'containers': ['c2']}),
        (['volume', 'create', '--label', 'k=v', 'vol'], {'volumes': ['vol']}),
        (['network', 'create', '--driver', 'bridge', 'net'], {'networks': ['net']}),
        (['ps'], {}),
    ],
)
def test_created_names(words: list[str], expected: dict) -> None:
    assert created_names(words) == expected


def test_recorded_sums_up_what_was_made_and_touched() -> None:
    made = Recorded.of(
        [
            ['tag', 'src', 'dst'],
            ['rm', '-f', 'c1'],
            ['ps', '-a', 'ignored'],
            ['image', 'prune', '-f'],
            ['system', 'prune'],
        ]
    )
    assert made.images == {'dst:latest'}
    assert made.mentioned == {'src', 'dst', 'c1'}
    assert made.prunes == {'container', 'image', 'volume', 'network'}


def test_podman_pod_create_is_labelled_and_its_name_recorded() -> None:
    ctx = ownership.Context('j1', 'a/t', '/dev/null')
    words = ownership.label_words(['pod', 'create', '--name', 'p'], ctx)
    assert words == [
        'pod',
        'create',
        '--label',
        'dockertest.job=j1',
        '--label',
        'dockertest.subtest=a/t',
        '--label',
        'dockertest.owner=j1/a/t',
        '--name',
        'p',
    ]
    assert ownership.created_names(['pod', 'create', '--name', 'p']) == {'pods': ['p']}
    assert ownership.verb(['pod', 'rm', 'p']) == ('pod rm', 2)


def test_a_prune_filtered_on_the_jobs_own_label_sweeps_nothing_from_before_the_job() -> None:
    made = Recorded.of([])
    made.add(['volume', 'prune', '-f', '--filter', 'label=dockertest.job=feedc0ffee00'], 'feedc0ffee00')
    made.add(['network', 'prune', '-f', '--filter=label=dockertest.prune.test=feedc0ffee00-1a2b'], 'feedc0ffee00')
    made.add(['builder', 'prune', '-f', '--filter', 'label=x=y'], 'feedc0ffee00')
    assert made.prunes == set()
    # Another job's label, or an unrelated label, still counts as a sweep of that kind.
    made.add(['image', 'prune', '-f', '--filter', 'label=dockertest.job=0000aaaa1111'], 'feedc0ffee00')
    made.add(['container', 'prune', '-f', '--filter', 'label=maintainer=x'], 'feedc0ffee00')
    # One label filter without the job's id is enough to count (an engine may OR its label filters).
    made.add(['volume', 'prune', '-f', '--filter', 'label=a=feedc0ffee00', '--filter', 'label=b=c'], 'feedc0ffee00')
    assert made.prunes == {'image', 'container', 'volume'}


# The regular expressions ownership.py read build output with before the core took it over.
STEP_IMAGE = re.compile(r'--->\s+([0-9a-f]{12,64})\b')
STEP_CONTAINER = re.compile(r'Running in ([0-9a-f]{12,64})\b')
HEX = '0123456789abcdef' * 5
BUILD_OUTPUTS = [
    (FIXTURES / 'docker-28.2.2-client' / 'build-legacy.txt').read_text(),
    ' ---> Using cache\n ---> 5a1e39951c8e\n',
    'STEP 2/4: RUN echo hi > /hi.txt\n--> 2993997cb8c\nCOMMIT x\n--> 01c472e3c57\n' + HEX[:64] + '\n',
    '#6 writing image sha256:' + HEX[:64] + ' done\n',
    *(f' ---> {HEX[:n]}{end}' for n in (11, 12, 40, 64, 65) for end in ('', '\n', 'g', 'A', '_', '.', 'é', '٣')),
    *(f'Running in {HEX[:n]}{end}' for n in (11, 12, 64, 65) for end in ('', ' ', 'x', '-')),
    *(f'--->{space}{HEX[:12]}' for space in ('', ' ', '\t', '\n', '\xa0', '\u3000', '\x1c', '\x1f', '\u200b')),
    'Running in  0123456789ab Running in\t0123456789ab running in 0123456789ab',
    'x---> 0123456789ab y ---> 0123456789ab\n--->--->  fedcba987654\nRunning in Running in 0123456789ab',
]


@pytest.mark.parametrize('text', BUILD_OUTPUTS)
def test_the_core_reads_build_ids_as_the_regular_expressions_did(text: str) -> None:
    expected = (sorted(set(STEP_IMAGE.findall(text))), sorted(set(STEP_CONTAINER.findall(text))))
    assert _core.build_step_ids(text) == expected
