"""Applying other services' events to orders, shared by the order service's consumers."""

from aws_lambda_powertools.metrics import MetricUnit, single_metric

import order_table
from order_status import Decision
from shop.events import RetryLater
from shop.observability import logger, metrics


def count_status_change(status: str, reason: str | None) -> None:
    """Orders<Status> (OrdersPaid, OrdersCancelled, ...); cancellations also by reason."""
    metrics.add_metric(name=f"Orders{status.title()}", unit="Count", value=1)
    if reason:
        with single_metric(name=f"Orders{status.title()}", unit=MetricUnit.Count, value=1,
                           default_dimensions={**metrics.default_dimensions, "service": "orders"}) as metric:
            metric.add_dimension(name="reason", value=reason)


def advance(order_id: str, target: str, reason: str | None = None) -> Decision:
    """Move the order on if the state machine allows it; duplicates and stale events change
    nothing, an event that came too early is retried, an illegal one is logged and dropped."""
    decision, order = order_table.change_status(order_id, target, reason)
    if order is None:
        logger.warning("event for an unknown order dropped", extra={"order_id": order_id})
    elif decision is Decision.TOO_EARLY:
        raise RetryLater(f"order {order_id} is {order.status}, not yet ready for {target}")
    elif decision is Decision.ILLEGAL:
        logger.warning("event not applicable to the order; dropped",
                       extra={"order_id": order_id, "status": order.status, "target": target})
    elif decision is Decision.APPLY:
        count_status_change(target, reason)
        logger.info("order status changed", extra={"order_id": order_id, "status": target, "reason": reason})
    return decision
