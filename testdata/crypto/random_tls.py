"""Tokens, codes and HTTP clients an assistant wrote."""

import random
import ssl
import string
import time
from random import choice

import requests
import httpx

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


def make_password():
    return "".join(choice(ALPHABET) for _ in range(16))  # want TL304


def fetch_report(url):
    return requests.get(url, verify=False, timeout=10)  # want TL305


def make_client():
    return httpx.Client(base_url="https://internal.example.com", verify=False)  # want TL305


def make_session():
    session = requests.Session()
    session.verify = False  # want TL305
    return session


def open_socket(sock):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # want TL305
    ctx.verify_mode = ssl.CERT_NONE  # want TL305
    return ctx.wrap_socket(sock)


def legacy_context():
    return ssl._create_unverified_context()  # want TL305


# Look-alikes: jitter, shuffling, sampling, games, verification kept on.
def backoff(attempt):
    delay = min(30, 2 ** attempt) + random.uniform(0, 1)
    time.sleep(delay)


def shuffle_deck(deck):
    random.shuffle(deck)
    return deck


def sample_rows(rows):
    return random.sample(rows, 10)


def roll():
    return random.randint(1, 6)


def pick_greeting(greetings):
    return random.choice(greetings)


def fetch_with_ca(url):
    return requests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10)


def secure_context():
    ctx = ssl.create_default_context()
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def is_verified(ctx):
    return ctx.verify_mode != ssl.CERT_NONE
