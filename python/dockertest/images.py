"""Docker images: the :class:`DockerImage` model and listings.

:class:`DockerImage` (from the Rust core) splits and joins full names
``[registry_hostname[:port]/][user_name/](repository_name[:version_tag])``; ``<none>`` means "no
name". :class:`DockerImagesBase` holds every lookup over a listing; a subclass supplies the listing
by overriding :meth:`DockerImagesBase.get_dockerimages_list`. :class:`DockerImagesList` is the one
that wraps an already-parsed listing (for instance the output of ``docker images --no-trunc``).

:class:`DockerImages` lists a subtest's daemon: through the docker client of its config
(``interface_name='cli'``, :class:`DockerImagesCLI`) or the Engine API on the daemon's socket
(``'api'``, :class:`DockerImagesAPI`, which lists through the API and removes through the client).
Removal never touches the names in ``preserve_fqins`` nor the default test image in ``clean_all``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from . import _core, _listing, ownership
from ._core import DockerFullNameFormatError, DockerImage

__all__ = [
    'DockerFullNameFormatError',
    'DockerImage',
    'DockerImages',
    'DockerImagesAPI',
    'DockerImagesBase',
    'DockerImagesCLI',
    'DockerImagesList',
]

#: The digits of an image id or id prefix, without ``sha256:``.
_HEX = frozenset('0123456789abcdef')


class DockerImagesBase:
    """Lookups over a listing of images.

    Subclasses override :meth:`get_dockerimages_list`; the CLI and API interfaces run docker there.
    """

    #: Seconds a listing command may take.
    timeout = 60.0
    #: Log each listing command.
    verbose = False
    #: Kept from the original; :meth:`get_unique_name` is always lower-case, as docker requires.
    gen_lower_only = True

    def get_dockerimages_list(self) -> list[DockerImage]:
        """The current listing; subclasses provide it.

        Raises:
            NotImplementedError: Always, in the base class.
        """
        raise NotImplementedError(f'{type(self).__name__} does not say how to list images')

    @staticmethod
    def images_from_table(text: str, command: str | None = None) -> list[DockerImage]:
        """Images of a ``docker images`` table (``SIZE`` or 2014's ``VIRTUAL SIZE``, podman too).

        Raises:
            DockerOutputError: The table cannot be parsed; the message names ``command``, line and column.
        """
        return _core.images_from_table(text, command)

    @staticmethod
    def images_from_json(text: str, command: str | None = None) -> list[DockerImage]:
        """Images of ``docker images --format '{{json .}}'`` lines (or a JSON array).

        Raises:
            DockerOutputError: A line is not a JSON object; the message names ``command``, line and column.
        """
        return _core.images_from_json(text, command)

    @staticmethod
    def filter_list_full_name(image_list: Iterable[DockerImage], full_name: str) -> list[DockerImage]:
        """Images matching ``full_name`` greedily (``fedora:latest`` also matches ``host:5000/fedora:latest``)."""
        return [img for img in image_list if img.cmp_greedy_full_name(full_name)]

    @staticmethod
    def filter_list_by_components(
        image_list: Iterable[DockerImage],
        repo: str | None = None,
        tag: str | None = None,
        repo_addr: str | None = None,
        user: str | None = None,
    ) -> list[DockerImage]:
        """Images whose every given component equals the argument."""
        return [img for img in image_list if img.cmp_greedy(repo, tag, repo_addr, user)]

    @staticmethod
    def clean_all_names(
        fqins: Iterable[str], preserve_fqins: str | Iterable[str] = '', default_image: str | None = None
    ) -> list[str]:
        """The names ``clean_all`` removes: every name of ``fqins`` except the preserved ones.

        Args:
            fqins: Full image names, in order.
            preserve_fqins: Names to keep, as the DEFAULTS CSV string or an iterable.
            default_image: The default test image, always kept.

        Raises:
            TypeError: ``fqins`` is not iterable.
            ValueError: ``fqins`` is a bare string (it would be taken one character at a time).
        """
        return _unpreserved('fqins', fqins, preserve_fqins, default_image)

    def list_imgs(self) -> list[DockerImage]:
        """Every listed image."""
        return self.get_dockerimages_list()

    def list_imgs_full_name(self) -> list[str]:
        """Full names in listing order; images without a name are left out."""
        return [img.full_name for img in self.get_dockerimages_list() if img.full_name is not None]

    def list_imgs_ids(self) -> list[str]:
        """Unique long ids, in the order first seen."""
        return list(dict.fromkeys(img.long_id for img in self.get_dockerimages_list()))

    def list_imgs_with_full_name(self, full_name: str) -> list[DockerImage]:
        """Images matching ``full_name`` greedily."""
        return self.filter_list_full_name(self.get_dockerimages_list(), full_name)

    def list_imgs_with_full_name_components(
        self,
        repo: str | None = None,
        tag: str | None = None,
        repo_addr: str | None = None,
        user: str | None = None,
    ) -> list[DockerImage]:
        """Images whose every given component equals the argument."""
        return self.filter_list_by_components(self.get_dockerimages_list(), repo, tag, repo_addr, user)

    def list_imgs_with_image_id(self, image_id: str) -> list[DockerImage]:
        """Images with this id (12 characters compare with the short id)."""
        return [img for img in self.get_dockerimages_list() if img.cmp_id(image_id)]

    def get_unique_name(self, prefix: str = '', suffix: str = '', length: int = 4) -> str:
        """A valid image name not yet listed: ``prefix_random`` then ``suffix`` (a ``:tag`` suffix is
        attached as the tag, any other suffix after ``_``). Inside a job, the prefix is followed by the
        job's name part (:func:`dockertest.ownership.job_prefix`).

        Raises:
            ValueError: No free name was found in 1000 tries.
        """
        return _core.unique_name(ownership.job_prefix(prefix), suffix, length, self.list_imgs_full_name())

    def remove_image_by_id(self, image_id: str) -> Any:
        """Remove the image with this id; subclasses run docker.

        Raises:
            RuntimeError: Always, in the base class.
        """
        raise RuntimeError(f'{type(self).__name__} cannot remove images')

    def remove_image_by_full_name(self, full_name: str) -> Any:
        """Remove (untag) the image called ``full_name``; subclasses run docker.

        Raises:
            RuntimeError: Always, in the base class.
        """
        raise RuntimeError(f'{type(self).__name__} cannot remove images')

    def remove_image_by_image_obj(self, image_obj: DockerImage) -> Any:
        """Remove by full name when the image has one (other tags of the same id stay), else by long id."""
        if image_obj.full_name:
            return self.remove_image_by_full_name(image_obj.full_name)
        return self.remove_image_by_id(image_obj.long_id)


def _unpreserved(what: str, names: Iterable[str], preserve: str | Iterable[str], *always: str | None) -> list[str]:
    """``names`` less the CSV or iterable ``preserve`` and ``always``; shared with containers."""
    if isinstance(names, (str, bytes)):
        # The original raises ValueError here (a string is iterable, but not a list of names).
        raise ValueError(  # noqa: TRY004
            f'{what} must be a list of names, not the single string {names!r}'
        )
    if not isinstance(names, Iterable):
        raise TypeError(f'{what} must be an iterable of names, not {type(names).__name__}')
    kept = preserve.split(',') if isinstance(preserve, str) else list(preserve)
    keep = {name.strip() for name in kept if name and name.strip()} | {name for name in always if name}
    return [name for name in names if name not in keep]


class DockerImagesList(DockerImagesBase):
    """Lookups over a listing that was already parsed.

    Args:
        images: The listing.
    """

    def __init__(self, images: Iterable[DockerImage]) -> None:
        self.images = list(images)

    @classmethod
    def from_table(cls, text: str, command: str | None = None) -> DockerImagesList:
        """Wrap the images of a ``docker images`` table."""
        return cls(cls.images_from_table(text, command))

    @classmethod
    def from_json(cls, text: str, command: str | None = None) -> DockerImagesList:
        """Wrap the images of ``docker images --format '{{json .}}'`` output."""
        return cls(cls.images_from_json(text, command))

    def get_dockerimages_list(self) -> list[DockerImage]:
        """A copy of the wrapped listing."""
        return list(self.images)


class DockerImagesCLI(_listing.Interface, DockerImagesBase):
    """Images of the subtest's daemon, listed and removed by its docker client.

    Args:
        subtest: The Subtest or SubSubtest whose config gives ``docker_path``, ``docker_options``
            and ``docker_timeout``.
        timeout: Seconds allowed to each command; ``docker_timeout`` when None.
        verbose: Log every command.
    """

    #: Arguments of the listing command after ``images``.
    images_args: tuple[str, ...] = ('--no-trunc',)
    #: Arguments of ``rmi`` before the image.
    remove_args: tuple[str, ...] = ()

    @property
    def default_image(self) -> str:
        """The default test image, from the DEFAULTS ``docker_repo_name`` and its siblings."""
        return self.full_name_from_defaults()

    def full_name_from_defaults(self) -> str:
        """The full name ``DockerImage.full_name_from_defaults`` builds from this subtest's config."""
        return DockerImage.full_name_from_defaults(self.subtest.config)

    def get_dockerimages_list(self) -> list[DockerImage]:
        """``docker images --no-trunc``, as JSON lines where the client takes them.

        Raises:
            DockerCommandError: The listing failed or timed out.
            DockerOutputError: Its output cannot be parsed (the message names command, line and column).
        """
        return self.cli_listing(['images', *self.images_args], self.images_from_json, self.images_from_table)

    def remove_image_by_id(self, image_id: str) -> Any:
        """``docker rmi <id>``; the result.

        Raises:
            DockerCommandError: It failed or timed out.
            DockerOutputError: With ``verify_output``, its output failed :class:`~dockertest.output.OutputGood`.
        """
        return self.removal(['rmi', *self.remove_args, image_id])

    def remove_image_by_full_name(self, full_name: str) -> Any:
        """``docker rmi <full_name>``; the result.

        Raises:
            DockerCommandError: It failed or timed out.
            DockerOutputError: With ``verify_output``, its output failed :class:`~dockertest.output.OutputGood`.
        """
        return self.removal(['rmi', *self.remove_args, full_name])

    def clean_all(self, fqins: Iterable[str]) -> list[str]:
        """``docker rmi --force`` each of ``fqins`` but the preserved ones; failures are logged, not raised.

        Kept: the names in the DEFAULTS ``preserve_fqins``, the default test image, and any id that
        belongs to a preserved image (removing it would remove the preserved names too).

        Returns:
            The names whose removal succeeded.

        Raises:
            TypeError: ``fqins`` is not iterable.
            ValueError: ``fqins`` is a bare string.
            DockerCommandError: A removal was killed at its timeout.
        """
        preserve = self.subtest.config.get('preserve_fqins') or ''
        default = self.default_image
        kept = {default} | {name.strip() for name in str(preserve).split(',')}
        protected: list[str] | None = None
        names = []
        for name in self.clean_all_names(fqins, preserve, default):
            bare = name.removeprefix('sha256:')
            if bare and set(bare) <= _HEX:
                if protected is None:  # an id prefix may name a preserved image: list once to know
                    protected = [i.long_id.removeprefix('sha256:') for i in self.list_imgs() if i.full_name in kept]
                if any(long_id.startswith(bare) for long_id in protected):
                    self.subtest.logdebug('clean_all keeps %s: it is the id of a preserved image', name)
                    continue
            names.append(name)
        return self.remove_each(['rmi', '--force'], names)


class DockerImagesAPI(DockerImagesCLI):
    """Images listed through the Engine API (``GET /images/json``) on the daemon's socket.

    Removal still runs the docker client, as :class:`DockerImagesCLI` does.
    """

    def get_dockerimages_list(self) -> list[DockerImage]:
        """``GET /images/json``.

        Raises:
            DockerSocketError: No daemon answers on the socket, or not in time; the message names it.
            DockerAPIError: The daemon answered with an error status.
            DockerOutputError: The body cannot be parsed.
        """
        return self.images_from_json(*self.api_get('/images/json'))


class DockerImages(_listing.Facade):
    """The images of a subtest's daemon through the interface named ``interface_name``.

    Args:
        subtest: The Subtest or SubSubtest the listing works for.
        interface_name: ``'cli'`` (:class:`DockerImagesCLI`) or ``'api'`` (:class:`DockerImagesAPI`).
        timeout: Seconds allowed to each command; ``docker_timeout`` when None.
        verbose: Log every command.

    Every attribute of the interface is available here (``list_imgs``, ``get_unique_name``,
    ``remove_image_by_full_name``, ``clean_all``...).

    Raises:
        TypeError: ``subtest`` is not a Subtest or a SubSubtest.
        KeyError: Unknown ``interface_name``.
    """

    interfaces: ClassVar[dict[str, type]] = {'cli': DockerImagesCLI, 'api': DockerImagesAPI}
