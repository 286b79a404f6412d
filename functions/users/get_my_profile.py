"""GET /v1/users/me: the caller's profile, created on first access."""

import user_table
from accounts import Profile
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.get("/v1/users/me", summary="My profile", tags=["users"], security=BEARER)
@tracer.capture_method
def get_my_profile() -> Profile:
    caller = current_caller(app)
    return user_table.get_or_create_profile(caller.user_id, caller.email, caller.name).to_profile()


handler = http_handler(app)
