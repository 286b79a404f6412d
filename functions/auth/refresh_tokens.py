"""POST /v1/auth/refresh: new ID and access tokens for a refresh token."""

import user_pool
from credentials import Refresh, TokenSet
from shop.api import create_app, errors, http_handler
from shop.observability import tracer

app = create_app()


@app.post("/v1/auth/refresh", summary="Refresh tokens", tags=["auth"], responses=errors(401))
@tracer.capture_method
def refresh_tokens(request: Refresh) -> TokenSet:
    return user_pool.refresh(request.refresh_token)


handler = http_handler(app)
