"""Clients of the local stack retry the gateway's throttles, and only those (infra/throttle.py)."""

import json

import requests

from infra import throttle


def answer(status: int, body: dict) -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = status, json.dumps(body).encode()
    return response


def test_a_throttled_request_is_sent_again_until_answered_and_the_apis_own_429_is_an_answer(monkeypatch):
    emulator_throttle = {"Type": "User", "message": "Rate Exceeded", "retryAfterSeconds": "1"}
    answers = [answer(429, emulator_throttle), answer(429, emulator_throttle), answer(201, {"id": "o1"}),
               answer(429, {"message": "Too many attempts", "code": "too_many_requests"})]
    sent = []
    monkeypatch.setattr(requests.Session, "request", lambda self, method, url, **kw: sent.append(url) or answers.pop(0))
    monkeypatch.setattr(throttle, "pause", lambda attempt: 0)
    session = throttle.Session()
    assert session.request("POST", "http://api/v1/orders").status_code == 201
    assert len(sent) == 3
    own = session.request("POST", "http://api/v1/auth/login")
    assert (own.status_code, own.json()["code"], len(sent)) == (429, "too_many_requests", 4)
