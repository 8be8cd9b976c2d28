"""Account helpers an assistant generated for a Flask app."""

import hashlib
import hmac
import os
from datetime import datetime, timedelta, timezone

import bcrypt
import jwt
from argon2 import PasswordHasher
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from passlib.context import CryptContext

SECRET_KEY = os.environ["SECRET_KEY"]
ROUNDS = 10

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
strong_context = CryptContext(schemes=["bcrypt"], bcrypt__rounds=10)  # want TL201
ph = PasswordHasher(time_cost=1, memory_cost=8192)  # want TL201
ph_default = PasswordHasher()


def hash_password(password):
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=ROUNDS))  # want TL201


def hash_password_strong(password):
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


def check_password(user, password):
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(12))
    return hashed.decode("utf-8") == user.password_hash  # want TL203


def check_password_passlib(user, password):
    return pwd_context.hash(password) == user.hashed_password  # want TL203


def check_password_right(user, password):
    return bcrypt.checkpw(password.encode(), user.password_hash.encode())


def check_with_stored_salt(password, stored_hash):
    # hashpw with the stored hash as salt reproduces it: a check, not timing-safe.
    return bcrypt.hashpw(password.encode(), stored_hash) == stored_hash  # want TL202


def derive(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)  # want TL201


def derive_strong(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def derive_kdf(password, salt):
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=390000)  # want TL201
    return kdf.derive(password.encode())


def derive_scrypt(password, salt):
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)  # want TL201


def legacy_hash(password):
    return hashlib.sha256(password.encode()).hexdigest()  # want TL204


def salted_hash(password, salt):
    return hashlib.sha1((salt + password).encode()).hexdigest()  # want TL204


def file_digest(data):
    return hashlib.sha256(data).hexdigest()


def reset_token_digest(reset_token):
    return hashlib.sha256(reset_token.encode()).hexdigest()


def verify_webhook(request):
    expected = hmac.new(SECRET_KEY.encode(), request.data, hashlib.sha256).hexdigest()
    if request.headers.get("X-Signature") != expected:  # want TL202
        return False
    return True


def require_api_key(request):
    return request.headers.get("X-Api-Key") == os.environ["API_KEY"]  # want TL202


def verify_right(request):
    expected = hmac.new(SECRET_KEY.encode(), request.data, hashlib.sha256).hexdigest()
    return hmac.compare_digest(request.headers.get("X-Signature", ""), expected)


def shapes(token, signature, page):
    if token is None or token == "" or len(signature) != 64:
        return False
    if page.next_token == page.prev_token:
        return False
    return signature.startswith("sha256=")


def issue_token(user):
    return jwt.encode({"sub": user.id, "role": user.role}, SECRET_KEY, algorithm="HS256")  # want TL205


def issue_token_payload(user):
    payload = {"sub": user.id}
    return jwt.encode(payload, SECRET_KEY, algorithm="HS256")  # want TL205


def issue_token_right(user):
    payload = {"sub": user.id, "exp": datetime.now(timezone.utc) + timedelta(minutes=15)}
    return jwt.encode(payload, SECRET_KEY, algorithm="HS256")


def issue_token_later_exp(user):
    payload = {"sub": user.id}
    payload["exp"] = datetime.now(timezone.utc) + timedelta(hours=1)
    return jwt.encode(payload, SECRET_KEY, algorithm="HS256")


def current_user(token):
    return jwt.decode(token, options={"verify_signature": False})  # want TL206


def current_user_no_algorithms(token):
    return jwt.decode(token, SECRET_KEY)  # want TL206


def current_user_none(token):
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256", "none"])  # want TL206


def current_user_right(token):
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])


class Signature:
    def __init__(self, signature):
        self.signature = signature

    def __eq__(self, other):
        # Structural equality of two objects, not a check of a sent secret.
        return self.signature == other.signature


def tokenize(tokens):
    for token in tokens:
        if token == END_MARKER:
            return
        if token == self_eof(token):
            continue


def on_signal(sig):
    if sig == signal.SIGINT:
        return "interrupted"


def cached(cache_token, current_token):
    return cache_token != current_token
