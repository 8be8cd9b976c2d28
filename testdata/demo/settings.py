"""Settings an assistant generated for a Django-style app: an AWS key and a
database password pasted as literals, next to environment lookups."""

import os

AWS_ACCESS_KEY_ID = "AKIAPHWJWBBPXV24JSC7"  # want TL101

DATABASE = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "shop",
    "USER": "shop",
    "PASSWORD": "pX4!kW9#tB2mQz",  # want TL102
    "HOST": "db.internal.example.com",
}

# The right way: read secrets from the environment and fail loudly.
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
if not STRIPE_SECRET_KEY:
    raise RuntimeError("STRIPE_SECRET_KEY not configured")
