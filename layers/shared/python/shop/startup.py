"""A cold start's garbage collection, paused until the handler is built.

Importing a handler allocates a few hundred thousand objects that live as long as the process
(botocore's service models, pydantic's schemas, Powertools' resolver): the cyclic collector runs
again and again as they pile up and finds nothing to free, about a quarter of a cold start
(docs/performance.md, "Cold start: the collector"). So `shop/__init__.py` pauses it, and the
layer's entry points (`shop.api.http_handler`, `shop.events.queue_consumer`), built on a handler
module's last line, call `init_done()`: what init made moves to the collector's permanent
generation (never scanned again, so warm invocations' collections are short too), and collection
resumes. A handler built without those entry points calls `init_done()` itself; a unit test checks
that importing any function's handler leaves the collector running.
"""

import gc


def begin() -> None:
    gc.disable()


def init_done() -> None:
    gc.freeze()
    gc.enable()
