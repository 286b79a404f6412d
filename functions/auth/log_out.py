"""POST /v1/auth/logout: revoke the refresh token and sign the caller out everywhere."""

import user_pool
from credentials import LogOut
from shop.api import BEARER, create_app, http_handler, json_response
from shop.auth import current_caller
from shop.observability import logger, tracer

app = create_app()


@app.post("/v1/auth/logout", summary="Log out", tags=["auth"], security=BEARER,
          responses={204: {"description": "Signed out"}})
@tracer.capture_method
def log_out(request: LogOut | None = None):
    caller = current_caller(app)
    user_pool.log_out(caller.user_id, request.refresh_token if request else None)
    logger.info("signed out", extra={"user_id": caller.user_id})
    return json_response(204)


handler = http_handler(app)
