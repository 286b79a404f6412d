"""`make bench` and `make load` sign in with the logins `make up` was given (infra/accounts.py)."""

import json

from infra import accounts


def test_the_logins_make_up_used_are_read_back_unless_the_environment_names_others(tmp_path, monkeypatch):
    monkeypatch.setattr(accounts, "LOGINS_FILE", tmp_path / "demo-logins.json")
    monkeypatch.delenv("SHOP_ADMIN_EMAIL", raising=False)
    assert accounts._login("SHOP_ADMIN_EMAIL") == "admin@shop.local"

    monkeypatch.setattr(accounts, "ADMIN_EMAIL", "boss@example.com")
    accounts.LOGINS_FILE.write_text("{}")
    accounts.LOGINS_FILE.chmod(0o644)  # left by an older run: it must not keep its mode
    accounts.remember_logins()
    assert json.loads(accounts.LOGINS_FILE.read_text())["SHOP_ADMIN_EMAIL"] == "boss@example.com"
    assert accounts.LOGINS_FILE.stat().st_mode & 0o077 == 0
    assert accounts._login("SHOP_ADMIN_EMAIL") == "boss@example.com"

    monkeypatch.setenv("SHOP_ADMIN_EMAIL", "other@example.com")
    assert accounts._login("SHOP_ADMIN_EMAIL") == "other@example.com"
