"""Step 4 of ``up``: the loopback registry, holding every tag of the test image."""

from __future__ import annotations

import contextlib
import json
import shutil

from ...registry import api_status
from ...registry import get as http_get
from .processes import Processes
from .settings import IMAGE_REPO, IMAGE_TAGS

__all__ = ['RegistryStep']


class RegistryStep(Processes):
    """The registry on 127.0.0.1 at the registry port, started by ``up`` unless one answers."""

    def registry_answers(self) -> bool:
        """True when a Docker registry answers on the loopback registry port."""
        return api_status(f'127.0.0.1:{self.settings.registry_port}', timeout=1.0) == 200

    def registry_tags(self) -> set[str]:
        """The tags of the test image repository that the registry holds."""
        url = f'http://127.0.0.1:{self.settings.registry_port}/v2/{IMAGE_REPO}/tags/list'
        status, body = http_get(url)
        if status != 200:
            return set()
        with contextlib.suppress(ValueError, AttributeError):
            return set(json.loads(body).get('tags') or [])
        return set()

    def ensure_registry(self) -> None:
        """Start the loopback registry unless one answers, then push the test image tags it lacks."""
        port = self.settings.registry_port
        if self.registry_answers():
            self.say('registry', f'ok: answers on 127.0.0.1:{port}')
        else:
            data = self.state / 'registry'
            data.mkdir(parents=True, exist_ok=True)
            cfg = self.state / 'registry.yml'
            cfg.write_text(
                'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n'
                f'    rootdirectory: {data}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n'
            )
            registry = shutil.which('docker-registry') or '/usr/bin/docker-registry'
            self.spawn(
                'registry', [registry, 'serve', str(cfg)], self.registry_answers, f'registry on 127.0.0.1:{port}'
            )
        missing = [name for name in self.settings.image_names if name.rsplit(':', 1)[1] not in self.registry_tags()]
        for name in missing:
            self.docker('push', name, timeout=300.0)
        if missing:
            self.made('push', f'pushed {", ".join(missing)}')
        else:
            self.say('push', f'ok: registry holds {IMAGE_REPO}:{",".join(IMAGE_TAGS)}')
