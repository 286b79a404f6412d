"""The gateway's JWT authorizer refuses every token it should (401), on a route that needs one."""

import base64
import hashlib
import hmac
import json
import time
import uuid
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.accounts import ensure_user, sign_in

ROUTE = "/v1/users/me"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def status_with(public, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return public.get(ROUTE, headers=headers).status_code


@pytest.fixture(scope="module")
def pool_key(outputs):
    """The user pool's own ID-token signing key, from the emulator's state directory."""
    path = Path(outputs["EmulatorStateDir"]) / "cognito-pool-keys" / f"{outputs['UserPoolId']}-id.pem"
    assert path.is_file(), f"no signing key at {path}: these tests need the bundled emulator's state"
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


@pytest.fixture(scope="module")
def genuine(customer_tokens):
    header = jwt.get_unverified_header(customer_tokens.id_token)
    claims = jwt.decode(customer_tokens.id_token, options={"verify_signature": False})
    return header, claims


def test_a_genuine_token_is_accepted(public, customer_tokens):
    assert status_with(public, customer_tokens.id_token) == 200
    assert status_with(public, customer_tokens.access_token) == 200


@pytest.mark.parametrize("token", [None, "", "garbage", "a.b.c", "Bearer"])
def test_missing_or_malformed_tokens(public, token):
    assert status_with(public, token) == 401


def test_a_forged_signature(public, customer_tokens, genuine):
    header, claims = genuine
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({**claims, "cognito:groups": ["admin"]}, other_key, algorithm="RS256", headers=header)
    assert status_with(public, forged) == 401
    signing_input, _, signature = customer_tokens.id_token.rpartition(".")
    _, payload = signing_input.split(".")
    tampered_claims = json.loads(base64.urlsafe_b64decode(payload + "==")) | {"sub": str(uuid.uuid4())}
    tampered = f"{signing_input.split('.')[0]}.{b64(json.dumps(tampered_claims).encode())}.{signature}"
    assert status_with(public, tampered) == 401


def test_an_expired_token_signed_with_the_pools_own_key(public, pool_key, genuine):
    header, claims = genuine
    now = int(time.time())
    still_valid = jwt.encode({**claims, "iat": now, "exp": now + 300}, pool_key, algorithm="RS256", headers=header)
    assert status_with(public, still_valid) == 200  # the key is the real one: only the expiry differs below
    expired = jwt.encode({**claims, "iat": now - 7200, "exp": now - 3600}, pool_key, algorithm="RS256", headers=header)
    assert status_with(public, expired) == 401


def test_a_token_for_another_audience(public, pool_key, genuine, cognito, outputs):
    header, claims = genuine
    assert status_with(public, jwt.encode({**claims, "aud": "some-other-client"}, pool_key, algorithm="RS256",
                                          headers=header)) == 401
    other_client = cognito.create_user_pool_client(
        UserPoolId=outputs["UserPoolId"], ClientName=f"other-{uuid.uuid4().hex[:6]}",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    email, password = f"aud-{uuid.uuid4().hex[:8]}@example.com", "Other-Client-9x"
    ensure_user(cognito, outputs["UserPoolId"], email, password, "Other Client")
    tokens = sign_in(cognito, other_client, email, password)
    assert status_with(public, tokens.id_token) == 401
    assert status_with(public, tokens.access_token) == 401


def test_a_token_from_another_user_pool_or_issuer(public, pool_key, genuine, cognito):
    header, claims = genuine
    assert status_with(public, jwt.encode({**claims, "iss": "https://evil.example.com/pool"}, pool_key,
                                          algorithm="RS256", headers=header)) == 401
    pool = cognito.create_user_pool(PoolName=f"other-{uuid.uuid4().hex[:6]}", UsernameAttributes=["email"])["UserPool"]
    client = cognito.create_user_pool_client(UserPoolId=pool["Id"], ClientName="other",
                                             ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]
    email, password = f"pool-{uuid.uuid4().hex[:8]}@example.com", "Other-Pool-9xy"
    ensure_user(cognito, pool["Id"], email, password, "Other Pool")
    assert status_with(public, sign_in(cognito, client["ClientId"], email, password).id_token) == 401


def test_alg_none(public, genuine):
    _, claims = genuine
    unsigned = f"{b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{b64(json.dumps(claims).encode())}."
    assert status_with(public, unsigned) == 401


def test_hs256_signed_with_the_public_key(public, pool_key, genuine):
    """The classic key-confusion attack: HMAC keyed with the RSA public key a verifier may trust."""
    header, claims = genuine
    public_pem = pool_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = f"{b64(json.dumps({**header, 'alg': 'HS256'}).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert status_with(public, f"{signing_input}.{b64(signature)}") == 401
