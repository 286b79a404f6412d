"""DELETE /v1/auth/admins/{user_id}: take the admin role away (admin). Tokens already issued
keep their groups until they expire."""

import user_pool
from shop.api import BEARER, create_app, errors, http_handler, json_response
from shop.auth import require_admin
from shop.errors import Conflict
from shop.observability import logger, tracer

app = create_app()


@app.delete("/v1/auth/admins/<user_id>", summary="Revoke the admin role (admin)", tags=["auth"], security=BEARER,
            responses={204: {"description": "Revoked"}, **errors(409)})
@tracer.capture_method
def revoke_admin(user_id: str):
    caller = require_admin(app)
    # A user may be named by sub, username or email: ask the pool who it is before comparing.
    naming_me = user_id == caller.user_id or user_id.casefold() == (caller.email or "").casefold()
    if naming_me or user_pool.subject_of(user_id) == caller.user_id:
        raise Conflict("Admins cannot revoke their own role; ask another admin", code="self_revoke")
    user_pool.set_admin(user_id, admin=False)
    logger.info("admin role revoked", extra={"user_id": user_id, "by": caller.user_id})
    return json_response(204)


handler = http_handler(app, admin_only=True)
