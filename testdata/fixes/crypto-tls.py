"""HTTP clients with verification off; the fix turns it back on."""

import ssl

import requests


def fetch_report(url):
    return requests.get(url, verify=False, timeout=10)  # want TL305


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
