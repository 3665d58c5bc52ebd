"""An X server for the on-screen benchmark, and what it does on it: keys, clicks, pixels, pings.

- XServer starts Xvfb (Debian's `xvfb`) on a free display, or reports that it cannot.
- Keyboard types through the XTest extension (python-xlib): every character the benchmark
  types gets a keycode of its own before any app starts, so a Chinese character is one key
  press, as an input method's commit would be, and the time of the last key is known to the
  X server's answer (not a subprocess's start-up).
- Screen polls rectangles of the screen (mss: XGetImage) and keeps a CRC of each, with the time.
- Pinger sends _NET_WM_PING to a window every few ms and times the answers: a Qt app answers on
  its UI thread, so the longest wait is the longest time that thread did not turn to its events
  (a UI stall), measured from outside the process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
import time
import zlib
from dataclasses import dataclass, field

SCREEN_SIZE = (1600, 1000)


class NoXServer(RuntimeError):
    pass


class XServer:
    """Xvfb on a display it picks itself (-displayfd), stopped by stop()."""

    def __init__(self, size: tuple[int, int] = SCREEN_SIZE) -> None:
        self.size = size
        self.process: subprocess.Popen | None = None
        self.display = ""

    @staticmethod
    def available() -> bool:
        return shutil.which("Xvfb") is not None

    def start(self) -> str:
        if not self.available():
            raise NoXServer("Xvfb is not installed (Debian: apt-get install xvfb)")
        read, write = os.pipe()
        width, height = self.size
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        if not number:
            self.stop()
            raise NoXServer("Xvfb did not start")
        self.display = f":{number}"
        return self.display

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def _keysym(char: str) -> int:
    code = ord(char)
    return code if 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xFF else 0x01000000 | code


class Keyboard:
    """Keys and clicks through XTest, on a connection of its own."""

    def __init__(self, display_name: str) -> None:
        from Xlib import XK, X, display
        from Xlib.ext import xtest

        self.X, self.XK, self.xtest = X, XK, xtest
        self.d = display.Display(display_name)
        self.chars: dict[str, int] = {}
        self.spare: list[int] | None = None
        self.width = 2

    def prepare(self, text: str) -> None:
        """Give each character of text a spare keycode of its own, before it is typed.

        The spare keycodes (those with no symbol in the server's map) are few, so characters
        not in text give theirs back when needed. A change of the map is announced to every
        client; the pause lets the apps take it in before the first key.
        """
        wanted = [c for c in dict.fromkeys(text) if c not in self.chars]
        if not wanted:
            return
        if self.spare is None:
            first = self.d.display.info.min_keycode
            count = self.d.display.info.max_keycode - first + 1
            mapping = self.d.get_keyboard_mapping(first, count)
            self.width = len(mapping[0]) if mapping else 2
            self.spare = [first + i for i, syms in enumerate(mapping) if not any(syms)]
        used = {self.chars[c] for c in text if c in self.chars}
        free = [k for k in self.spare if k not in set(self.chars.values())]
        reusable = [(c, k) for c, k in self.chars.items() if k not in used]
        while len(free) < len(wanted) and reusable:
            char, keycode = reusable.pop(0)
            del self.chars[char]
            free.append(keycode)
        if len(free) < len(wanted):
            raise RuntimeError(f"only {len(free)} spare keycodes for {len(wanted)} characters")
        for char, keycode in zip(wanted, free, strict=False):
            self.d.change_keyboard_mapping(keycode, [(_keysym(char),) * self.width])
            self.chars[char] = keycode
        self.d.sync()
        time.sleep(0.2)

    def _code(self, name: str) -> int:
        keycode = self.d.keysym_to_keycode(self.XK.string_to_keysym(name))
        if not keycode:
            raise RuntimeError(f"no keycode for {name}")
        return keycode

    def _tap(self, keycode: int) -> float:
        """Press and release; the time the server has the press (after a round trip)."""
        self.xtest.fake_input(self.d, self.X.KeyPress, keycode)
        self.d.sync()
        pressed = time.perf_counter()
        self.xtest.fake_input(self.d, self.X.KeyRelease, keycode)
        self.d.sync()
        return pressed

    def type(self, text: str, delay_s: float = 0.06, before_last=None) -> float:
        """Type text, delay_s between keys; the time of the last key press.

        before_last() is called just before the last key (to see what is on screen then).
        """
        self.prepare(text)
        pressed = time.perf_counter()
        for i, char in enumerate(text):
            if i:
                time.sleep(delay_s)
            if i == len(text) - 1 and before_last is not None:
                before_last()
            pressed = self._tap(self.chars[char])
        return pressed

    def key(self, name: str, modifier: str | None = None) -> float:
        """One named key (Return, Escape, BackSpace, a…), optionally with Control_L or Shift_L held."""
        if modifier:
            mod = self._code(modifier)
            self.xtest.fake_input(self.d, self.X.KeyPress, mod)
            self.d.sync()
        pressed = self._tap(self._code(name))
        if modifier:
            self.xtest.fake_input(self.d, self.X.KeyRelease, mod)
            self.d.sync()
        return pressed

    def click(self, x: int, y: int) -> None:
        self.xtest.fake_input(self.d, self.X.MotionNotify, x=int(x), y=int(y))
        self.xtest.fake_input(self.d, self.X.ButtonPress, 1)
        self.xtest.fake_input(self.d, self.X.ButtonRelease, 1)
        self.d.sync()

    def park_pointer(self) -> None:
        """Move the pointer to the screen's corner, where it hovers over nothing polled."""
        self.xtest.fake_input(self.d, self.X.MotionNotify, x=1, y=SCREEN_SIZE[1] - 2)
        self.d.sync()

    def windows_of(self, pid: int) -> list[tuple[int, tuple[int, int, int, int]]]:
        """Top-level windows whose _NET_WM_PID is pid and that are mapped: (id, (x, y, w, h))."""
        atom = self.d.intern_atom("_NET_WM_PID")
        found = []
        for child in self.d.screen().root.query_tree().children:
            try:
                prop = child.get_full_property(atom, self.X.AnyPropertyType)
                if not prop or pid not in prop.value:
                    continue
                if child.get_attributes().map_state != self.X.IsViewable:
                    continue
                geometry = child.get_geometry()
            except Exception:  # noqa: BLE001 - a window may go while we look at it
                continue
            found.append((child.id, (geometry.x, geometry.y, geometry.width, geometry.height)))
        return found

    def close(self) -> None:
        self.d.close()


Rect = tuple[int, int, int, int]


@dataclass
class Recording:
    """CRCs of each polled rectangle over time (times relative to t0, in seconds)."""

    t0: float
    times: dict[str, list[float]] = field(default_factory=dict)
    crcs: dict[str, list[int]] = field(default_factory=dict)
    grabs_s: list[float] = field(default_factory=list)

    def reached(self, name: str, since: int | None = None) -> float | None:
        """When the rectangle first showed the pixels it kept to the end (s after t0).

        None when it never changed after the first frame (nothing new reached the screen).
        `since` is the CRC of the state before t0: a first frame already equal to the final one
        but different from it counts as changed.
        """
        values = self.crcs.get(name) or []
        if not values:
            return None
        final = values[-1]
        if since is not None and final == since:
            return None  # back to what was there before: nothing new is on the screen
        i = len(values) - 1
        while i > 0 and values[i - 1] == final:
            i -= 1
        if i == 0 and (since is None or since == final):
            return None
        return self.times[name][i]

    def changes(self, name: str) -> int:
        values = self.crcs.get(name) or []
        return sum(1 for a, b in zip(values, values[1:], strict=False) if a != b)


class Screen:
    """Polls rectangles of the screen until they have stopped changing."""

    def __init__(self, display_name: str) -> None:
        import mss

        factory = getattr(mss, "MSS", None) or mss.mss
        self.sct = factory(display=display_name.encode()) if _takes_display(factory) else factory()
        self.frames: list[tuple[str, float, bytes, Rect]] = []  # kept only when keep_frames
        self.keep_frames = False

    def crc(self, rect: Rect) -> int:
        return zlib.crc32(self._grab(rect).raw)

    def _grab(self, rect: Rect):
        x, y, w, h = rect
        return self.sct.grab({"left": int(x), "top": int(y), "width": int(w), "height": int(h)})

    def png(self, rect: Rect, path: str) -> None:
        import mss.tools

        shot = self._grab(rect)
        mss.tools.to_png(shot.rgb, shot.size, output=path)

    def record(
        self,
        regions: dict[str, Rect],
        t0: float,
        quiet_s: float = 1.5,
        timeout_s: float = 30.0,
        interval_s: float = 0.003,
        until=None,
    ) -> Recording:
        """Poll until no region has changed for quiet_s (or timeout_s after t0).

        until(recording), if given, is asked after each frame and may end it early.
        Each rectangle's time is taken when its grab has returned: a change is counted on
        screen no earlier than the benchmark could have seen it.
        """
        rec = Recording(t0=t0, crcs={name: [] for name in regions}, times={name: [] for name in regions})
        last_change = time.perf_counter()
        previous: dict[str, int] = {}
        while True:
            start = time.perf_counter()
            now_crcs = {}
            for name, rect in regions.items():
                shot = self._grab(rect)
                grabbed = time.perf_counter()
                now_crcs[name] = zlib.crc32(shot.raw)
                rec.times[name].append(grabbed - t0)
                rec.crcs[name].append(now_crcs[name])
                if self.keep_frames and previous.get(name) != now_crcs[name]:
                    self.frames.append((name, grabbed - t0, bytes(shot.rgb), shot.size))
            done = time.perf_counter()
            rec.grabs_s.append(done - start)
            if now_crcs != previous:
                last_change = done
                previous = now_crcs
            if done - last_change >= quiet_s or done - t0 >= timeout_s:
                return rec
            if until is not None and until(rec):
                return rec
            time.sleep(interval_s)

    def close(self) -> None:
        self.sct.close()


def _takes_display(factory) -> bool:
    import inspect

    try:
        return "display" in inspect.signature(factory).parameters
    except (TypeError, ValueError):
        return False


class Pinger(threading.Thread):
    """_NET_WM_PING every interval_s to one window; the longest wait for an answer (a UI stall)."""

    def __init__(self, display_name: str, window_id: int, interval_s: float = 0.01) -> None:
        super().__init__(daemon=True)
        from Xlib import X, display
        from Xlib.protocol import event

        self.X, self.event = X, event
        self.d = display.Display(display_name)
        self.root = self.d.screen().root
        # Qt answers to the root with StructureNotify | SubstructureRedirect: either bit receives it.
        self.root.change_attributes(event_mask=X.StructureNotifyMask)
        self.window = self.d.create_resource_object("window", window_id)
        self.protocols = self.d.intern_atom("WM_PROTOCOLS")
        self.ping = self.d.intern_atom("_NET_WM_PING")
        self.interval_s = interval_s
        self.sent: dict[int, float] = {}
        self.waits: list[tuple[float, float]] = []  # (sent at, wait) in perf_counter seconds
        self.answered = 0
        self._halt = threading.Event()
        self._lock = threading.Lock()

    def run(self) -> None:
        import select

        stamp = 0
        fd = self.d.fileno()
        next_ping = time.perf_counter()
        while not self._halt.is_set():
            now = time.perf_counter()
            if now >= next_ping:
                stamp += 1
                message = self.event.ClientMessage(
                    window=self.window,
                    client_type=self.protocols,
                    data=(32, [self.ping, stamp, self.window.id, 0, 0]),
                )
                with self._lock:
                    self.sent[stamp] = time.perf_counter()
                try:
                    self.window.send_event(message, event_mask=0)
                    self.d.flush()
                except Exception:  # noqa: BLE001 - the window went away
                    return
                next_ping = now + self.interval_s
            select.select([fd], [], [], max(0.0, next_ping - time.perf_counter()))
            try:
                count = self.d.pending_events()
                events = [self.d.next_event() for _ in range(count)]
            except Exception:  # noqa: BLE001
                return
            received = time.perf_counter()
            for event in events:
                if event.type != self.X.ClientMessage:
                    continue
                _format, data = event.data
                if data[0] != self.ping:
                    continue
                with self._lock:
                    sent = self.sent.pop(data[1], None)
                if sent is not None:
                    self.answered += 1
                    self.waits.append((sent, received - sent))

    def longest_ms(self, since: float = 0.0, until: float = float("inf")) -> float | None:
        """The longest wait among pings sent in [since, until), including any still unanswered."""
        waits = [w for sent, w in self.waits if since <= sent < until]
        now = time.perf_counter()
        with self._lock:
            waits += [now - s for s in self.sent.values() if since <= s < until]
        return round(max(waits) * 1000, 1) if waits else None

    def stop(self) -> None:
        self._halt.set()
        self.join(1)
        with contextlib.suppress(Exception):
            self.d.close()
