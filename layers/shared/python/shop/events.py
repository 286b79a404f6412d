"""The one event envelope, how events leave a service and how they arrive.

Leaving: a service never publishes next to a write (a write-then-publish pair can half-fail), and
no code of its own publishes at all: its table's DynamoDB stream reaches its SNS topic through an
EventBridge pipe, each change record as it is (template.yaml, Mappings Topics). An item that was
stored is always published (the pipe retries, then parks the record in a DLQ); nothing is
published for a write that did not happen. What a change means is the publisher's contract:
`events_for(old, new)` in shop.contracts.<service> turns an item's old and new image into events.

Arriving: SNS fans out to one SQS queue per consumer (raw delivery, filtered on the record itself:
which items, which statuses; Mappings Consumers); `queue_consumer` turns each message into the
publisher's events with that `events_for`, where it arrives, and runs the consumer's handler for the
types it accepts, with Powertools batch processing, reporting failed messages so only they are
retried, and finally dead-lettered. Each event's `data` is parsed with the contract registered for
its type and version (shop.contracts): handlers read `event.data.order_id`; data that does not match
its contract fails the message with a ContractError naming the problem.
Delivery is at least once and unordered: handlers must be idempotent and tolerate reordering.

Envelope: {"id", "type", "version", "occurred_at", "correlation_id", "data"} (docs/events.md); the
id derives from the change record's, so every consumer, and every redelivery, sees the same one.
"""

import json
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from pydantic import BaseModel, Field

from shop import aws_calls, startup
from shop.contracts import ContractError, EventData, model_for, parse_data
from shop.observability import logger, metrics, tracer
from shop.tables import now_iso


class Event(BaseModel):
    id: str
    type: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    version: int = 1
    occurred_at: str
    correlation_id: str | None = None
    # As built from a change, a JSON object; what a consumer's handler receives, its contract's model.
    data: dict[str, Any] | EventData


class RetryLater(Exception):
    """The event cannot be applied yet (it arrived before one it depends on): retry it later."""


# A consumer stops taking messages from its batch this close to its timeout: the rest are reported
# as failed and come back, instead of the whole batch's results being lost with a killed invocation.
STOP_BEFORE_TIMEOUT_MS = 2000


# ---------------------------------------------------------------- what a table change means

@cache
def _deserializer():
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer()


def _plain(image: dict | None) -> dict | None:
    """A stream image as plain Python (Decimal numbers become int or float)."""
    if not image:
        return None
    values = {key: _deserializer().deserialize(value) for key, value in image.items()}
    return json.loads(json.dumps(values, default=lambda d: int(d) if d == int(d) else float(d)))


EventsFor = Callable[[dict | None, dict | None], list[tuple[str, dict]]]
"""A service's mapping from an item's old and new image to (event type, data) pairs, the data
built by the type's contract (`shop.contracts.build`)."""


def _stream_time(change: dict) -> str:
    created = change.get("ApproximateCreationDateTime")
    if created is None:
        return now_iso()
    seconds = float(created) / (1000 if float(created) > 1e11 else 1)  # seconds, or milliseconds if so configured
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def change_events(record: dict, events_for: EventsFor) -> list[Event]:
    """The envelope events for one stream record. Ids derive from the stream record's id, so a
    record delivered twice, or to several consumers, yields events with the same ids."""
    change = record["dynamodb"]
    old, new = _plain(change.get("OldImage")), _plain(change.get("NewImage"))
    # The item's own `updated_at` (milliseconds) when it has one: the stream's clock has whole
    # seconds only, too coarse to order two changes of one item. A deletion has no new image: it
    # takes the stream's time, the same for every consumer and every redelivery.
    occurred = (new or {}).get("updated_at") or _stream_time(change)
    correlation_id = (new or old or {}).get("correlation_id")
    return [
        Event(id=f"{record['eventID']}-{n}", type=event_type, occurred_at=occurred, correlation_id=correlation_id,
              data=data)
        for n, (event_type, data) in enumerate(events_for(old, new))
    ]


def publisher_events_for(event_types: Iterable[str]) -> EventsFor:
    """The `events_for` of the service that publishes these types (one topic, one publisher)."""
    modules = {model_for(event_type, 1).__module__ for event_type in event_types}
    if len(modules) != 1:
        raise ContractError(f"one consumer reads one publisher's events, not {sorted(modules)}")
    return sys.modules[modules.pop()].events_for


# The closing line of an invocation names at most this many of the events it handled.
LOGGED_EVENTS = 20


def _log_batch_done(message: str, context: Any, events: list[str], **figures: int) -> None:
    """The one line an invocation of a consumer writes when all went well: what it did ("<type>
    <event id> <correlation id>" of each event, bounded) and its AWS calls. It carries the events'
    correlation id when they share one (usually: a batch of one), so `make logs` finds it."""
    correlations = {entry.rsplit(" ", 1)[1] for entry in events} - {"-"}
    logger.set_correlation_id(correlations.pop() if len(correlations) == 1 else context.aws_request_id)
    logger.info(message, extra={**figures, "events": events[:LOGGED_EVENTS], "aws_calls": aws_calls.made()})


# ---------------------------------------------------------------- consuming from a queue

def arrived(body: str, events_for: EventsFor) -> list[Event]:
    """The events a queue message holds: a table's change record (what the pipes deliver), as the
    publisher's events; or an envelope itself (a message queued before the pipes, or a test's).
    The record may come wrapped in an SNS notification (a subscription without raw delivery).
    `data` stays a dict here; queue_consumer parses it with its contract."""
    payload = json.loads(body)
    if isinstance(payload, dict) and payload.get("Type") == "Notification" and "Message" in payload:
        payload = json.loads(payload["Message"])
    if isinstance(payload, dict) and isinstance(payload.get("dynamodb"), dict) and "eventID" in payload:
        try:
            return change_events(payload, events_for)
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"change record without {error}") from None
    return [Event.model_validate(payload)]


def queue_consumer(handle: Callable[[Event], None], accepts: Iterable[str]):
    """The Lambda entry point of a queue consumer: `handle(event)` runs once per event of the
    accepted types that a message holds, with `event.data` parsed by the contract of the event's
    type and version; a message whose handler raises, or that matches no contract, is reported as
    failed (retried, then dead-lettered), the others succeed. Events of other types are dropped:
    a filter on a record's body lets through some changes that mean nothing to this consumer (a
    PAID order's cancellation request is still a PAID order)."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    accepted = frozenset(accepts)
    events_for = publisher_events_for(accepted)  # a type nobody publishes fails at init, not per message
    processor = BatchProcessor(event_type=EventType.SQS)
    handled: list[str] = []  # this invocation's events, for its closing line

    def malformed(message: str, error: Exception, **extra: Any) -> ContractError:
        logger.error(f"{message}; it will be dead-lettered", extra={"error": str(error)[:300], **extra})
        metrics.add_metric(name="MalformedEvents", unit="Count", value=1)
        return error if isinstance(error, ContractError) else ContractError(f"{message}: {str(error)[:300]}")

    def handle_one(envelope: Event) -> None:
        logger.set_correlation_id(envelope.correlation_id)
        logger.append_keys(event_type=envelope.type, event_id=envelope.id)
        try:
            try:
                event = envelope.model_copy(update={"data": parse_data(envelope.type, envelope.version, envelope.data)})
            except ContractError as error:
                raise malformed("event does not match its contract", error, version=envelope.version) from None
            handle(event)
            handled.append(f"{event.type} {event.id} {event.correlation_id or '-'}")
        except RetryLater as reason:
            logger.info("event arrived early; will retry", extra={"reason": str(reason)})
            raise
        finally:
            logger.remove_keys(["event_type", "event_id"])

    def handle_record(record, lambda_context=None) -> None:
        if lambda_context is not None and lambda_context.get_remaining_time_in_millis() < STOP_BEFORE_TIMEOUT_MS:
            raise RetryLater("too close to the function's timeout; left for the next delivery")
        try:
            events = arrived(record.body, events_for)
        except ContractError as error:  # a change its publisher's contract cannot describe
            raise malformed("change does not match its publisher's contract", error) from None
        except ValueError as error:
            raise malformed("message is neither a change record nor an event envelope", error) from None
        for envelope in events:
            if envelope.type in accepted:
                handle_one(envelope)

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics(capture_cold_start_metric=True)
    def handler(event: dict, context: Any) -> dict:
        aws_calls.start_invocation()
        handled.clear()
        logger.set_correlation_id(context.aws_request_id)  # until a message names its own
        if event.get("Records") == []:  # SQS never sends an empty batch: the local deploy's warm-up does
            return {"batchItemFailures": []}
        try:
            result = process_partial_response(event=event, record_handler=handle_record, processor=processor,
                                              context=context)
        except Exception:  # every message failed: Powertools raises so the whole batch is retried
            metrics.add_metric(name="HandlerErrors", unit="Count", value=len(event.get("Records", [])))
            raise
        if result.get("batchItemFailures"):
            metrics.add_metric(name="HandlerErrors", unit="Count", value=len(result["batchItemFailures"]))
        _log_batch_done("queue batch done", context, handled, messages=len(event.get("Records", [])),
                        failed=len(result.get("batchItemFailures", [])))
        return result

    startup.init_done()  # the handler module's last line: its init is over
    return handler
