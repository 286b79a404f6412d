"""DELETE /v1/cart: empty the cart."""

import order_table
from shop.api import BEARER, create_app, http_handler, json_response
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.delete("/v1/cart", summary="Empty my cart", tags=["cart"], security=BEARER,
            responses={204: {"description": "Emptied"}})
@tracer.capture_method
def clear_cart():
    order_table.delete_cart(current_caller(app).user_id)
    return json_response(204)


handler = http_handler(app)
