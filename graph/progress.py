"""A progress line on stderr for builds that take more than a few seconds; silent when stderr is not
a terminal (a log file or a pipe gets the summary only)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

AFTER = 2.0  # seconds before the first line: a quick build prints none
EVERY = 0.5  # seconds between lines


class Progress:
    def __init__(self, files: int, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.on = bool(getattr(self.stream, "isatty", lambda: False)())
        self.files, self.files_done, self.articles, self.chars = files, 0, 0, 0
        self.started = self.shown = time.monotonic()
        self.wrote = False

    def read(self, chars: int, files_done: int) -> None:
        """An article read (``chars`` long); ``files_done`` files opened so far."""
        self.chars += chars
        self.files_done = files_done

    def article(self) -> None:
        """One more article extracted."""
        self.articles += 1
        now = time.monotonic()
        if not self.on or now - self.started < AFTER or now - self.shown < EVERY:
            return
        self.shown = now
        rate = self.chars / max(now - self.started, 1e-9)
        left = max(self.files - self.files_done, 0)
        self.stream.write(
            f"\r{self.articles:,} articles · {rate:,.0f} characters/s · {left:,} files left\033[K"
        )
        self.stream.flush()
        self.wrote = True

    def done(self) -> None:
        if self.wrote:  # the line goes; the summary follows on a clean line
            self.stream.write("\r\033[K")
            self.stream.flush()
