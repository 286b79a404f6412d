"""PUT /v1/auth/admins/{user_id}: give a user the admin role (admin). Takes effect with the
user's next token."""

import user_pool
from shop.api import BEARER, create_app, http_handler, json_response
from shop.auth import require_admin
from shop.observability import logger, tracer

app = create_app()


@app.put("/v1/auth/admins/<user_id>", summary="Grant the admin role (admin)", tags=["auth"], security=BEARER,
         responses={204: {"description": "Granted"}})
@tracer.capture_method
def grant_admin(user_id: str):
    caller = require_admin(app)
    user_pool.set_admin(user_id, admin=True)
    logger.info("admin role granted", extra={"user_id": user_id, "by": caller.user_id})
    return json_response(204)


handler = http_handler(app, admin_only=True)
