"""Tokens and codes from the random module; the fix uses secrets."""

import random
import string

ALPHABET = string.ascii_letters + string.digits


def generate_reset_token(length=32):
    return "".join(random.choice(ALPHABET) for _ in range(length))  # want TL304


def generate_otp():
    otp = random.randint(100000, 999999)  # want TL304
    return str(otp)


def make_api_key():
    api_key = "".join(random.choices(ALPHABET, k=40))  # want TL304
    return api_key


def new_session_id():
    return "%032x" % random.getrandbits(128)  # want TL304
