import logging
import os

from flask import Flask, current_app, request

app = Flask(__name__)
logger = logging.getLogger(__name__)

API_KEY = os.environ["OPENAI_API_KEY"]
stripe_key = os.getenv("STRIPE_SECRET_KEY")
region = os.getenv("AWS_REGION")


@app.route("/login", methods=["POST"])  # want TL207
def login():
    username = request.form["username"]
    password = request.form["password"]
    print(f"Login attempt: {username} / {password}")  # want TL105
    logger.info("User %s logging in with password %s", username, password)  # want TL105
    logging.debug("auth header: %s" % request.headers.get("Authorization"))  # want TL105
    current_app.logger.info("cookie={}".format(request.headers["Cookie"]))  # want TL105
    pw = request.form.get("password")
    logger.warning("retry for " + username + " pw " + pw)  # want TL105
    if not check(username, password):
        raise ValueError(f"Invalid password {password} for {username}")  # want TL105
    return "ok"


def call_openai():
    print("Using OpenAI key:", API_KEY)  # want TL105
    logger.debug("stripe key=%s", stripe_key)  # want TL105
    key = os.environ.get("ANTHROPIC_API_KEY")
    logger.info(f"anthropic key {key}")  # want TL105
    logger.info("config", extra={"api_key": API_KEY})  # want TL105


def api(token):
    if not valid(token):
        raise HTTPException(status_code=401, detail=f"Invalid token {token}")  # want TL105
    print(f"{token=}")  # want TL105
    logging.info(settings.SECRET_KEY)  # want TL105
    logging.info("key %s", app.config["SECRET_KEY"])  # want TL105
    print(os.environ.get("GITHUB_TOKEN"))  # want TL105


# --- must stay silent ---


def safe(token, password, api_key, user):
    print("Password reset link sent to", user.email)
    logger.info("api key set: %s", bool(api_key))
    logger.info("password length %d", len(password))
    logger.info(f"token ends with {token[-4:]}")
    logger.info("masked %s", mask(token))
    logger.info(f"region {region}")
    logger.info("token_type=%s", user.token_type)
    has_password = password is not None
    print("has_password", has_password)
    print(f"{user.password_hash}")
    logger.info("Token: %s...", token[:8])
    logger.info("token %s refreshed", token_id)
    print(os.getenv("HOME"))
    print(tokens)
    raise PermissionError("Invalid API key")
