# Test suites use bcrypt's minimum cost, fast hashes and unverified TLS on
# purpose: rules about production behaviour stay silent in test files.
import hashlib
import ssl

import bcrypt


def test_hash_roundtrip():
    hashed = bcrypt.hashpw(b"pw", bcrypt.gensalt(rounds=4))
    assert bcrypt.checkpw(b"pw", hashed)


def test_checksum():
    assert hashlib.md5(b"data").hexdigest() == "8d777f385d3dfec8815d20f7496026dc"


def test_local_server():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx
