"""Small helpers every service's table module uses with PynamoDB: timestamps, recognising a failed
condition, and transactions. PynamoDB is imported only by `write_transaction`, so modules that
just need a timestamp (shop.events) do not load it."""

import threading
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from shop import settings

if TYPE_CHECKING:
    import botocore.session
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

CONDITION_FAILED = "ConditionalCheckFailedException"


def now_iso() -> str:
    """Now, UTC, ISO 8601 with milliseconds and Z: the format of every timestamp the shop stores."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def condition_failed(error: Exception) -> bool:
    """A PynamoDB PutError/UpdateError/DeleteError caused by its condition expression."""
    return getattr(error, "cause_response_code", None) == CONDITION_FAILED


def cancellation_reasons(error: "TransactWriteError") -> list[str | None]:
    """Why each item of a cancelled transaction failed ("ConditionalCheckFailed" or None), in the
    order PynamoDB sends them: condition checks, deletes, puts, then updates."""
    return [reason.code if reason else None for reason in (error.cancellation_reasons or [])]


_thread = threading.local()


def botocore_session() -> "botocore.session.Session":
    """The one botocore session of this thread. Every session parses DynamoDB's service model again
    (about 100 ms at cold start) and PynamoDB makes one per model class; a function needs one.
    Sessions are not shared between threads (botocore's client creation is not thread-safe)."""
    if getattr(_thread, "session", None) is None:
        import botocore.session

        _thread.session = botocore.session.get_session()
    return _thread.session


def share_one_session() -> None:
    """Make every PynamoDB connection of this process use `botocore_session()`. Table modules call
    it once, when they are imported."""
    import pynamodb.connection.base

    pynamodb.connection.base.get_session = botocore_session


@cache
def _connection():
    from pynamodb.connection import Connection

    return Connection(region=settings.REGION)  # one per process: building its client costs ~100 ms


def write_transaction() -> "TransactWrite":
    from pynamodb.transactions import TransactWrite

    return TransactWrite(connection=_connection())
