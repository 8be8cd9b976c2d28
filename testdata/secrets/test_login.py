import pytest

from app.auth import login


def test_login_accepts_valid_password():
    password = "hunter2"
    api_key = "test-api-key"
    assert login("alice", password=password, api_key=api_key, token="abc123def")


def test_fixture_with_provider_key_still_flagged():
    key = "rk_live_v1zh87mTa5Vsqxezy3Lex7BW"  # want TL101
    assert key
