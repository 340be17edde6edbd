"""Images on the real daemon, through both docker clients and both interfaces."""

from __future__ import annotations

import io
import tarfile
import uuid

import pytest

from dockertest.images import DockerImages

from .conftest import IMAGE

pytestmark = pytest.mark.daemon

PRESERVED = ('localhost:5000/dockertest/busybox:latest', 'localhost:5000/dockertest/busybox:extra')


def _name() -> str:
    return f'localhost:5000/dockertest-test/{uuid.uuid4().hex[:10]}:x'


@pytest.mark.engine_alone  # compares every image the CLI lists with every one the API lists
def test_cli_and_api_list_the_same_images(make_subtest, daemon) -> None:
    name = _name()
    image_id = daemon.image(name)
    probe = make_subtest(f'docker_path = {daemon.client}')
    cli, api = DockerImages(probe), DockerImages(probe, 'api')
    for imgs in (cli, api):
        found = imgs.list_imgs_with_full_name(name)
        assert [(img.full_name, img.long_id) for img in found] == [(name, image_id)]
        assert found[0].repo_addr == 'localhost:5000'
        assert found[0].user == 'dockertest-test'
        assert imgs.list_imgs_with_image_id(image_id[7:19])[0].long_id == image_id
        user_imgs = imgs.list_imgs_with_full_name_components(repo_addr='localhost:5000', user='dockertest-test')
        assert name in [img.full_name for img in user_imgs]
    assert sorted(cli.list_imgs_full_name()) == sorted(api.list_imgs_full_name())
    assert set(cli.list_imgs_ids()) == set(api.list_imgs_ids())
    assert IMAGE in cli.list_imgs_full_name()
    assert cli.default_image == IMAGE


def test_unique_name_removal_and_clean_all(make_subtest, daemon) -> None:
    probe = make_subtest(f'docker_path = {daemon.client}')
    imgs = DockerImages(probe)
    unique = imgs.get_unique_name('localhost:5000/dockertest-test/u', ':x')
    assert unique.startswith('localhost:5000/dockertest-test/u_') and unique.endswith(':x')
    assert unique not in imgs.list_imgs_full_name()
    first, second, third = _name(), _name(), _name()
    for name in (first, second, third, unique):
        daemon.image(name)
    imgs.remove_image_by_full_name(first)
    (obj,) = imgs.list_imgs_with_full_name(second)
    imgs.remove_image_by_image_obj(obj)  # by full name: the busybox tags of the same id stay
    listed = DockerImages(probe, 'api').list_imgs_full_name()
    assert first not in listed and second not in listed and third in listed
    busybox_id = imgs.list_imgs_with_full_name(IMAGE)[0].long_id
    removed = imgs.clean_all([third, unique, *PRESERVED, busybox_id, busybox_id[7:19]])
    assert removed == [third, unique]
    listed = imgs.list_imgs_full_name()
    assert third not in listed and unique not in listed
    assert all(name in listed for name in PRESERVED)


def test_an_unnamed_image_is_found_and_removed_by_id(make_subtest, daemon, tmp_path) -> None:
    archive = tmp_path / 'layer.tar'
    with tarfile.open(archive, 'w') as tar:
        data = uuid.uuid4().bytes  # a unique layer, so the image id is new
        info = tarfile.TarInfo('marker')
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    image_id = daemon.run('import', str(archive)).strip()
    daemon.made_images.append(image_id)
    probe = make_subtest(f'docker_path = {daemon.client}')
    cli, api = DockerImages(probe), DockerImages(probe, 'api')
    found = [imgs.list_imgs_with_image_id(image_id) for imgs in (cli, api)]
    assert [[(img.full_name, img.long_id) for img in imgs] for imgs in found] == [[(None, image_id)]] * 2
    assert image_id in cli.list_imgs_ids()
    cli.remove_image_by_image_obj(found[0][0])  # no name: removed by id
    assert api.list_imgs_with_image_id(image_id) == []
