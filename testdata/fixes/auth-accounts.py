import hashlib
import os

import bcrypt
import jwt

SECRET_KEY = os.environ["SECRET_KEY"]


def check_password(user, password):
    salt = bcrypt.gensalt(rounds=10)  # want TL201
    hashed = bcrypt.hashpw(password.encode("utf-8"), salt)
    return hashed.decode("utf-8") == user.password_hash  # want TL203


def check_bytes(stored, password):
    if bcrypt.hashpw(password.encode(), bcrypt.gensalt()) != stored:  # want TL203
        raise PermissionError("bad password")


def verify_webhook(request):
    expected = hashlib.sha256(SECRET_KEY.encode() + request.data).hexdigest()
    return request.headers.get("X-Signature") == expected  # want TL202


def issue(user):
    payload = {
        "sub": user.id,
        "role": user.role,
    }
    return jwt.encode(payload, SECRET_KEY, algorithm="HS256")  # want TL205
