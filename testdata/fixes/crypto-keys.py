"""Keys pasted into crypto calls; the fix reads them from the environment."""

import hashlib
import hmac

from Crypto.Cipher import AES


def sign(message):
    return hmac.new(b"my-hmac-signing-key", message, hashlib.sha256).hexdigest()  # want TL303


def encrypt(data):
    cipher = AES.new(b"0123456789abcdef0123456789abcdef", AES.MODE_GCM)  # want TL303
    ciphertext, tag = cipher.encrypt_and_digest(data)
    return cipher.nonce + tag + ciphertext
