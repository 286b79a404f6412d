"""POST /v1/auth/confirm: confirm an account with the code Cognito emailed."""

import user_pool
from credentials import Confirmation
from shop.api import create_app, http_handler, json_response
from shop.observability import tracer

app = create_app()


@app.post("/v1/auth/confirm", summary="Confirm a sign-up", tags=["auth"], responses={204: {"description": "Confirmed"}})
@tracer.capture_method
def confirm_sign_up(request: Confirmation):
    user_pool.confirm_sign_up(request.email, request.code)
    return json_response(204)


handler = http_handler(app)
