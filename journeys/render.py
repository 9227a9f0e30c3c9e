"""Static image export (PNG, SVG, PDF) of plotly figures with kaleido.

Why this module exists: kaleido 1.x no longer ships a browser, and starting
Chromium costs 1-2 s, which dominates a slide-deck export if paid per image.
`ImageRenderer` therefore starts ONE headless Chromium (the system one, never
a downloaded copy) and renders any number of figures through it.

kaleido is async; to stay usable from plain synchronous code (and from
frameworks that already run their own event loop) each renderer owns a
private event loop in a daemon thread and every call waits on it with a
timeout, so a stuck browser can never hang the caller forever.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import math
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Coroutine, Iterable, Sequence
from pathlib import Path
from typing import Any, Self, TypeVar

__all__ = [
    "BROWSER_ENV_VAR",
    "DEFAULT_HEIGHT",
    "DEFAULT_SCALE",
    "DEFAULT_WIDTH",
    "FORMATS",
    "BrowserNotFound",
    "ImageRenderer",
    "RenderError",
    "RenderTimeout",
    "find_browser",
    "render_image",
]

BROWSER_ENV_VAR = "BARRIER_JOURNEYS_BROWSER"
"""Environment variable naming the Chrome/Chromium executable to use."""

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
DEFAULT_WIDTH = 1600  # 16:9 slide
DEFAULT_HEIGHT = 900
DEFAULT_SCALE = 2  # PNG only: 3200x1800 px stays sharp on a projector
DEFAULT_TIMEOUT = 60.0  # seconds for one image
DEFAULT_START_TIMEOUT = 60.0  # seconds for the browser to come up

# /usr/bin/chromium first: Debian's package, the one we test against.
_BROWSER_CANDIDATES = (
    "/usr/bin/chromium",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)

_INSTALL_HINT = (
    "Install one with `sudo apt-get install chromium` (Debian/Ubuntu), "
    f"or set {BROWSER_ENV_VAR} to the path of a Chrome/Chromium executable."
)

_T = TypeVar("_T")
_log = logging.getLogger(__name__)


class RenderError(Exception):
    """Any failure to turn a figure into an image (one type for callers to catch)."""


class BrowserNotFound(RenderError):
    """No usable Chrome/Chromium executable; the message says how to get one."""


class RenderTimeout(RenderError):
    """The browser did not answer in time; the renderer restarts it on next use."""


def _executable(candidate: str) -> str | None:
    """Resolve a path or a PATH name to an executable file, else None."""
    found = shutil.which(candidate)
    if found and Path(found).is_file():
        return found
    return None


def find_browser() -> str:
    """Return the Chrome/Chromium executable to render with.

    An explicit ``BARRIER_JOURNEYS_BROWSER`` wins and is never silently
    ignored: a typo there should fail loudly rather than pick another browser.
    """
    configured = os.environ.get(BROWSER_ENV_VAR, "").strip()
    if configured:
        found = _executable(configured)
        if found is None:
            raise BrowserNotFound(
                f"{BROWSER_ENV_VAR}={configured!r} is not an executable file. " + _INSTALL_HINT
            )
        return found
    for candidate in _BROWSER_CANDIDATES:
        found = _executable(candidate)
        if found is not None:
            return found
    raise BrowserNotFound(
        "No Chrome/Chromium browser found for image export "
        f"(looked for {', '.join(_BROWSER_CANDIDATES)}). " + _INSTALL_HINT
    )


def _check_format(fmt: str) -> str:
    """Normalise and validate the output format (only what the app supports)."""
    norm = fmt.lower().lstrip(".") if isinstance(fmt, str) else fmt
    if norm not in FORMATS:
        raise ValueError(f"Unsupported image format {fmt!r}: expected one of {', '.join(FORMATS)}.")
    return norm


def _check_positive(name: str, value: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a positive number, got {value!r}.")


def _check_figure(fig: Any) -> None:
    """Fail early with a clear message instead of a JavaScript error later."""
    if not (hasattr(fig, "to_dict") or (isinstance(fig, dict) and "data" in fig)):
        raise TypeError(
            f"Expected a plotly figure (or its dict with a 'data' key), got {type(fig).__name__}."
        )


def _own_size(fig: Any, opts: dict) -> dict:
    """``opts`` with the figure's own size where it has one and the caller asked for the
    default: a journey map too large for the slide is taller, never squeezed."""
    layout = fig.get("layout", {}) if isinstance(fig, dict) else fig.layout
    width, height = (layout.get("width"), layout.get("height")) if isinstance(layout, dict) \
        else (layout.width, layout.height)
    if (opts["width"], opts["height"]) == (DEFAULT_WIDTH, DEFAULT_HEIGHT) and width and height:
        return {**opts, "width": width, "height": height}
    return dict(opts)


def _opts(fmt: str, width: float, height: float, scale: float | None) -> dict:
    """Build kaleido's layout options; scale defaults to 2 for PNG, 1 otherwise."""
    fmt = _check_format(fmt)
    if scale is None:
        scale = DEFAULT_SCALE if fmt == "png" else 1
    _check_positive("width", width)
    _check_positive("height", height)
    _check_positive("scale", scale)
    return {"format": fmt, "width": width, "height": height, "scale": scale}


def _kill_browser(k: Any) -> None:
    """SIGKILL the browser's whole process group (wrapper + Chromium)."""
    proc = getattr(k, "subprocess", None)
    if proc is None or proc.poll() is not None:
        return
    try:
        # choreographer starts the browser with start_new_session=True, so
        # its pid is the group id; killing only the wrapper orphans Chromium.
        os.killpg(proc.pid, signal.SIGKILL)
    except (AttributeError, ProcessLookupError, PermissionError):
        proc.kill()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        _log.warning("browser process %s did not exit after SIGKILL", proc.pid)


async def _close_kaleido(k: Any, grace: float) -> None:
    """Close gracefully (removes temp dirs), then make sure nothing is left."""
    try:
        await asyncio.wait_for(k.close(), grace)
    except BaseException as exc:
        _log.debug("graceful browser close failed: %r", exc)
    _kill_browser(k)


def _log_loop_exception(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    _log.debug("render loop: %s", context.get("message"), exc_info=context.get("exception"))


async def _cancel_pending() -> None:
    """Cancel leftover tasks so the loop can close without warnings."""
    me = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not me]
    for t in tasks:
        t.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=5)


class ImageRenderer:
    """One headless browser that renders many figures.

    Use as a context manager::

        with ImageRenderer() as r:
            png = r.render(fig, fmt="png")

    Calls are serialised with a lock, so a renderer may be shared between
    threads. If an image times out or the browser dies, the browser is
    stopped and transparently restarted by the next call.
    """

    def __init__(
        self,
        browser: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        start_timeout: float = DEFAULT_START_TIMEOUT,
        tabs: int = 1,
        mathjax: str | Path | None = None,
    ) -> None:
        """Configure (but do not start) the renderer.

        Args:
            browser: Chrome/Chromium executable; default `find_browser()`.
            timeout: seconds allowed for one image before `RenderTimeout`.
            start_timeout: seconds allowed for the browser to start.
            tabs: browser tabs used in parallel by `render_many`.
            mathjax: path to a local MathJax file for LaTeX labels. Off by
                default because kaleido would otherwise fetch it from a CDN,
                which is slow or impossible offline.
        """
        if browser is not None:
            found = _executable(browser)
            if found is None:
                raise BrowserNotFound(
                    f"Browser {browser!r} is not an executable file. " + _INSTALL_HINT
                )
            browser = found
        _check_positive("timeout", timeout)
        _check_positive("start_timeout", start_timeout)
        if not isinstance(tabs, int) or tabs < 1:
            raise ValueError(f"tabs must be a positive integer, got {tabs!r}.")
        if mathjax is not None and not Path(mathjax).is_file():
            raise ValueError(f"MathJax file {str(mathjax)!r} does not exist.")
        self._browser = browser
        self.timeout = float(timeout)
        self.start_timeout = float(start_timeout)
        self.tabs = tabs
        self._mathjax = mathjax
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._ready = False

    # -- lifecycle ---------------------------------------------------------

    @property
    def browser(self) -> str:
        """Path of the browser executable in use (resolved on first need)."""
        if self._browser is None:
            self._browser = find_browser()
        return self._browser

    @property
    def running(self) -> bool:
        """True while a started browser is ready for this renderer."""
        return self._ready

    def start(self) -> Self:
        """Start the browser now (done lazily by `render` otherwise)."""
        with self._lock:
            if not self._ready:
                self._start()
        return self

    def close(self) -> None:
        """Stop the browser and its event loop; safe to call more than once."""
        with self._lock:
            self._stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        browser = self.browser
        loop = asyncio.new_event_loop()
        # Cancelled renders leave kaleido tasks whose errors nobody awaits;
        # asyncio would print them as tracebacks. We already raised a clear
        # RenderError, so keep them in the debug log only.
        loop.set_exception_handler(_log_loop_exception)
        thread = threading.Thread(target=loop.run_forever, name="journeys-render-loop", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        # Registered before opening: even a half-started browser gets killed.
        atexit.register(self.close)
        try:
            # Margin over start_timeout: a failed start still cleans up.
            self._call(self._open_kaleido(browser), self.start_timeout + 30)
        except Exception as exc:
            self._stop()
            if isinstance(exc, TimeoutError):
                reason = f"it did not start within {self.start_timeout:g} s"
            else:
                reason = f"{type(exc).__name__}: {exc}"
            raise RenderError(
                f"Could not start the browser {browser!r} for image export "
                f"({reason}). Check that it runs headless, e.g. "
                f"`{browser} --headless --no-sandbox --disable-gpu "
                "--dump-dom about:blank`. " + _INSTALL_HINT
            ) from exc
        self._ready = True

    async def _open_kaleido(self, browser: str) -> None:
        import kaleido  # deferred: importing it is slow and app start matters

        k = kaleido.Kaleido(
            n=self.tabs,
            # Our own deadline in render_many covers the whole call (including
            # kaleido's tab reload, which its timeout leaves out) and follows
            # later changes to self.timeout.
            timeout=None,
            path=browser,
            mathjax=str(self._mathjax) if self._mathjax else False,
            # choreographer's defaults, spelled out because they matter here:
            # no sandbox (root in containers has none), no GPU, headless.
            headless=True,
            enable_sandbox=False,
            enable_gpu=False,
        )
        self._kaleido = k  # known at once, so _stop can kill a stuck start
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            await asyncio.wait_for(k.open(), self.start_timeout)
        except BaseException as exc:
            # Kill first: a browser that failed to start will not answer a
            # polite Browser.close, and waiting for it would only add delay.
            _kill_browser(k)
            await _close_kaleido(k, grace=2)
            # choreographer turns our cancellation into "closed immediately";
            # report what really happened.
            if loop.time() - started >= self.start_timeout:
                raise TimeoutError from exc
            raise

    def _stop(self) -> None:
        atexit.unregister(self.close)
        self._ready = False
        k, self._kaleido = self._kaleido, None
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is None:
            return
        if k is not None:
            try:
                self._run_on(loop, _close_kaleido(k, grace=15), 25)
            except Exception as exc:
                _log.debug("browser close failed: %r", exc)
        if k is not None:
            _kill_browser(k)  # no-op when it already exited
        try:
            self._run_on(loop, _cancel_pending(), 10)
        except Exception as exc:
            _log.debug("cancelling leftover tasks failed: %r", exc)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(10)
        if not loop.is_running():
            loop.close()

    def _browser_alive(self) -> bool:
        proc = getattr(self._kaleido, "subprocess", None)
        return proc is not None and proc.poll() is None

    @staticmethod
    def _run_on(
        loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, _T], timeout: float
    ) -> _T:
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            return future.result(timeout)
        except BaseException:
            future.cancel()
            raise

    def _call(self, coro: Coroutine[Any, Any, _T], timeout: float) -> _T:
        """Run a coroutine on the renderer's loop and wait at most `timeout`."""
        assert self._loop is not None
        return self._run_on(self._loop, coro, timeout)

    # -- rendering -----------------------------------------------------------

    def render(
        self,
        fig: Any,
        fmt: str = "png",
        *,
        width: float = DEFAULT_WIDTH,
        height: float = DEFAULT_HEIGHT,
        scale: float | None = None,
    ) -> bytes:
        """Render one figure and return the image bytes.

        ``scale`` multiplies the pixel size of PNGs (default 2); SVG and PDF
        are vector formats and default to 1.
        """
        return self.render_many([fig], fmt, width=width, height=height, scale=scale)[0]

    def render_many(
        self,
        figs: Iterable[Any],
        fmt: str = "png",
        *,
        width: float = DEFAULT_WIDTH,
        height: float = DEFAULT_HEIGHT,
        scale: float | None = None,
    ) -> list[bytes]:
        """Render several figures in one round trip, in order.

        With ``tabs > 1`` the figures render in parallel browser tabs.
        """
        opts = _opts(fmt, width, height, scale)
        figs = list(figs)
        for fig in figs:
            _check_figure(fig)
        if not figs:
            return []
        with self._lock:
            if self._ready and not self._browser_alive():
                self._stop()  # crashed or killed since last use: start afresh
            if not self._ready:
                self._start()
            # Each image gets `timeout`; tabs work through the batch in waves.
            waves = math.ceil(len(figs) / self.tabs)
            budget = self.timeout * waves
            try:
                results = self._call(self._render_all(figs, opts, budget), budget + 5)
            except TimeoutError as exc:
                # The tab (or browser) may be wedged: start afresh next time.
                self._stop()
                raise RenderTimeout(
                    f"Rendering {len(figs)} {opts['format']} image(s) took longer than "
                    f"{budget:g} s; the browser was stopped and restarts on the next render."
                ) from exc
            except RenderError as exc:
                if self._browser_alive():
                    raise  # a bad figure; the browser is fine
                self._stop()
                raise RenderError(
                    f"{exc} (the browser died; it restarts on the next render)"
                ) from exc
            except Exception as exc:
                self._stop()
                raise RenderError(
                    f"Image export failed ({type(exc).__name__}: {exc}); "
                    "the browser was stopped and restarts on the next render."
                ) from exc
        return results

    async def _render_all(self, figs: Sequence[Any], opts: dict, budget: float) -> list[bytes]:
        k = self._kaleido
        tasks = [asyncio.ensure_future(k.calc_fig(fig, opts=_own_size(fig, opts)))
                 for fig in figs]
        try:
            done = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), budget)
        finally:
            for t in tasks:
                t.cancel()
        for i, res in enumerate(done):
            if isinstance(res, TimeoutError):
                raise res
            if isinstance(res, BaseException):
                which = f"figure {i + 1} of {len(figs)}" if len(figs) > 1 else "figure"
                raise RenderError(
                    f"Could not render {which} as {opts['format']}: {type(res).__name__}: {res}"
                ) from res
        return [bytes(r) for r in done]


def render_image(
    fig: Any,
    fmt: str = "png",
    *,
    width: float = DEFAULT_WIDTH,
    height: float = DEFAULT_HEIGHT,
    scale: float | None = None,
    browser: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """Render a single figure, starting and stopping a browser just for it.

    Convenient for one-off downloads; for several images use `ImageRenderer`
    so the ~1-2 s browser start is paid once.
    """
    _opts(fmt, width, height, scale)  # fail fast before starting a browser
    _check_figure(fig)
    with ImageRenderer(browser, timeout=timeout) as r:
        return r.render(fig, fmt, width=width, height=height, scale=scale)
