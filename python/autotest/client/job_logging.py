"""``job.logging`` of a client job: the log teed into per-directory ``<name>.{DEBUG,INFO,WARNING,ERROR}`` files."""

from __future__ import annotations

import logging
import os

__all__ = ['LoggingManager']


class LoggingManager:
    """``job.logging``: tees the log into per-directory ``<name>.{DEBUG,INFO,WARNING,ERROR}`` files."""

    LEVELS = (('DEBUG', logging.DEBUG), ('INFO', logging.INFO), ('WARNING', logging.WARNING), ('ERROR', logging.ERROR))

    def tee_redirect_debug_dir(self, debugdir: str, log_name: str | None = None, tag: str | None = None) -> list:
        """Add file handlers ``debugdir/<log_name>.<LEVEL>`` to the root logger and return them."""
        os.makedirs(debugdir, exist_ok=True)
        name = os.path.basename((tag or log_name or 'client').rstrip('/'))
        fmt = logging.Formatter('%(asctime)s %(levelname)-5.5s| %(message)s', '%m/%d %H:%M:%S')
        handlers = []
        for suffix, level in self.LEVELS:
            handler = logging.FileHandler(os.path.join(debugdir, f'{name}.{suffix}'), encoding='utf-8')
            handler.setLevel(level)
            handler.setFormatter(fmt)
            logging.getLogger().addHandler(handler)
            handlers.append(handler)
        return handlers

    def restore(self, handlers: list | None = None) -> None:
        """Remove and close handlers returned by :meth:`tee_redirect_debug_dir`."""
        for handler in handlers or ():
            logging.getLogger().removeHandler(handler)
            handler.close()
