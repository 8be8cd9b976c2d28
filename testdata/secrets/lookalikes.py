"""Look-alikes in Python: nothing here may be flagged."""
import os
from dataclasses import dataclass

password = os.getenv("DB_PASSWORD")
api_key = os.environ.get("OPENAI_API_KEY", "")
secret_key = os.environ["SECRET_KEY"]
token = None
db_password = ""
admin_password = "changeme"
client_secret = "<client-secret>"
access_token = "your-access-token-here"
refresh_token = "xxx"
private_key = "REPLACE_ME"
stripe_key = "sk_live_..."
aws_key_id = "AKIAIOSFODNN7EXAMPLE"
github_token = "ghp_" + "x" * 36
password_env = "DB_PASSWORD"
api_token = "API_TOKEN"
TOKEN_URL = "https://oauth2.googleapis.com/token"
PASSWORD_REGEX = r"^(?=.*[A-Z]).{12,}$"
password_min_length = 12
password_hint = "Use at least 12 characters"
token_type = "bearer"
secret_name = "prod/db/password"
key_id = "7f3c2a1b9e8d"
tokenizer = "cl100k_base"
request_id = "123e4567-e89b-12d3-a456-426614174000"
commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"
password_hash = "pbkdf2_sha256$600000$abc$def"
hashed_password = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"
labels = {"password": "Password", "token": "auth.token.label", "secret": "Geheimnis 🔐 sicher"}
grant = {"grant_type": "password", "token_type": "bearer"}
pwd = "abc"
name = "hello".upper()
error = {"error": "invalid_token", "token": "expired_token"}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")


@dataclass
class Settings:
    password: str = ""
    api_key: str = os.getenv("API_KEY", "")
    token_type: str = "Bearer"


def connect(user, password=None, token: str = "") -> dict:
    return {"user": user, "password": password or os.environ["DB_PASSWORD"], "token": token}


def render(user):
    secret = f"{user.first}-{user.last}"
    token = f"{user.id}:{user.nonce}"
    return secret, token
