"""Per-key rate limiting: a token bucket per API key, in this process's memory.

Each key may send `burst` requests at once and `per_minute` requests a minute after that.
The buckets live in one process: with N server processes a key gets N times the rate (put a
shared limiter in the proxy for a strict global limit). A refused request gets 429 with
`Retry-After` (seconds until a token is back).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class TokenBucketLimiter:
    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = max(per_minute, 1) / 60.0  # tokens per second
        self.burst = max(burst, 1)
        self.clock = clock
        self._buckets: dict[object, tuple[float, float]] = {}  # key -> (tokens, last time)
        self._lock = threading.Lock()

    def take(self, key: object) -> float:
        """Spend a token of `key`'s bucket: 0.0 when allowed, else seconds to wait."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    @staticmethod
    def retry_after(wait_s: float) -> str:
        return str(max(1, math.ceil(wait_s)))
