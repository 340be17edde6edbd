"""The step engine of a client job: the persistent queue of steps and its loop.

A step is ``(ancestry, function_name, args, dargs)``. ``job.next_step`` inserts after the steps the
current step has already queued, ``next_step_append`` adds at the end and ``next_step_prepend`` at the
front; the queue lives in the job state, written to disk after every change.

Step callables should be module-level names of the control file, with serialisable arguments. A step
that ``step_init`` defines at run time (a nested function, or an object it puts in ``globals()``) is
found again after a resume by replaying ``step_init`` with the queue frozen. A step that returns
``locals()`` holding a ``step_init`` starts a nested step engine whose steps are looked up in that frame.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any, Callable

from autotest.client import testrunner
from autotest.client.shared import error

__all__ = ['step_engine']

LOG = logging.getLogger('autotest.job')


class step_engine:
    """Mixin of the client job: ``next_step*`` and the step loop (uses ``_state``, ``record``, ``control``)."""

    _state: Any
    control: str
    resumed: bool
    record: Callable[..., None]

    def _init_steps(self) -> None:
        self._control_globals: dict[str, Any] = {}
        self._step_objects: dict[str, Callable[..., Any]] = {}
        self._frames: dict[tuple[str, ...], dict[str, Any]] = {}
        self._ancestry: tuple[str, ...] = ()
        self._next_step_index = 0
        self._replaying = False
        self._replayed = False

    def _step_name(self, fn: Any) -> str:
        if callable(fn):
            name = getattr(fn, '__name__', None)
            if not name:
                raise error.StepError(f'Step {fn!r} has no __name__: use a module-level function of the control file')
            self._step_objects[name] = fn
            return name
        if isinstance(fn, str):
            return fn
        raise error.StepError(f'Next steps must be functions or names of functions, not {type(fn).__name__}: {fn!r}')

    def _queue_step(self, position: int | None, fn: Any, args: tuple[Any, ...], dargs: dict[str, Any]) -> None:
        if isinstance(fn, (list, tuple)):
            if not fn:
                raise error.StepError('An empty list is not a step')
            fn, args = fn[0], (*fn[1:], *args)
        name = self._step_name(fn)
        if self._replaying:
            return
        try:
            pickle.dumps((args, dargs))
        except Exception as exc:
            raise error.StepError(f'Arguments of step {name} cannot be saved in the state file: {exc}') from exc
        steps = list(self._state.get('client', 'steps', []))
        step = (list(self._ancestry), name, tuple(args), dict(dargs))
        steps.insert(len(steps) if position is None else position, step)
        self._state.set('client', 'steps', steps)

    def next_step(self, fn: Any, *args: Any, **dargs: Any) -> None:
        """Queue a step after those already queued by the current step (their order is kept)."""
        self._queue_step(self._next_step_index, fn, args, dargs)
        self._next_step_index += 1

    def next_step_append(self, fn: Any, *args: Any, **dargs: Any) -> None:
        """Queue a step at the end of the queue."""
        self._queue_step(None, fn, args, dargs)

    def next_step_prepend(self, fn: Any, *args: Any, **dargs: Any) -> None:
        """Queue a step at the front of the queue."""
        self._queue_step(0, fn, args, dargs)

    def _replay_step_init(self) -> None:
        """Re-run ``step_init`` with the queue frozen, to find the steps it defines at run time."""
        self._replayed = True
        step_init = self._control_globals.get('step_init')
        if not callable(step_init):
            return
        LOG.debug('Replaying step_init to find steps defined at run time')
        self._replaying = True
        try:
            step_init()
        except Exception:
            LOG.warning('Replaying step_init failed', exc_info=True)
        finally:
            self._replaying = False

    def _resolve_step(self, ancestry: tuple[str, ...], name: str) -> Callable[..., Any]:
        for depth in range(len(ancestry), 0, -1):
            frame = self._frames.get(ancestry[:depth], {})
            if callable(frame.get(name)):
                return frame[name]
        for namespace in (self._control_globals, self._step_objects):
            if callable(namespace.get(name)):
                return namespace[name]
        if self.resumed and not self._replayed:
            self._replay_step_init()
            return self._resolve_step(ancestry, name)
        raise error.StepError(
            f'Step {name!r} is not defined in control file {self.control}; step callables should be module-level names'
        )

    def _step_engine(self) -> None:
        if not self.resumed:
            self._state.set('client', 'steps', [([], 'step_init', (), {})])
        while True:
            steps = list(self._state.get('client', 'steps', []))
            if not steps:
                return
            ancestry, name, args, dargs = steps.pop(0)
            self._state.set('client', 'steps', steps)
            self._ancestry = tuple(ancestry)
            self._next_step_index = 0
            fn = self._resolve_step(self._ancestry, name)
            try:
                result = fn(*args, **dargs)
            except error.TestNAError as exc:
                self.record('TEST_NA', None, name, testrunner.clean_message(str(exc)))
                continue
            if isinstance(result, dict) and callable(result.get('step_init')):
                nested = (*self._ancestry, name)
                self._frames[nested] = result
                self._ancestry = nested
                self.next_step_prepend('step_init')
