"""The upload folders of browser sessions that have ended are removed.

Streamlit keeps a disconnected session for `server.disconnectedSessionTTL` seconds, so that a
reload or a network blip can resume it, and then drops it without telling the app; its session
state (and the `UploadFolder` owners in it) can stay in memory until later. So every upload
folder is registered with its session, and a background sweep removes the folders of sessions
that have not been active for longer than that time.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable

from streamlit import config, runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kursk_monitor.upload import UploadFolder

SWEEP_SECONDS = 30
_lock = threading.Lock()
_folders: dict[str, weakref.WeakSet[UploadFolder]] = {}  # session id -> its upload folders
_last_active: dict[str, float] = {}  # session id -> when the sweep (or a check) last saw it active
_sweeper: list[threading.Thread] = []


def track(owner: UploadFolder | None) -> None:
    """Register `owner`'s folder with the running session (a no-op outside a Streamlit server)."""
    context = get_script_run_ctx()
    if owner is None or context is None or not runtime.exists():
        return
    with _lock:
        _folders.setdefault(context.session_id, weakref.WeakSet()).add(owner)
        _last_active[context.session_id] = time.monotonic()
        if not _sweeper:
            _sweeper.append(threading.Thread(target=_sweep_forever, name="kursk-upload-sweep", daemon=True))
            _sweeper[0].start()


def sweep(now: float, is_active: Callable[[str], bool], ttl: float) -> None:
    """Discard the folders of every session that has not been active for more than `ttl` seconds."""
    ended = []
    with _lock:
        for session_id in list(_folders):
            if is_active(session_id):
                _last_active[session_id] = now
            elif now - _last_active[session_id] > ttl:
                ended.append(_folders.pop(session_id))
                del _last_active[session_id]
    for folders in ended:
        for owner in list(folders):
            owner.discard()


def _sweep_forever() -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            is_active = runtime.get_instance().is_active_session
        except RuntimeError:  # the runtime has stopped; the folders go at exit
            _sweeper.clear()
            return
        sweep(time.monotonic(), is_active, float(config.get_option("server.disconnectedSessionTTL")))
