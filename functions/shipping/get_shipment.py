"""GET /v1/orders/{order_id}/shipment: the shipment of one of the caller's orders."""

import shipment_table
from shipment_table import Shipment
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.errors import NotFound
from shop.observability import tracer

app = create_app()


@app.get("/v1/orders/<order_id>/shipment", summary="An order's shipment", tags=["shipping"], security=BEARER)
@tracer.capture_method
def get_shipment(order_id: str) -> Shipment:
    caller = current_caller(app)
    shipment = shipment_table.find_shipment(shipment_table.shipment_id_for(order_id))
    if shipment is None or (shipment.user_id != caller.user_id and not caller.is_admin):
        raise NotFound(f"order {order_id} has no shipment yet")
    return Shipment(**shipment.to_dict())


handler = http_handler(app)
