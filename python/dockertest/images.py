"""Docker images: the :class:`DockerImage` model and listings.

:class:`DockerImage` (from the Rust core) splits and joins full names
``[registry_hostname[:port]/][user_name/](repository_name[:version_tag])``; ``<none>`` means "no
name". :class:`DockerImagesBase` holds every lookup over a listing; a subclass supplies the listing
by overriding :meth:`DockerImagesBase.get_dockerimages_list`. :class:`DockerImagesList` is the one
that wraps an already-parsed listing (for instance the output of ``docker images --no-trunc``).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import _core
from ._core import DockerFullNameFormatError, DockerImage

__all__ = [
    'DockerFullNameFormatError',
    'DockerImage',
    'DockerImagesBase',
    'DockerImagesList',
]


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
        attached as the tag, any other suffix after ``_``).

        Raises:
            ValueError: No free name was found in 1000 tries.
        """
        return _core.unique_name(prefix, suffix, length, self.list_imgs_full_name())


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
