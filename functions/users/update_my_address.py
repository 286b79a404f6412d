"""PATCH /v1/users/me/addresses/{address_id}: change one of the caller's addresses, or make it the default."""

import user_table
from accounts import Address, AddressChanges
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.patch("/v1/users/me/addresses/<address_id>", summary="Update an address", tags=["users"], security=BEARER)
@tracer.capture_method
def update_my_address(address_id: str, changes: AddressChanges) -> Address:
    caller = current_caller(app)
    return user_table.update_address(caller.user_id, address_id, changes)


handler = http_handler(app)
