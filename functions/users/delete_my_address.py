"""DELETE /v1/users/me/addresses/{address_id}: remove one of the caller's addresses."""

import user_table
from shop.api import BEARER, create_app, http_handler, json_response
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.delete("/v1/users/me/addresses/<address_id>", summary="Delete an address", tags=["users"], security=BEARER,
            responses={204: {"description": "Deleted"}})
@tracer.capture_method
def delete_my_address(address_id: str):
    caller = current_caller(app)
    user_table.delete_address(caller.user_id, address_id)
    return json_response(204)


handler = http_handler(app)
