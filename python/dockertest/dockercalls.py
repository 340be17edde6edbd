"""The docker calls subtests make over and over, with a verdict that names the problem.

- :func:`run`: a docker command, each argument one word (no shell splitting); the result, whatever
  the exit status.
- :func:`must_pass`: the same, failing the subtest (``DockerTestFail``) with the command, its exit
  status and its standard error when it exits non-zero.
- :func:`must_pass_or_na`: :func:`must_pass`, except that where the engine's standard error names a
  missing kernel feature (texts the subtest's config lists), the (sub-)subtest is TEST_NA quoting
  the engine's own line, whether the command failed or only warned.
- :func:`start_container`: ``docker run --detach`` of the test image under a unique name that is
  registered for cleanup *before* the container is created.
- :func:`inspect_field`: one ``docker inspect --format`` value of an object;
  :func:`inspect_json`: one value, read as JSON (``{{json .State.Health}}``);
- :func:`container_name`: a unique container name from the ``container_name_prefix`` option,
  registered for cleanup;
- :func:`ps_field`: one ``docker ps --format`` value of the container of one exact name;
- :func:`refused`: a command that must have failed, with one of an option's error texts;
  :func:`must_fail`: runs a command and checks it was :func:`refused`.
- :func:`create_object`: ``docker volume create`` or ``docker network create`` under a unique name
  registered for cleanup *before* the object is created.
- :func:`run_removed`: ``docker run --rm`` of the test image under a unique name registered for
  cleanup, for a short command whose output is wanted.

Each takes the Subtest or SubSubtest whose config supplies the client (``docker_path``), its options
and ``docker_timeout``; the commands go through :mod:`dockertest.dockercmd`.
"""

from __future__ import annotations

import json
from typing import Any

from . import naming, xceptions
from .cmdresult import describe
from .dockercmd import DockerCmd
from .options import Options

__all__ = [
    'container_name',
    'create_object',
    'describe',
    'inspect_field',
    'inspect_json',
    'must_fail',
    'must_pass',
    'must_pass_or_na',
    'na_if_unsupported',
    'ps_field',
    'refused',
    'run',
    'run_removed',
    'start_container',
]


def run(
    test: Any,
    subcmd: str,
    *args: str,
    stdin: str | bytes | None = None,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> Any:
    """``docker <subcmd> <args...>``, each argument verbatim; the result (``exit_status``, ``stdout``, ...).

    ``env`` sets environment variables for the client on top of the inherited ones (a throw-away
    ``DOCKER_CONFIG``, for instance).

    Raises:
        DockerCommandError: the command could not be started, or was killed at its timeout.
    """
    return DockerCmd(test, subcmd, list(args), timeout=timeout, raw_subargs=True, env=env).execute(stdin)


def must_pass(
    test: Any,
    subcmd: str,
    *args: str,
    stdin: str | bytes | None = None,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> Any:
    """:func:`run`, failing the subtest naming the command when it exits non-zero.

    Raises:
        DockerTestFail: the command exited non-zero.
        DockerCommandError: the command could not be started, or was killed at its timeout.
    """
    result = run(test, subcmd, *args, stdin=stdin, timeout=timeout, env=env)
    if result.exit_status != 0:
        raise xceptions.DockerTestFail(describe(result))
    return result


def must_pass_or_na(test: Any, na_option: str, subcmd: str, *args: str, stdin: str | bytes | None = None) -> Any:
    """:func:`must_pass`, or TEST_NA when the engine says the kernel lacks what the command needs.

    Args:
        test: the Subtest or SubSubtest.
        na_option: the option holding ``|``-separated texts of the engine's errors and warnings for a
            missing kernel feature (``freezer not supported|does not support memory limit``).
        subcmd, args, stdin: the docker command, as for :func:`run`.

    Raises:
        DockerTestNAError: a line of standard error holds one of the texts; the message quotes it.
        DockerTestFail: the command exited non-zero for another reason.
    """
    result = run(test, subcmd, *args, stdin=stdin)
    na_if_unsupported(test, na_option, result, f'docker {subcmd}')
    if result.exit_status != 0:
        raise xceptions.DockerTestFail(describe(result))
    return result


def na_if_unsupported(test: Any, na_option: str, result: Any, what: str) -> None:
    """TEST_NA quoting the engine when a line of ``result``'s standard error holds a text of ``na_option``.

    Args:
        test: the Subtest or SubSubtest.
        na_option: the option holding the ``|``-separated texts.
        result: the finished command, whatever its exit status.
        what: the command for the message (``docker run --memory``).

    Raises:
        DockerTestNAError: the engine says the kernel lacks what the command needs.
    """
    texts = Options(test).texts(na_option)
    for line in result.stderr.splitlines():
        if any(text in line for text in texts):
            raise xceptions.DockerTestNAError(f'{what} is not supported here; the engine says: {line.strip()}')


def start_container(
    test: Any,
    prefix: str,
    command: list[str],
    options: list[str] | None = None,
    image: str | None = None,
    *,
    na_option: str | None = None,
) -> str:
    """Start a detached container of the test image under a unique name; returns the name.

    The name is registered in ``test.cleanups`` before ``docker run``, so the container is removed
    even when its start fails or times out.

    Args:
        test: the Subtest or SubSubtest.
        prefix: the start of the name (see :func:`dockertest.naming.unique_name`).
        command: the container's command.
        options: more ``docker run`` options, each one word (``--detach`` and ``--name`` are added).
        image: the image (default: the test image from the config).
        na_option: as for :func:`must_pass_or_na`: the option of the engine's answers that make the
            (sub-)subtest TEST_NA (the kernel or the engine lacks what ``options`` ask for).

    Raises:
        DockerTestFail: ``docker run`` failed.
        DockerTestNAError: with ``na_option``, the engine said it lacks what the start needs.
    """
    name = test.cleanups.container(naming.unique_name(prefix))
    image = image or Options(test).image()
    args = ['--detach', f'--name={name}', *(options or []), image, *command]
    if na_option:
        must_pass_or_na(test, na_option, 'run', *args)
    else:
        must_pass(test, 'run', *args)
    return name


def inspect_field(test: Any, name: str, template: str, kind: str | None = None) -> str:
    """``docker inspect --format <template> <name>``, stripped; ``kind`` adds ``--type``.

    Raises:
        DockerTestFail: the inspection failed.
    """
    args = [*(['--type', kind] if kind else []), '--format', template, name]
    return must_pass(test, 'inspect', *args).stdout.strip()


def inspect_json(test: Any, name: str, path: str, kind: str | None = None) -> Any:
    """The value at ``path`` (``.State.Health``) of ``docker inspect``, read as JSON (None for ``null``).

    Raises:
        DockerTestFail: the inspection failed, or printed something that is not JSON.
    """
    text = inspect_field(test, name, f'{{{{json {path}}}}}', kind)
    try:
        return json.loads(text or 'null')
    except ValueError:
        raise xceptions.DockerTestFail(f'{path} of docker inspect {name} is not JSON: {text[:200]!r}') from None


def container_name(test: Any, suffix: str = '') -> str:
    """A unique container name from the ``container_name_prefix`` option (plus ``suffix``), registered
    in ``test.cleanups`` so that it is removed whatever happens to the command that creates it."""
    prefix = Options(test).text('container_name_prefix') + suffix
    return test.cleanups.container(naming.unique_name(prefix))


def ps_field(test: Any, name: str, template: str, *flags: str) -> str:
    """``docker ps <flags> --filter name=^<name>$ --format <template>``, stripped: empty when ``ps``
    does not list the container (``--all`` among ``flags`` lists stopped ones too).

    Raises:
        DockerTestFail: ``docker ps`` failed.
    """
    return must_pass(test, 'ps', *flags, '--filter', f'name=^{name}$', '--format', template).stdout.strip()


def refused(test: Any, result: Any, msg_option: str, what: str) -> None:
    """Fail unless ``result`` exited non-zero with a text of ``msg_option`` in its standard error.

    Args:
        test: the Subtest or SubSubtest.
        result: the finished command.
        msg_option: the option of ``|``-separated error texts, any one of which will do (an engine
            profile may add its own documented text beside docker's).
        what: the command for the messages ("docker exec into the stopped NAME").

    Raises:
        DockerTestFail: the command passed, or its error holds none of the texts.
    """
    if result.exit_status == 0:
        raise xceptions.DockerTestFail(f'{what} passed; expected a refusal: {describe(result)}')
    test.failif_not_in(Options(test).text(msg_option), result.stderr, f'the error of {what}')


def create_object(test: Any, kind: str, prefix: str, *options: str) -> str:
    """``docker <kind> create <options> <unique name>`` (``kind``: ``volume`` or ``network``); the name.

    The name is registered in ``test.cleanups`` before the command runs, so the object is removed even
    when its creation fails or times out; the command layer adds the job's labels.

    Raises:
        DockerValueError: ``kind`` is neither ``volume`` nor ``network``.
        DockerTestFail: the creation failed.
    """
    if kind not in ('volume', 'network'):
        raise xceptions.DockerValueError(f'create_object: {kind!r} is neither volume nor network')
    name = test.cleanups.add(kind, naming.unique_name(prefix))
    must_pass(test, kind, 'create', *options, name)
    return name


def run_removed(test: Any, prefix: str, command: list[str], options: list[str] | None = None) -> Any:
    """``docker run --rm`` of the test image under a unique name registered for cleanup; the result,
    whatever its exit status (the container is gone once it exits; cleanup removes it otherwise)."""
    name = test.cleanups.container(naming.unique_name(prefix))
    return run(test, 'run', '--rm', f'--name={name}', *(options or []), Options(test).image(), *command)


def must_fail(test: Any, texts_option: str, what: str, subcmd: str, *args: str) -> Any:
    """:func:`run` of a command that must be :func:`refused` with one of ``texts_option``'s texts; the result.

    Raises:
        DockerTestFail: the command succeeded, or its error holds none of the texts.
    """
    result = run(test, subcmd, *args)
    refused(test, result, texts_option, what)
    return result
