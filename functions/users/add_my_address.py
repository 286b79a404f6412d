"""POST /v1/users/me/addresses: add a shipping address (idempotent with an Idempotency-Key header)."""

import user_table
from accounts import Address, NewAddress
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.idempotency import IdempotencyKey, run_once
from shop.observability import logger, tracer

app = create_app()


@app.post("/v1/users/me/addresses", summary="Add an address", tags=["users"], security=BEARER,
          responses={201: {"description": "Added", "content": {"application/json": {"model": Address}}}})
@tracer.capture_method
def add_my_address(
    address: NewAddress,
    idempotency_key: IdempotencyKey = None,
):
    caller = current_caller(app)

    def add() -> tuple[int, dict]:
        added = user_table.add_address(caller.user_id, caller.email, address)
        logger.info("address added", extra={"user_id": caller.user_id, "address_id": added.id})
        return 201, added.model_dump()

    return run_once(app, key=idempotency_key, scope=caller.user_id, payload=address.model_dump(), action=add)


handler = http_handler(app)
