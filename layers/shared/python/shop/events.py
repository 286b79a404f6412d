"""The one event envelope, how events leave a service and how they arrive.

Leaving: a service never publishes next to a write (a write-then-publish pair can half-fail).
Its table's DynamoDB stream feeds a publisher function, `publish_changes`, which turns each
changed item into envelope events with the service's own `events_for(old, new)` and publishes them
to the service's SNS topic. An item that was stored is always published (the stream retries, then
parks the batch in a DLQ); nothing is published for a write that did not happen.

Arriving: SNS fans out to one SQS queue per consumer (raw delivery, filtered on the `type`
attribute); `queue_consumer` runs the consumer's handler for each message with Powertools batch
processing, reporting failed messages so only they are retried, and finally dead-lettered.
Before the handler runs, `data` is parsed with the contract registered for the event's type and
version (shop.contracts): handlers read `event.data.order_id`; an unknown version or data that does
not match its contract fails the message with a ContractError naming the problem.
Delivery is at least once and unordered: handlers must be idempotent and tolerate reordering.

Envelope: {"id", "type", "version", "occurred_at", "correlation_id", "data"} (docs/events.md).
"""

import json
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from pydantic import BaseModel, Field

from shop import aws_calls
from shop.contracts import ContractError, EventData, model_for, parse_data
from shop.observability import logger, metrics, tracer
from shop.tables import now_iso


class Event(BaseModel):
    id: str
    type: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    version: int = 1
    occurred_at: str
    correlation_id: str | None = None
    # On the wire, a JSON object; what a consumer's handler receives, its contract's model.
    data: dict[str, Any] | EventData


class RetryLater(Exception):
    """The event cannot be applied yet (it arrived before one it depends on): retry it later."""


# A consumer stops taking messages from its batch this close to its timeout: the rest are reported
# as failed and come back, instead of the whole batch's results being lost with a killed invocation.
STOP_BEFORE_TIMEOUT_MS = 2000


# ---------------------------------------------------------------- publishing from a table stream

@cache
def _sns():
    import boto3

    return boto3.client("sns")


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


def change_events(record: dict, events_for: EventsFor) -> list[Event]:
    """The envelope events for one stream record. Ids derive from the stream record's id, so a
    record published twice (the stream retries) yields events with the same ids."""
    change = record["dynamodb"]
    old, new = _plain(change.get("OldImage")), _plain(change.get("NewImage"))
    # The item's own `updated_at` (milliseconds) when it has one: the stream's clock has whole
    # seconds only, too coarse to order two changes of one item. A deletion has no new image; it
    # is stamped when published, which is after any change it follows.
    occurred = (new or {}).get("updated_at") or now_iso()
    correlation_id = (new or old or {}).get("correlation_id")
    return [
        Event(id=f"{record['eventID']}-{n}", type=event_type, occurred_at=occurred, correlation_id=correlation_id,
              data=data)
        for n, (event_type, data) in enumerate(events_for(old, new))
    ]


def _publish(topic_arn: str, events: list[Event]) -> None:
    for start in range(0, len(events), 10):  # SNS PublishBatch takes ten at a time
        batch = events[start:start + 10]
        result = _sns().publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=[
            {"Id": str(n), "Message": event.model_dump_json(),
             "MessageAttributes": {"type": {"DataType": "String", "StringValue": event.type}}}
            for n, event in enumerate(batch)
        ])
        if result.get("Failed"):
            raise RuntimeError(f"SNS refused {len(result['Failed'])} of {len(batch)} events: {result['Failed'][0]}")


# The closing line of an invocation names at most this many of the events it published or handled.
LOGGED_EVENTS = 20


def publish_changes(stream_event: dict, topic_arn: str, events_for: EventsFor,
                    published: list[str] | None = None) -> dict:
    """Stream handler body: publish the events of each record in order; on a failure, report that
    record so the stream retries from it (ReportBatchItemFailures) and nothing after it is skipped.
    `published` collects "<type> <id>" of each event sent, for the invocation's closing line."""
    published = [] if published is None else published
    for record in stream_event.get("Records", []):
        try:
            events = change_events(record, events_for)
            if events and events[0].correlation_id:
                logger.set_correlation_id(events[0].correlation_id)
            _publish(topic_arn, events)
        except Exception:
            logger.exception("publishing failed; the stream will retry", extra={"event_id": record.get("eventID")})
            return {"batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]}
        published.extend(f"{event.type} {event.id} {event.correlation_id or '-'}" for event in events)
        metrics.add_metric(name="EventsPublished", unit="Count", value=len(events))
    return {"batchItemFailures": []}


def stream_publisher(topic_arn: Callable[[], str], events_for: EventsFor):
    """The Lambda entry point of a service's publisher function."""

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics(capture_cold_start_metric=True)
    def handler(event: dict, context: Any) -> dict:
        aws_calls.start_invocation()
        logger.set_correlation_id(context.aws_request_id)
        published: list[str] = []
        result = publish_changes(event, topic_arn(), events_for, published)
        if result["batchItemFailures"]:
            metrics.add_metric(name="HandlerErrors", unit="Count", value=1)
        _log_batch_done("stream batch done", context, published, records=len(event.get("Records", [])),
                        failed=len(result["batchItemFailures"]))
        return result

    return handler


def _log_batch_done(message: str, context: Any, events: list[str], **figures: int) -> None:
    """The one line an invocation of a publisher or consumer writes when all went well: what it did
    ("<type> <event id> <correlation id>" of each event, bounded) and its AWS calls. It carries the
    events' correlation id when they share one (usually: a batch of one), so `make logs` finds it."""
    correlations = {entry.rsplit(" ", 1)[1] for entry in events} - {"-"}
    logger.set_correlation_id(correlations.pop() if len(correlations) == 1 else context.aws_request_id)
    logger.info(message, extra={**figures, "events": events[:LOGGED_EVENTS], "aws_calls": aws_calls.made()})


# ---------------------------------------------------------------- consuming from a queue

def parse(body: str) -> Event:
    """A queue message body: the envelope itself (raw delivery) or wrapped in an SNS notification.
    `data` stays a dict here; queue_consumer parses it with its contract."""
    payload = json.loads(body)
    if isinstance(payload, dict) and payload.get("Type") == "Notification" and "Message" in payload:
        payload = json.loads(payload["Message"])
    return Event.model_validate(payload)


def queue_consumer(handle: Callable[[Event], None], accepts: Iterable[str]):
    """The Lambda entry point of a queue consumer: `handle(event)` runs once per message, with
    `event.data` parsed by the contract of the event's type and version; a message whose handler
    raises, or that matches no contract, is reported as failed (retried, then dead-lettered), the
    others succeed. Types not in `accepts` are dropped (the queue's filter should not let them in)."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    accepted = frozenset(accepts)
    for event_type in accepted:
        model_for(event_type, 1)  # a consumer of a type nobody publishes fails at init, not per message
    processor = BatchProcessor(event_type=EventType.SQS)
    handled: list[str] = []  # this invocation's events, for its closing line

    def handle_record(record, lambda_context=None) -> None:
        if lambda_context is not None and lambda_context.get_remaining_time_in_millis() < STOP_BEFORE_TIMEOUT_MS:
            raise RetryLater("too close to the function's timeout; left for the next delivery")
        try:
            envelope = parse(record.body)
        except ValueError as error:
            logger.error("message is not an event envelope; it will be dead-lettered",
                         extra={"error": str(error)[:300]})
            metrics.add_metric(name="MalformedEvents", unit="Count", value=1)
            raise ContractError(f"not an event envelope: {str(error)[:300]}") from None
        logger.set_correlation_id(envelope.correlation_id)
        logger.append_keys(event_type=envelope.type, event_id=envelope.id)
        try:
            if envelope.type not in accepted:
                logger.warning("event type not handled here; dropped")
                return
            try:
                event = envelope.model_copy(update={"data": parse_data(envelope.type, envelope.version, envelope.data)})
            except ContractError as error:
                logger.error("event does not match its contract; it will be dead-lettered",
                             extra={"error": str(error), "version": envelope.version})
                metrics.add_metric(name="MalformedEvents", unit="Count", value=1)
                raise
            handle(event)
            handled.append(f"{event.type} {event.id} {event.correlation_id or '-'}")
            logger.debug("event handled", extra={"receive_count": record.attributes.approximate_receive_count})
        except RetryLater as reason:
            logger.info("event arrived early; will retry", extra={"reason": str(reason)})
            raise
        finally:
            logger.remove_keys(["event_type", "event_id"])

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics(capture_cold_start_metric=True)
    def handler(event: dict, context: Any) -> dict:
        aws_calls.start_invocation()
        handled.clear()
        logger.set_correlation_id(context.aws_request_id)  # until a message names its own
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

    return handler
