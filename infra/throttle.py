"""Clients of the local stack retry what the emulator throttles, as the storefront does.

Locally each function runs at most a few invocations at once (localstack/post_deploy.py): the
gateway answers the rest 429 with the emulator's own body, not the API's error shape (which always
has a `code`). Those are retried after a short, jittered pause; the API's own 429s (too many sign-in
attempts) are answers and are returned.
"""

import random
import time

import requests

# How long a client keeps asking: throttles last while the function's few processes are busy, which
# on a busy 2-core machine can be seconds for the last of thirty simultaneous requests.
RETRY_FOR_SECONDS = 90


def throttled(response: requests.Response) -> bool:
    if response.status_code != 429:
        return False
    try:
        return "code" not in response.json()
    except ValueError:
        return True


def pause(attempt: int) -> float:
    """Seconds to wait before retry number `attempt` (from 0): short, jittered, growing a little."""
    return random.uniform(0.02, 0.1) * min(attempt + 1, 5)  # noqa: S311 (jitter, not a secret)


class Session(requests.Session):
    """A requests session that retries the emulator's throttles (and nothing else)."""

    def request(self, method, url, *args, **kwargs):
        deadline, attempt = time.monotonic() + RETRY_FOR_SECONDS, 0
        while True:
            response = super().request(method, url, *args, **kwargs)
            if not throttled(response) or time.monotonic() > deadline:
                return response
            time.sleep(pause(attempt))
            attempt += 1
