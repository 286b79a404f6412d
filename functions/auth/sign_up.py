"""POST /v1/auth/signup: create an account (email, password, name)."""

import user_pool
from credentials import SignedUp, SignUp
from shop.api import create_app, errors, http_handler, json_response
from shop.observability import logger, metrics, tracer

app = create_app()


@app.post("/v1/auth/signup", summary="Sign up", tags=["auth"],
          responses={201: {"description": "Account created", "content": {"application/json": {"model": SignedUp}}},
                     **errors(409)})
@tracer.capture_method
def sign_up(request: SignUp):
    account = user_pool.sign_up(request.email, request.password, request.name)
    metrics.add_metric(name="SignUps", unit="Count", value=1)
    logger.info("account created", extra={"user_id": account.user_id, "confirmed": account.confirmed})
    return json_response(201, account.model_dump())


handler = http_handler(app)
