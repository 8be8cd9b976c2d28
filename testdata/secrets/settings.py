"""Django settings generated for the demo project. 🚀"""
import os

SECRET_KEY = "django-insecure-7h#k2@x9!q$w5e*r8t&y3u(i0o)p"  # want TL102
DEBUG = True

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "postgres",
        "PASSWORD": "Pg-Adm1n-2024",  # want TL102
        "HOST": os.environ.get("DB_HOST", "localhost"),
    }
}

STRIPE_SECRET_KEY = "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"  # want TL101
STRIPE_PUBLISHABLE_KEY = "pk_live_gyFWZY9Zmti18c6EudM7Oyf5"
AWS_ACCESS_KEY_ID = "AKIABZNFD24IS7DIK62V"  # want TL101
AWS_SECRET_ACCESS_KEY = "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"  # want TL102
EMAIL_HOST_PASSWORD: str = "smtp-P4ss-9931"  # want TL102
REDIS_PASSWORD = os.getenv("REDIS_PASSWORD", "r3dis-default-pw")  # want TL102
CELERY_BROKER_PASSWORD = os.environ.get("CELERY_BROKER_PASSWORD") or "brokerpass1"  # want TL102

JWT_SIGNING_KEY = "jwt-s1gning-k3y-2024".encode()  # want TL102

# Safe: read from the environment, no fallback secret.
SENTRY_DSN = os.getenv("SENTRY_DSN", "")
OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]
ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY")
JWT_SECRET = os.environ.get("JWT_SECRET", None)
