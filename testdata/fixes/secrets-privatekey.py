import jwt

SIGNING_KEY = """-----BEGIN EC PRIVATE KEY-----
47yjWKg7moiL/VAlami1tR89fRhiHJ57DgubFWbEIY5fWsbrOzxya8wWSgMsf68f
S3ZBxJZA/j+OC65kzYvl5BivxqEs/OZe7QuNlsqJe1yTcZzvTA4gM2TPM+xWaayZ
-----END EC PRIVATE KEY-----"""  # want TL103


def sign(payload):
    return jwt.encode(payload, SIGNING_KEY, algorithm="ES256")
