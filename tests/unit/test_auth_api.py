"""Auth routes against a moto user pool configured like template.yaml's."""

import json

import pytest

from tests.unit.conftest import ADMIN, CUSTOMER, LambdaContext, api_event, call, captured_logs, service_module

confirm_sign_up = service_module("auth", "confirm_sign_up")
grant_admin = service_module("auth", "grant_admin")
log_in = service_module("auth", "log_in")
log_out = service_module("auth", "log_out")
pre_sign_up = service_module("auth", "pre_sign_up")
refresh_tokens = service_module("auth", "refresh_tokens")
revoke_admin = service_module("auth", "revoke_admin")
sign_up = service_module("auth", "sign_up")

PASSWORD = "Correct-Horse-9"


@pytest.fixture
def ada(user_pool):
    cognito, pool_id, _ = user_pool
    status, body = call(sign_up, api_event("auth/sign_up", body={"email": "Ada@Example.com", "password": PASSWORD,
                                                                  "name": "Ada"}))
    assert status == 201 and body["email"] == "ada@example.com"
    cognito.admin_confirm_sign_up(UserPoolId=pool_id, Username="ada@example.com")  # moto has no PreSignUp trigger
    return body


def login(email="ada@example.com", password=PASSWORD) -> tuple[int, dict]:
    return call(log_in, api_event("auth/log_in", body={"email": email, "password": password}))


def test_sign_up_then_log_in_returns_the_token_set(ada):
    status, tokens = login()
    assert status == 200
    assert {"id_token", "access_token", "refresh_token", "expires_in", "token_type"} <= set(tokens)
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0


def test_a_second_sign_up_with_the_same_email_is_409(ada):
    status, body = call(sign_up, api_event("auth/sign_up", body={"email": "ada@example.com", "password": PASSWORD,
                                                                  "name": "Ada"}))
    assert (status, body["code"]) == (409, "email_taken")


def test_a_weak_password_is_refused_naming_the_rule(user_pool):
    status, body = call(sign_up, api_event("auth/sign_up", body={"email": "w@example.com", "password": "weakweakweak",
                                                                  "name": "W"}))
    assert status == 400 and body["code"] == "weak_password"
    assert "uppercase" in body["message"].lower() or "numeric" in body["message"].lower()


@pytest.mark.parametrize("body", [{"email": "not-an-email", "password": PASSWORD, "name": "X"},
                                  {"email": "x@example.com", "password": PASSWORD},
                                  {"email": "x@example.com", "password": PASSWORD, "name": "X", "admin": True}])
def test_bad_sign_up_input_is_422(user_pool, body):
    assert call(sign_up, api_event("auth/sign_up", body=body))[0] == 422


def test_wrong_password_and_unknown_email_get_the_same_401(ada):
    wrong = login(password="Wrong-Password-1")
    unknown = login(email="nobody@example.com")
    assert wrong == unknown == (401, {"message": "Incorrect email or password", "code": "invalid_credentials"})


def test_refresh_gives_new_id_and_access_tokens(ada):
    _, tokens = login()
    status, refreshed = call(refresh_tokens, api_event("auth/refresh_tokens",
                                                       body={"refresh_token": tokens["refresh_token"]}))
    assert status == 200 and refreshed["id_token"] and refreshed["access_token"]
    assert refreshed["refresh_token"] is None  # the refresh token stays the same
    garbage = call(refresh_tokens, api_event("auth/refresh_tokens", body={"refresh_token": "not-a-token"}))
    assert garbage[0] == 401


def test_logout_revokes_the_refresh_token_and_signs_out_everywhere(ada, monkeypatch):
    """moto has no RevokeToken; the integration tests show the token stop working on the emulator."""
    _, tokens = login()
    revoked = []
    monkeypatch.setattr(log_out.user_pool.cognito, "revoke_token", lambda **kwargs: revoked.append(kwargs))
    claims = {"sub": ada["user_id"], "email": "ada@example.com"}
    logout = api_event("auth/log_out", body={"refresh_token": tokens["refresh_token"]}, claims=claims)
    assert call(log_out, logout) == (204, None)
    assert [r["Token"] for r in revoked] == [tokens["refresh_token"]]
    assert call(log_out, api_event("auth/log_out", body={"refresh_token": "x"}, claims={}))[0] == 401


def test_confirm_with_a_wrong_code_is_400(ada):
    status, body = call(confirm_sign_up, api_event("auth/confirm_sign_up",
                                                   body={"email": "nobody@example.com", "code": "000000"}))
    assert (status, body["code"]) == (400, "invalid_code")


def test_only_admins_grant_and_revoke_the_admin_role(ada, user_pool):
    cognito, pool_id, _ = user_pool
    target = {"user_id": ada["user_id"]}
    assert call(grant_admin, api_event("auth/grant_admin", path_params=target, claims=CUSTOMER))[0] == 403
    assert call(grant_admin, api_event("auth/grant_admin", path_params=target, claims=ADMIN)) == (204, None)
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username="ada@example.com")["Groups"]
    assert [g["GroupName"] for g in groups] == ["admin"]
    assert call(revoke_admin, api_event("auth/revoke_admin", path_params=target, claims=ADMIN)) == (204, None)
    assert cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username="ada@example.com")["Groups"] == []
    own = {"user_id": ADMIN["sub"]}
    assert call(revoke_admin, api_event("auth/revoke_admin", path_params=own, claims=ADMIN))[0] == 409


def test_an_admin_cannot_revoke_their_own_role_by_naming_their_email(ada, user_pool):
    ada_as_admin = {"sub": ada["user_id"], "email": "ada@example.com", "cognito:groups": "[admin]"}
    call(grant_admin, api_event("auth/grant_admin", path_params={"user_id": ada["user_id"]}, claims=ADMIN))
    for name in ("ada@example.com", "ADA@example.com"):
        status, body = call(revoke_admin, api_event("auth/revoke_admin", path_params={"user_id": name},
                                                    claims=ada_as_admin))
        assert (status, body["code"]) == (409, "self_revoke")
    cognito, pool_id, _ = user_pool
    assert [g["GroupName"] for g in cognito.admin_list_groups_for_user(UserPoolId=pool_id,
                                                                       Username=ada["user_id"])["Groups"]] == ["admin"]


def test_the_pre_sign_up_trigger_confirms_the_account_and_email():
    event = json.loads((api_event.__globals__["ROOT"] / "events" / "auth" / "pre_sign_up.json").read_text())
    response = pre_sign_up.handler(event, LambdaContext())["response"]
    assert response["autoConfirmUser"] is True and response["autoVerifyEmail"] is True


def test_no_password_or_token_reaches_the_logs(ada, caplog, capsys, monkeypatch):
    monkeypatch.setattr(log_out.user_pool.cognito, "revoke_token", lambda **kwargs: None)
    _, tokens = login()
    login(password="Wrong-Password-1")
    call(refresh_tokens, api_event("auth/refresh_tokens", body={"refresh_token": tokens["refresh_token"]}))
    call(log_out, api_event("auth/log_out", body={"refresh_token": tokens["refresh_token"]},
                            claims={"sub": ada["user_id"]}))
    logged = captured_logs(caplog, capsys)
    assert logged.count('"message":"request"') >= 4  # the handlers did log, one line per request
    for secret in (PASSWORD, "Wrong-Password-1", tokens["id_token"], tokens["access_token"], tokens["refresh_token"]):
        assert secret not in logged


@pytest.mark.parametrize("body", [
    {"email": "\u0007x@example.com", "password": PASSWORD},
    {"email": "x@exa\u0000mple.com", "password": PASSWORD},
])
def test_an_email_with_control_characters_is_422_before_cognito_sees_it(user_pool, body):
    status, answer = login(**body)
    assert (status, answer["details"][0]["field"]) == (422, "email")


def test_input_cognito_refuses_as_a_parameter_is_a_4xx_not_a_crash(ada, monkeypatch):
    from botocore.exceptions import ClientError

    def refuse(**_):
        raise ClientError({"Error": {"Code": "InvalidParameterException", "Message": "failed to satisfy"}}, "x")

    monkeypatch.setattr(log_in.user_pool.cognito, "initiate_auth", refuse)
    monkeypatch.setattr(log_in.user_pool.cognito, "confirm_sign_up", refuse)
    assert login()[1]["code"] == "invalid_credentials"
    status, body = call(confirm_sign_up, api_event("auth/confirm_sign_up",
                                                   body={"email": "ada@example.com", "code": "123456"}))
    assert (status, body["code"]) == (400, "invalid_code")
    status, body = call(confirm_sign_up, api_event("auth/confirm_sign_up",
                                                   body={"email": "ada@example.com", "code": "12 34"}))
    assert status == 422
