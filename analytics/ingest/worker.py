"""Read an upload in a child process limited in memory and time.

The reader is native code: a crafted file can make it allocate without bound or abort the whole
process, which no `except` catches. In a child, an exhausted limit, a timeout or a crash becomes a
refusal («Tệp không đọc được an toàn …») and the server keeps serving.

Children come from a fork server started once per process (a fresh interpreter that has imported
this module), never from a fork of the server itself, whose threads a fork would copy mid-work.
"""

from __future__ import annotations

import gc
import logging
import math
import multiprocessing
import resource
import signal
import threading
import traceback
from collections import defaultdict
from multiprocessing.connection import Connection

from analytics import texts
from analytics.ingest.reading import Grid, WorkbookRefused, read_workbook
from analytics.settings import ReadLimits
from analytics.vnformat import number

log = logging.getLogger(__name__)

# Process.start() from several sessions' threads at once is not safe in multiprocessing; the
# answer is unpickled one at a time because the collector is paused meanwhile (see _receive).
_START = threading.Lock()
_RECEIVE = threading.Lock()


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    # Takes effect when the fork server starts: the reader is imported once, not per upload.
    context.set_forkserver_preload([__name__])
    return context


def _limit_child(limits: ReadLimits) -> None:
    memory = limits.worker_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # A backstop for the parent's clock: CPU time beyond the limit ends the child (SIGXCPU).
    seconds = math.ceil(limits.worker_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))


def _share_equal_values(grids: list[Grid]) -> None:
    """Make equal cells one object (per type: 1.0 must not become True): the pickle then holds
    each distinct value once, a district's name not 200.000 times, and is several times faster
    to write and to read back."""
    pools: defaultdict[type, dict] = defaultdict(dict)
    for grid in grids:
        for row in grid.rows:
            row[:] = [pools[value.__class__].setdefault(value, value) for value in row]


def _read_in_child(answer: Connection, data: bytes, max_bytes: int, include_hidden: bool,
                   limits: ReadLimits) -> None:
    """The child's whole work: read, then send back ('grids', [...]), ('refused', message),
    ('memory', None) or ('failed', traceback)."""
    _limit_child(limits)
    # The child lives for one read and holds no cycles worth collecting; the collector would
    # otherwise walk the growing grids again and again.
    gc.disable()
    try:
        grids = read_workbook(data, max_bytes, include_hidden, limits)
        del data
        _share_equal_values(grids)
        answer.send(("grids", grids))
    except WorkbookRefused as exc:
        answer.send(("refused", str(exc)))
    except MemoryError:
        answer.send(("memory", None))
    except Exception:  # a reader bug on some file: reported to the parent, which logs it
        answer.send(("failed", traceback.format_exc()))
    finally:
        answer.close()


def _unsafe(reason: str) -> WorkbookRefused:
    return WorkbookRefused(texts.IMPORT_UNSAFE.format(reason=reason))


def _time_reason(limits: ReadLimits) -> str:
    seconds = limits.worker_seconds
    return texts.IMPORT_UNSAFE_TIME.format(seconds=number(seconds, 0 if seconds == int(seconds) else 1))


def _reason_of_exit(exitcode: int | None, limits: ReadLimits) -> str:
    if exitcode == -signal.SIGXCPU:
        return _time_reason(limits)
    if exitcode == -signal.SIGKILL:  # the system's out-of-memory killer
        return texts.IMPORT_UNSAFE_MEMORY.format(mb=number(limits.worker_memory_mb))
    return texts.IMPORT_UNSAFE_CRASH


def _receive(receiver: Connection):
    """Unpickle the answer with the collector paused: rebuilding 200.000 rows of lists would
    otherwise trigger it hundreds of times (3-5x slower)."""
    with _RECEIVE:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return receiver.recv()
        finally:
            if enabled:
                gc.enable()


def read_in_worker(data: bytes, max_bytes: int, include_hidden: bool = False,
                   limits: ReadLimits = ReadLimits()) -> list[Grid]:
    """read_workbook in a child process; WorkbookRefused for a refused file and for a child that
    ran out of memory or time, or crashed."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_read_in_child, args=(sender, data, max_bytes, include_hidden, limits),
                            name="workbook-reader", daemon=True)
    with _START:
        child.start()
    sender.close()
    try:
        if not receiver.poll(limits.worker_seconds):
            log.warning("workbook reader killed after %s s", limits.worker_seconds)
            raise _unsafe(_time_reason(limits))
        try:
            kind, payload = _receive(receiver)
        except EOFError:
            child.join()
            log.warning("workbook reader ended without an answer, exit code %s", child.exitcode)
            raise _unsafe(_reason_of_exit(child.exitcode, limits)) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "grids":
        return payload
    if kind == "refused":
        raise WorkbookRefused(payload)
    if kind == "memory":
        raise _unsafe(texts.IMPORT_UNSAFE_MEMORY.format(mb=number(limits.worker_memory_mb)))
    log.error("workbook reader failed:\n%s", payload)
    raise _unsafe(texts.IMPORT_UNSAFE_CRASH)
