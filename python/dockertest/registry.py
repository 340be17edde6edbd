"""Talking to a loopback registry over its HTTP API, for the subtests that push to one.

- :func:`loopback_address`: ``host:port`` of a registry name, refused unless it is on this machine
  (the network rule: nothing leaves the machine);
- :func:`manifest_digest`: the digest the registry holds for ``repository:tag``
  (``Docker-Content-Digest``), so a subtest compares what the engine says with what was stored;
- :func:`delete_manifest`: remove a manifest a subtest pushed (the registry runs with deletes enabled);
- :func:`api_status`: the HTTP status of ``GET /v2/`` (200 open or accepted, 401 credentials wanted,
  0 nothing answers);
- :func:`free_port`: a 127.0.0.1 port nothing listens on, chosen at run time.

Credentials, where the registry wants them, are ``(user, password)`` sent as HTTP basic auth.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request

from autotest.client.shared.ports import free_port

from . import xceptions

__all__ = ['api_status', 'delete_manifest', 'free_port', 'get', 'loopback_address', 'manifest_digest']

#: Manifest media types asked for, so the registry answers with the digest the engine pushed.
MEDIA_TYPES = (
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.index.v1+json',
)
ACCEPT = ', '.join(MEDIA_TYPES)
LOOPBACK_HOSTS = ('localhost', '127.0.0.1')


def loopback_address(registry: str) -> str:
    """``127.0.0.1:<port>`` for a registry named ``localhost:<port>`` or ``127.0.0.1:<port>``.

    Raises:
        DockerValueError: the registry is not on the loopback interface or has no port.
    """
    host, _, port = str(registry).partition(':')
    if (host not in LOOPBACK_HOSTS and not host.startswith('127.')) or not port.isdigit():
        raise xceptions.DockerValueError(
            f'registry {registry!r}: only loopback registries (localhost:PORT or 127.0.0.1:PORT) are used'
        )
    return f'127.0.0.1:{port}'


def _request(url: str, method: str, auth: tuple[str, str] | None, timeout: float) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request; an error status comes with its headers and no body,
    and (0, {}, b'') means nothing answered."""
    request = urllib.request.Request(url, method=method, headers={'Accept': ACCEPT})
    if auth:
        token = base64.b64encode(f'{auth[0]}:{auth[1]}'.encode()).decode()
        request.add_header('Authorization', f'Basic {token}')
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers or {}), b''
    except (OSError, ValueError):
        return 0, {}, b''


def get(url: str, timeout: float = 3.0) -> tuple[int, bytes]:
    """GET a loopback URL: (status, body); (0, b'') when nothing answers."""
    status, _, body = _request(url, 'GET', None, timeout)
    return status, body


def api_status(registry: str, auth: tuple[str, str] | None = None, timeout: float = 3.0) -> int:
    """The HTTP status of ``GET /v2/`` of the registry (with ``auth`` when given); 0 when nothing answers."""
    return _request(f'http://{loopback_address(registry)}/v2/', 'GET', auth, timeout)[0]


def manifest_digest(
    registry: str, repository: str, reference: str, auth: tuple[str, str] | None = None, timeout: float = 10.0
) -> str | None:
    """The digest the registry holds for ``repository:reference``, or None when it holds none.

    Args:
        registry: ``localhost:PORT`` or ``127.0.0.1:PORT`` (see :func:`loopback_address`).
        repository: the repository path inside the registry (``dockertest_push_x1y2``).
        reference: a tag or a digest.
        auth: basic-auth credentials, when the registry wants them.
        timeout: seconds for the request.
    """
    url = f'http://{loopback_address(registry)}/v2/{repository}/manifests/{reference}'
    status, headers, _ = _request(url, 'HEAD', auth, timeout)
    if status != 200:
        return None
    found = {key.lower(): value for key, value in headers.items()}
    return found.get('docker-content-digest') or None


def delete_manifest(
    registry: str, repository: str, digest: str, auth: tuple[str, str] | None = None, timeout: float = 10.0
) -> bool:
    """Delete the manifest ``digest`` of ``repository``; True when the registry removed it or never had it."""
    url = f'http://{loopback_address(registry)}/v2/{repository}/manifests/{digest}'
    status, _, _ = _request(url, 'DELETE', auth, timeout)
    return status in (202, 404)
