"""Encryption helpers an assistant wrote for a Flask app."""

import hashlib
import hmac
import os

import jwt
from Crypto.Cipher import AES, DES, DES3, ARC4
from Crypto.Random import get_random_bytes
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

STATIC_IV = b"\x00" * 16
MODULE_NONCE = os.urandom(12)
FERNET = Fernet(b"Zx9Lq2Vb7Nm4Rt8Wy3Pk6Hc1Jd5Fe0GaSb2Tu4Xw6Y=")  # want TL303


def encrypt_des(key, data):
    cipher = DES.new(key, DES.MODE_CBC)  # want TL301
    return cipher.iv + cipher.encrypt(data)


def encrypt_3des(key, data):
    return DES3.new(key, DES3.MODE_EAX).encrypt(data)  # want TL301


def encrypt_rc4(key, data):
    return ARC4.new(key).encrypt(data)  # want TL301


def encrypt_ecb(key, data):
    cipher = AES.new(key, AES.MODE_ECB)  # want TL301
    return cipher.encrypt(data)


def encrypt_ecb_cryptography(key, data):
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # want TL301
    return encryptor.update(data) + encryptor.finalize()


def encrypt_static_iv(key, data):
    cipher = AES.new(key, AES.MODE_CBC, iv=STATIC_IV)  # want TL302
    return cipher.encrypt(data)


def encrypt_literal_iv(key, data):
    cipher = AES.new(key, AES.MODE_CBC, b"1234567890abcdef")  # want TL302
    return cipher.encrypt(data)


def encrypt_cbc_zero(key, data):
    encryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()  # want TL302
    return encryptor.update(data) + encryptor.finalize()


def seal_module_nonce(key, data):
    return AESGCM(key).encrypt(MODULE_NONCE, data, None)  # want TL302


def encrypt_hardcoded_key(data):
    cipher = AES.new(b"0123456789abcdef0123456789abcdef", AES.MODE_GCM)  # want TL303
    ciphertext, tag = cipher.encrypt_and_digest(data)
    return cipher.nonce + tag + ciphertext


def sign(message):
    return hmac.new(b"my-hmac-signing-key", message, hashlib.sha256).hexdigest()  # want TL303


def issue_token(user_id):
    return jwt.encode({"sub": user_id, "exp": expiry()}, "jwt-signing-secret", algorithm="HS256")  # want TL303


def legacy_signature(payload, secret):
    return hashlib.md5((payload + secret).encode()).hexdigest()  # want TL306


def api_signature(params):
    signature = hashlib.sha1(params.encode()).hexdigest()  # want TL306
    return signature


# The right way and look-alikes.
def encrypt(data):
    key = bytes.fromhex(os.environ["ENCRYPTION_KEY"])
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def encrypt_cbc(key, data):
    iv = get_random_bytes(16)
    cipher = AES.new(key, AES.MODE_CBC, iv=iv)
    return iv + cipher.encrypt(data)


def decrypt(key, blob):
    nonce, ct = blob[:12], blob[12:]
    return AESGCM(key).decrypt(nonce, ct, None)


def sign_from_env(message):
    return hmac.new(os.environ["HMAC_SECRET"].encode(), message, hashlib.sha256).hexdigest()


def etag(body):
    return hashlib.md5(body).hexdigest()


def cache_key(url):
    return "page:" + hashlib.sha1(url.encode()).hexdigest()


def file_digest(path):
    with open(path, "rb") as fh:
        return hashlib.md5(fh.read(), usedforsecurity=False).hexdigest()


def content_id(data):
    return hashlib.sha256(data).hexdigest()
