"""PATCH /v1/shipments/{shipment_id}: advance a shipment to SHIPPED or DELIVERED (admin); the
order follows through shipment.shipped / shipment.delivered."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

import shipment_table
from shipment_table import Shipment
from shop.api import BEARER, create_app, errors, http_handler
from shop.auth import require_admin
from shop.errors import Conflict, NotFound
from shop.lifecycle import Decision
from shop.observability import logger, tracer

app = create_app()


class ShipmentChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["SHIPPED", "DELIVERED"]


@app.patch("/v1/shipments/<shipment_id>", summary="Advance a shipment (admin)", tags=["shipping"], security=BEARER,
            responses=errors(409))
@tracer.capture_method
def update_shipment(shipment_id: str, change: ShipmentChange) -> Shipment:
    caller = require_admin(app)
    decision, shipment = shipment_table.change_status(shipment_id, change.status)
    if shipment is None:
        raise NotFound(f"shipment {shipment_id} does not exist")
    if decision is Decision.ILLEGAL:
        raise Conflict(f"shipment {shipment_id} is {shipment.status}", code="invalid_transition")
    if decision is Decision.ALREADY and shipment.status != change.status:
        raise Conflict(f"shipment {shipment_id} is already {shipment.status}", code="invalid_transition")
    if decision is Decision.TOO_EARLY:
        raise Conflict(f"shipment {shipment_id} is {shipment.status}: ship it before it can be delivered",
                       code="invalid_transition")
    logger.info("shipment updated", extra={"shipment_id": shipment_id, "status": shipment.status,
                                           "decision": decision.value, "by": caller.user_id})
    return Shipment(**shipment.to_dict())


handler = http_handler(app, admin_only=True)
