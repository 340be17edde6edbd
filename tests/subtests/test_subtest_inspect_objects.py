"""docker_cli/inspect_objects through the subtest runner: GOOD with each client, and its negative controls."""

from __future__ import annotations

import pytest
from dockercli_support import assert_caught, hang_control, only_child, passing_run

pytestmark = [pytest.mark.daemon, pytest.mark.timeout(300)]
NAME = 'docker_cli/inspect_objects'


def test_good_with_each_client(subtest_runner, docker_client) -> None:
    run = passing_run(subtest_runner, NAME, docker_client)
    assert 'docker inspect agrees with GET /containers/' in run.console
    assert 'docker inspect agrees with GET /images/localhost:5000/dockertest/busybox:latest/json' in run.console


def test_cli_json_differing_from_the_api_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['inspect'], 'replace': ['"Running": true', '"Running": false']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('inspect_objects', 'container_api'))
    assert_caught(run, NAME, 'State in docker inspect and GET /containers/', child='container_api')


def test_an_image_json_missing_a_key_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['inspect', '--type', 'image'], 'drop_lines': '"Architecture"'}
    run = subtest_runner(NAME, fault=fault, custom=only_child('inspect_objects', 'image_api'))
    assert_caught(run, NAME, 'top-level keys of docker inspect and GET /images/', child='image_api')


def test_type_ignored_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['inspect', 'image'], 'exit_code': 0}, custom=only_child('inspect_objects', 'by_type')
    )
    assert_caught(run, NAME, 'exit status of ', child='by_type')


def test_a_wrongly_rendered_template_fails_the_subtest(subtest_runner) -> None:
    fault = {'match': ['inspect', '--format'], 'replace': ['|labelled|', '|other|']}
    run = subtest_runner(NAME, fault=fault, custom=only_child('inspect_objects', 'templates'))
    assert_caught(
        run,
        NAME,
        """{{index .Config.Labels "dockertest.inspect"}}: expected 'labelled'; got 'other'""",
        child='templates',
    )


def test_a_missing_object_that_passes_fails_the_subtest(subtest_runner) -> None:
    run = subtest_runner(
        NAME, fault={'match': ['inspect'], 'exit_code': 0}, custom=only_child('inspect_objects', 'missing')
    )
    assert_caught(run, NAME, 'exit status of ', child='missing')


def test_a_hanging_inspect_is_cut_and_its_containers_removed(subtest_runner) -> None:
    hang_control(subtest_runner, NAME, ['inspect'], child='container_api')
