"""The previous results of a job tag, kept aside until the new job has started a test.

A new job must not destroy the results of the last one only to report that it was rejected (bad
``--args``, a config error found before the first test). So the old ``results/<tag>`` is renamed to
``results/.<tag>.previous`` when the job starts, removed as soon as the first test starts (or the job
completes), and put back when the job ends without having started any test.
"""

from __future__ import annotations

import os
import shutil

__all__ = ['drop', 'path_of', 'restore', 'set_aside']


def path_of(resultdir: str) -> str:
    """Where the previous results of ``resultdir`` are kept: ``<parent>/.<tag>.previous``."""
    parent, tag = os.path.split(os.path.normpath(resultdir))
    return os.path.join(parent, f'.{tag}.previous')


def set_aside(resultdir: str) -> None:
    """Move ``resultdir`` aside (any older kept copy is removed first); nothing to do when it is missing."""
    kept = path_of(resultdir)
    shutil.rmtree(kept, ignore_errors=True)
    if os.path.lexists(resultdir):
        os.rename(resultdir, kept)


def drop(resultdir: str) -> None:
    """The new job has started: the previous results go."""
    kept = path_of(resultdir)
    if os.path.lexists(kept):
        shutil.rmtree(kept, ignore_errors=True)


def restore(resultdir: str) -> bool:
    """Put the previous results back in place of ``resultdir`` if they are still kept.

    Returns:
        Whether they were (the new job's own results are then gone).
    """
    kept = path_of(resultdir)
    if not os.path.lexists(kept):
        return False
    shutil.rmtree(resultdir, ignore_errors=True)
    os.rename(kept, resultdir)
    return True
