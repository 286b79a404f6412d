"""A cold start's garbage collection, paused until the handler is built.

Importing a handler allocates a few hundred thousand objects that live as long as the process
(botocore's service models, pydantic's schemas, Powertools' resolver): the cyclic collector runs
again and again as they pile up, rescanning all of them, and finds almost nothing to free (about a
thousand objects, 0.35 MB) — about a quarter of a cold start (docs/performance.md, "Cold start: the
collector"). So in a Lambda process (AWS_LAMBDA_FUNCTION_NAME is set, as on AWS and in the
emulator's workers) `shop/__init__.py` pauses it, and the layer's entry points
(`shop.api.http_handler`, `shop.events.queue_consumer`), built on a handler module's last line, call
`init_done()`: what init made moves to the collector's permanent generation (never scanned again,
so warm invocations' collections are short too; init's little garbage stays with it) and
collection resumes. A handler built without those entry points calls `init_done()` itself; a unit
test checks that importing any function's handler leaves the collector running. Tests, tools and
benchmarks that import the layer outside Lambda are left alone.
"""

import gc
import os


def begin() -> None:
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        gc.disable()


def init_done() -> None:
    gc.freeze()
    gc.enable()
