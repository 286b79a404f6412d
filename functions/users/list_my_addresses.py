"""GET /v1/users/me/addresses: the caller's address book, default marked."""

import user_table
from accounts import AddressList
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.get("/v1/users/me/addresses", summary="My addresses", tags=["users"], security=BEARER)
@tracer.capture_method
def list_my_addresses() -> AddressList:
    caller = current_caller(app)
    profile = user_table.find_profile(caller.user_id)
    default = profile.default_address_id if profile else None
    records = sorted(user_table.list_addresses(caller.user_id), key=lambda record: record.created_at)
    return AddressList(items=[record.to_address(default) for record in records])


handler = http_handler(app)
