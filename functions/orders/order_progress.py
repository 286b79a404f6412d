"""Applying other services' events to orders, shared by the order service's consumers."""

import order_table
from order_status import Decision
from shop.events import RetryLater
from shop.observability import logger, metrics


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
        metrics.add_metric(name=f"Orders{target.title()}", unit="Count", value=1)
        if reason:
            metrics.add_metric(name=f"OrdersCancelled_{reason}", unit="Count", value=1)
        logger.info("order status changed", extra={"order_id": order_id, "status": target, "reason": reason})
    return decision
