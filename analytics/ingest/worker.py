"""Read an upload in a child process limited in memory and time.

The reader is native code: a crafted file can make it allocate without bound or abort the whole
process, which no `except` can catch. In a child, an exhausted limit, a timeout or a crash becomes a
refusal («Tệp không đọc được an toàn …») and the server keeps serving.

The child is a fresh interpreter (`python -m analytics.ingest.worker`), never a fork of the server
and its threads; nor a multiprocessing child, which re-runs the parent's `__main__`: inside
Streamlit that is the page script being run.
"""

from __future__ import annotations

import gc
import logging
import math
import pickle
import resource
import signal
import subprocess
import sys
import threading
import traceback
from collections import defaultdict

from analytics import texts
from analytics.ingest.reading import Grid, WorkbookRefused, read_workbook
from analytics.paths import ROOT
from analytics.settings import ReadLimits
from analytics.vnformat import number

log = logging.getLogger(__name__)

# Answers are unpickled one at a time because the collector is paused meanwhile (see _loads).
_RECEIVE = threading.Lock()
# Rust's message when an allocation fails under the memory limit (it then aborts).
RUST_OOM = b"memory allocation of"


def _lower_limit(which: int, soft: int, hard: int) -> None:
    """Set a resource limit, never above one the system already imposes (raising it would fail)."""
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(which, (soft, hard))


def _limit_child(limits: ReadLimits) -> None:
    memory = limits.worker_memory_mb * 1024 * 1024
    _lower_limit(resource.RLIMIT_AS, memory, memory)
    # A backstop for the parent's clock: CPU time beyond the limit ends the child (SIGXCPU).
    seconds = math.ceil(limits.worker_seconds) + 1
    _lower_limit(resource.RLIMIT_CPU, seconds, seconds + 5)


def _share_equal_values(grids: list[Grid]) -> None:
    """Make equal cells one object (per type: 1.0 must not become True): the pickle then holds
    each distinct value once, a district's name not 200.000 times, and is several times faster
    to write and to read back."""
    pools: defaultdict[type, dict] = defaultdict(dict)
    for grid in grids:
        for row in grid.rows:
            row[:] = [pools[value.__class__].setdefault(value, value) for value in row]


def _answer(job: bytes) -> tuple[str, object]:
    """The child's whole work: ('grids', [...]), ('refused', message), ('memory', None) or
    ('failed', traceback)."""
    data, max_bytes, include_hidden, limits = pickle.loads(job)
    del job
    _limit_child(limits)
    # The child lives for one read and holds no cycles worth collecting; the collector would
    # otherwise walk the growing grids again and again.
    gc.disable()
    try:
        grids = read_workbook(data, max_bytes, include_hidden, limits)
        del data
        _share_equal_values(grids)
        return "grids", grids
    except WorkbookRefused as exc:
        return "refused", str(exc)
    except MemoryError:
        return "memory", None
    except Exception:  # a reader bug on some file: reported to the parent, which logs it
        return "failed", traceback.format_exc()


def main() -> None:
    answer = _answer(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


def _unsafe(reason: str) -> WorkbookRefused:
    return WorkbookRefused(texts.IMPORT_UNSAFE.format(reason=reason))


def _time_reason(limits: ReadLimits) -> str:
    seconds = limits.worker_seconds
    return texts.IMPORT_UNSAFE_TIME.format(seconds=number(seconds, 0 if seconds == int(seconds) else 1))


def _reason_of_exit(returncode: int, stderr: bytes, limits: ReadLimits) -> str:
    if returncode == -signal.SIGXCPU:
        return _time_reason(limits)
    if returncode == -signal.SIGKILL or RUST_OOM in stderr:  # the system's or the limit's
        return texts.IMPORT_UNSAFE_MEMORY.format(mb=number(limits.worker_memory_mb))
    return texts.IMPORT_UNSAFE_CRASH


def _loads(answer: bytes):
    """Unpickle the answer with the collector paused: rebuilding 200.000 rows of lists would
    otherwise trigger it hundreds of times (3-5x slower)."""
    with _RECEIVE:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return pickle.loads(answer)
        finally:
            if enabled:
                gc.enable()


def read_in_worker(data: bytes, max_bytes: int, include_hidden: bool = False,
                   limits: ReadLimits = ReadLimits()) -> list[Grid]:
    """read_workbook in a child process; WorkbookRefused for a refused file and for a child that
    ran out of memory or time, or crashed."""
    job = pickle.dumps((data, max_bytes, include_hidden, limits), protocol=pickle.HIGHEST_PROTOCOL)
    child = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=ROOT)
    try:
        answer, errors = child.communicate(job, timeout=limits.worker_seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        log.warning("workbook reader killed after %s s", limits.worker_seconds)
        raise _unsafe(_time_reason(limits)) from None
    if child.returncode != 0 or not answer:
        log.warning("workbook reader ended without an answer, exit code %s: %s", child.returncode,
                    errors[-2000:].decode(errors="replace"))
        raise _unsafe(_reason_of_exit(child.returncode, errors, limits))
    kind, payload = _loads(answer)
    if kind == "grids":
        return payload
    if kind == "refused":
        raise WorkbookRefused(payload)
    if kind == "memory":
        raise _unsafe(texts.IMPORT_UNSAFE_MEMORY.format(mb=number(limits.worker_memory_mb)))
    log.error("workbook reader failed:\n%s", payload)
    raise _unsafe(texts.IMPORT_UNSAFE_CRASH)


if __name__ == "__main__":
    main()
