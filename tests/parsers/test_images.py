"""dockertest.images: full-name rules (§9.2), DockerImage methods (§9.3) and listings (§9.4, §17)."""

from __future__ import annotations

import pytest

from dockertest.images import DockerFullNameFormatError, DockerImage, DockerImagesBase, DockerImagesList
from dockertest.output import DockerOutputError

from .test_output import ID_A, ID_B, IMAGES_2014

SPLITS = [
    ('fedora', ('fedora', None, None, None)),
    ('fedora:20', ('fedora', '20', None, None)),
    ('user/repo:tag', ('repo', 'tag', None, 'user')),
    ('localhost/repo', ('repo', None, None, 'localhost')),
    ('host:5000/repo', ('repo', None, 'host:5000', None)),
    ('host:5000/user/repo:tag', ('repo', 'tag', 'host:5000', 'user')),
    ('docker.io/fedora', ('fedora', None, 'docker.io', None)),
    ('registry.access.redhat.com/rhel7/rhel:latest', ('rhel', 'latest', 'registry.access.redhat.com', 'rhel7')),
    ('192.168.122.245:5000/fedora:32', ('fedora', '32', '192.168.122.245:5000', None)),
    ('localhost:5000/dockertest/busybox:latest', ('busybox', 'latest', 'localhost:5000', 'dockertest')),
    ('repo:', ('repo', '', None, None)),
    ('<none>:<none>', (None, None, None, None)),
    ('fedora:<none>', ('fedora', None, None, None)),
    ('fedora_addr/user_user/fedora_repo:last_tag', ('fedora_repo', 'last_tag', 'fedora_addr', 'user_user')),
    (
        'bAsTaRd-rEPo.lOcAl_hOsT:1073741824/.b+o-F_H./a.s-d_f:F.d-S_a',
        ('a.s-d_f', 'F.d-S_a', 'bAsTaRd-rEPo.lOcAl_hOsT:1073741824', '.b+o-F_H.'),
    ),
    ('  fedora:20  ', ('fedora', '20', None, None)),
]


@pytest.mark.parametrize(('name', 'parts'), SPLITS)
def test_pinned_splits_and_round_trips(name, parts):
    assert DockerImage.split_to_component(name) == parts
    if parts[0] is not None and '<none>' not in name:
        assert DockerImage.full_name_from_component(*parts) == name.strip()


def test_none_input_and_bad_names():
    assert DockerImage.split_to_component(None) == (None, None, None, None)
    with pytest.raises(DockerFullNameFormatError, match=r'\[registry_hostname\[:port\]/\]') as info:
        DockerImage.split_to_component('no spaces allowed/in names')
    assert isinstance(info.value, ValueError)
    assert info.value.name == 'no spaces allowed/in names'


def test_full_name_from_component():
    assert DockerImage.full_name_from_component('repo', 'tag', 'host:5000', 'user') == 'host:5000/user/repo:tag'
    assert DockerImage.full_name_from_component('repo', None, None, 'user') == 'user/repo'


def test_full_name_from_defaults():
    defaults = {
        'docker_repo_name': 'fedora',
        'docker_repo_tag': '',
        'docker_registry_host': '',
        'docker_registry_user': '',
    }
    assert DockerImage.full_name_from_defaults(defaults) == 'fedora'
    defaults.update(docker_repo_tag=32, docker_registry_host='192.168.122.245:5000')
    assert DockerImage.full_name_from_defaults(defaults) == '192.168.122.245:5000/fedora:32'
    assert DockerImage.full_name_from_defaults({'docker_repo_name': 'busybox'}) == 'busybox'
    with pytest.raises(ValueError, match='shorter than 4'):
        DockerImage.full_name_from_defaults({'docker_repo_name': 'abc', 'docker_repo_tag': None})


def test_model_ids_and_comparisons():
    img = DockerImage('192.168.122.245:5000/fedora', 'latest', ID_A, '5 weeks ago', '385.5 MB')
    assert (img.repo, img.tag, img.repo_addr, img.user) == ('fedora', 'latest', '192.168.122.245:5000', None)
    assert img.short_id == ID_A[:12]
    assert img.cmp_id(ID_A[:12]) and img.cmp_id(ID_A)
    assert not img.cmp_id(ID_A[:11]) and not img.cmp_id(ID_A[:34])
    sha = DockerImage('fedora', 'latest', 'sha256:' + ID_B, None, None)
    assert sha.short_id == ID_B[:12] and sha.cmp_id(ID_B[:12]) and sha.cmp_id('sha256:' + ID_B)
    assert img.cmp_greedy_full_name('fedora:latest') and not img.cmp_greedy_full_name('fedora:32')
    assert img.cmp_greedy(repo_addr='192.168.122.245:5000') and not img.cmp_greedy(user='x')
    assert img.cmp_full_name('192.168.122.245:5000/fedora:latest') and not img.cmp_full_name('fedora:latest')
    assert img.cmp_full_name_with_component('fedora', 'latest', '192.168.122.245:5000')
    assert str(img) == f'full_name:192.168.122.245:5000/fedora:latest LONG_ID:{ID_A} CREATED:5 weeks ago SIZE:385.5 MB'
    assert repr(img) == f'DockerImage({img})'
    assert img == DockerImage('fedora', 'latest', ID_A, '5 weeks ago', '385.5 MB', '192.168.122.245:5000')
    assert img != sha and len({img, img, sha}) == 2


def test_none_image_has_no_name():
    img = DockerImage('<none>', '<none>', 'f2efcd596c59', '8 minutes ago', '1.98MB')
    assert (img.full_name, img.repo, img.tag) == (None, None, None)


@pytest.fixture
def images():
    return DockerImagesList.from_table(IMAGES_2014, command='/foo/bar images --no-trunc')


def test_original_seven_row_listing(images):
    assert images.list_imgs_full_name() == [
        '192.168.122.245:5000/fedora:32',
        'fedora:32',
        'fedora:rawhide',
        '192.168.122.245:5000/fedora:latest',
        'fedora:20',
        'fedora:heisenbug',
        'fedora:latest',
    ]
    assert images.list_imgs_ids() == [ID_A, ID_B]
    assert images.list_imgs()[6] == DockerImage('fedora', 'latest', ID_B, '5 weeks ago', '385.5 MB')
    assert len(images.list_imgs_with_full_name('fedora:rawhide')) == 1
    assert len(images.list_imgs_with_full_name('fedora:latest')) == 2
    assert len(images.list_imgs_with_full_name_components(repo_addr='192.168.122.245:5000')) == 2
    assert len(images.list_imgs_with_full_name_components(repo_addr='192.168.122.245:5000', tag='32')) == 1
    assert len(images.list_imgs_with_image_id(ID_B)) == 3
    assert len(images.list_imgs_with_image_id(ID_B[:12])) == 3
    all_images = images.list_imgs()
    assert DockerImagesBase.filter_list_full_name(all_images, 'fedora:latest') == images.list_imgs_with_full_name(
        'fedora:latest'
    )
    assert DockerImagesBase.filter_list_by_components(all_images, tag='32') == (
        images.list_imgs_with_full_name_components(tag='32')
    )


def test_unique_name_avoids_listed_names(images):
    name = images.get_unique_name('docker_test_', ':test')
    assert name.startswith('docker_test_') and name.endswith(':test') and len(name) == len('docker_test_abcd:test')
    assert name == name.lower() and name not in images.list_imgs_full_name()
    assert DockerImage.split_to_component(name)[1] == 'test'
    assert images.get_unique_name('Pre', 'suf', 6).startswith('pre_')


def test_base_listing_is_abstract():
    with pytest.raises(NotImplementedError, match='DockerImagesBase'):
        DockerImagesBase().list_imgs()


def test_unparsable_listing_names_the_command():
    with pytest.raises(DockerOutputError, match='`docker images`: line 1, column 1: the images table has no TAG'):
        DockerImagesList.from_table('REPOSITORY   SIZE\nx            1\n', command='docker images')
    with pytest.raises(DockerOutputError, match='line 2, column'):
        DockerImagesList.from_json('{"ID": "1"}\nnot json\n')


def test_pinned_clean_all_preserve_list():
    fqins = ['192.168.122.245:5000/fedora:latest', 'fedora:32', 'fedora:rawhide', 'fedora:heisenbug', 'busybox:1']
    removed = DockerImagesBase.clean_all_names(
        fqins, ' fedora:32, fedora:heisenbug ,', '192.168.122.245:5000/fedora:latest'
    )
    assert removed == ['fedora:rawhide', 'busybox:1']
    assert DockerImagesBase.clean_all_names(iter(fqins), ['fedora:32']) == [n for n in fqins if n != 'fedora:32']
    with pytest.raises(ValueError, match='single string'):
        DockerImagesBase.clean_all_names('fedora:32')
    with pytest.raises(TypeError, match='iterable'):
        DockerImagesBase.clean_all_names(42)
