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
- :func:`inspect_field`: one ``docker inspect --format`` value of an object.
- :func:`must_fail`: a command that must be refused, with one of the texts a config option lists.
- :func:`create_object`: ``docker volume create`` or ``docker network create`` under a unique name
  registered for cleanup *before* the object is created.
- :func:`run_removed`: ``docker run --rm`` of the test image under a unique name registered for
  cleanup, for a short command whose output is wanted.

Each takes the Subtest or SubSubtest whose config supplies the client (``docker_path``), its options
and ``docker_timeout``; the commands go through :mod:`dockertest.dockercmd`.
"""

from __future__ import annotations

from typing import Any

from . import naming, xceptions
from .dockercmd import DockerCmd
from .options import Options

__all__ = [
    'create_object',
    'describe',
    'inspect_field',
    'must_fail',
    'must_pass',
    'must_pass_or_na',
    'na_if_unsupported',
    'run',
    'run_removed',
    'start_container',
]


def describe(result: Any) -> str:
    """One line: the command, its exit status and its standard error."""
    stderr = ' '.join(str(result.stderr).split())
    return f'{result.command} exited {result.exit_status}' + (f': {stderr}' if stderr else '')


def run(test: Any, subcmd: str, *args: str, stdin: str | bytes | None = None, timeout: float | None = None) -> Any:
    """``docker <subcmd> <args...>``, each argument verbatim; the result (``exit_status``, ``stdout``, ...).

    Raises:
        DockerCommandError: the command could not be started, or was killed at its timeout.
    """
    return DockerCmd(test, subcmd, list(args), timeout=timeout, raw_subargs=True).execute(stdin)


def must_pass(
    test: Any, subcmd: str, *args: str, stdin: str | bytes | None = None, timeout: float | None = None
) -> Any:
    """:func:`run`, failing the subtest naming the command when it exits non-zero.

    Raises:
        DockerTestFail: the command exited non-zero.
        DockerCommandError: the command could not be started, or was killed at its timeout.
    """
    result = run(test, subcmd, *args, stdin=stdin, timeout=timeout)
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
    texts = [text.strip() for text in Options(test).text(na_option).split('|') if text.strip()]
    for line in result.stderr.splitlines():
        if any(text in line for text in texts):
            raise xceptions.DockerTestNAError(f'{what} is not supported here; the engine says: {line.strip()}')


def start_container(
    test: Any, prefix: str, command: list[str], options: list[str] | None = None, image: str | None = None
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

    Raises:
        DockerTestFail: ``docker run`` failed.
    """
    name = test.cleanups.container(naming.unique_name(prefix))
    image = image or Options(test).image()
    must_pass(test, 'run', '--detach', f'--name={name}', *(options or []), image, *command)
    return name


def inspect_field(test: Any, name: str, template: str, kind: str | None = None) -> str:
    """``docker inspect --format <template> <name>``, stripped; ``kind`` adds ``--type``.

    Raises:
        DockerTestFail: the inspection failed.
    """
    args = [*(['--type', kind] if kind else []), '--format', template, name]
    return must_pass(test, 'inspect', *args).stdout.strip()


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
    """:func:`run` of a command that must be refused; the result.

    Args:
        test: the Subtest or SubSubtest.
        texts_option: the option holding ``|``-separated texts, one of which the refusal must hold.
        what: what the refusal is about, for the messages ("a volume in use").
        subcmd, args: the docker command, as for :func:`run`.

    Raises:
        DockerTestFail: the command succeeded, or its error holds none of the texts.
    """
    result = run(test, subcmd, *args)
    if result.exit_status == 0:
        raise xceptions.DockerTestFail(f'{what}: {result.command} succeeded')
    texts = [text.strip() for text in Options(test).text(texts_option).split('|') if text.strip()]
    if not any(text in result.stderr for text in texts):
        raise xceptions.DockerTestFail(f'{what}: the error holds none of {texts}: {describe(result)}')
    return result
