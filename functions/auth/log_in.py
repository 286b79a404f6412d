"""POST /v1/auth/login: exchange email and password for tokens."""

import user_pool
from credentials import LogIn, TokenSet
from shop.api import create_app, errors, http_handler
from shop.errors import Unauthorized
from shop.observability import metrics, tracer

app = create_app()


@app.post("/v1/auth/login", summary="Log in", tags=["auth"], responses=errors(401, 403))
@tracer.capture_method
def log_in(request: LogIn) -> TokenSet:
    try:
        return user_pool.log_in(request.email, request.password)
    except Unauthorized:
        metrics.add_metric(name="FailedLogins", unit="Count", value=1)
        raise


handler = http_handler(app)
