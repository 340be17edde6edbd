"""Step 3 of ``up``: the test image, imported offline from a tiny rootfs of static busybox and bash."""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from .base import HostBase
from .commands import run_tool
from .errors import HostError
from .probes import daemon_answers

__all__ = ['BASH', 'BUSYBOX', 'ImageStep']

BUSYBOX = Path('/bin/busybox')
BASH = Path('/bin/bash-static')


def _as_root(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """A rootfs member owned by root, by number (as ``tar --numeric-owner`` of a root-owned tree)."""
    member.uid = member.gid = 0
    member.uname = member.gname = ''
    return member


def rootfs_tar(root: Path) -> bytes:
    """The tree under ``root`` as an uncompressed tar archive, every member owned by root."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w', format=tarfile.GNU_FORMAT) as tar:
        tar.add(str(root), arcname='.', filter=_as_root)
    return buffer.getvalue()


class ImageStep(HostBase):
    """The test image under each of its names, and removing the names ``up`` made."""

    def image_id(self, name: str) -> str | None:
        """The id of the local image ``name``, or None."""
        proc = self.docker('image', 'inspect', '--format', '{{.Id}}', name, check=False)
        return proc.stdout.strip() if proc.exit_status == 0 else None

    def build_rootfs(self, root: Path) -> None:
        """Lay out the tiny rootfs: static busybox with every applet linked, static bash at /bin/bash."""
        for tool in (BUSYBOX, BASH):
            if not tool.is_file():
                raise HostError(f'image: {tool} missing; install busybox-static and bash-static')
        for d in ('bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'tmp', 'var', 'root', 'proc', 'sys', 'dev'):
            (root / d).mkdir(parents=True, exist_ok=True)
        (root / 'tmp').chmod(0o1777)
        shutil.copy2(BUSYBOX, root / 'bin/busybox')
        shutil.copy2(BASH, root / 'bin/bash')
        applets = run_tool([str(BUSYBOX), '--list-full'], f'image: {BUSYBOX} missing; install busybox-static')
        for rel in applets.stdout.split():
            link = root / rel
            if rel.startswith('/') or link.exists() or link.is_symlink():
                continue
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(os.path.relpath(root / 'bin/busybox', link.parent))
        (root / 'etc/passwd').write_text('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n')
        (root / 'etc/group').write_text('root:x:0:\nnogroup:x:65534:\n')

    def ensure_image(self) -> None:
        """Import the test image offline unless every tag of it is present."""
        record = self._record()
        names = self.settings.image_names
        ids = {name: self.image_id(name) for name in names}
        if all(ids.values()):
            self.say('image', f'ok: {", ".join(names)}')
            return
        if not ids[names[0]]:
            with tempfile.TemporaryDirectory(prefix='dockertest-rootfs-') as tmp:
                root = Path(tmp)
                self.build_rootfs(root)
                tar = rootfs_tar(root)
            self.docker(
                'import',
                '--change',
                'CMD ["/bin/sh"]',
                '--change',
                'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
                '-',
                names[0],
                input=tar,
            )
            ids[names[0]] = self.image_id(names[0])
            record['images'][names[0]] = ids[names[0]]
        for name in names[1:]:
            if not ids[name]:
                self.docker('tag', names[0], name)
                record['images'][name] = ids[names[0]]
        self._save_record(record)
        self.made('image', f'imported {", ".join(names)} ({ids[names[0]][:19]})')

    def purge_images(self) -> None:
        """Remove the image names ``up`` made, only while they still name the image it made."""
        record = self._record()
        if record['images'] and not daemon_answers(self.settings.socket_path):
            raise HostError('purge: no daemon answers, so the images up made cannot be removed; run up first')
        for name, made_id in sorted(record['images'].items()):
            if self.image_id(name) == made_id:
                self.docker('rmi', name)
                self.say('image', f'removed {name}')
            else:
                self.say('image', f'left {name}: it no longer names the image up made')
        record['images'] = {}
        self._save_record(record)
