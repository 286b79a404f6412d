"""Password rules, checked the way the pool's policy states them."""

from tests.unit.conftest import service_module

password_problems = service_module("auth", "credentials").password_problems


POLICY = {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True,
          "RequireSymbols": False}


def test_a_password_meeting_the_policy_has_no_problems():
    assert password_problems("Correct-Horse-9", POLICY) == []


def test_each_broken_rule_is_named():
    assert password_problems("short", POLICY) == ["at least 10 characters", "an uppercase letter", "a number"]
    assert password_problems("ALLUPPERCASE1", POLICY) == ["a lowercase letter"]
    assert password_problems("NoSymbols123", {**POLICY, "RequireSymbols": True}) == ["a symbol"]
