"""GET /v1/health: is the API answering. Public, touches nothing, reveals nothing; also the
baseline the benchmark compares other routes against."""

from pydantic import BaseModel

from shop import settings
from shop.api import create_app, http_handler

app = create_app()


class Health(BaseModel):
    status: str
    stage: str


@app.get("/v1/health", summary="Health check", tags=["platform"])
def health() -> Health:
    return Health(status="ok", stage=settings.STAGE)


handler = http_handler(app)
