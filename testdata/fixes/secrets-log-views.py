import logging
import os

from flask import request

logger = logging.getLogger(__name__)
API_KEY = os.environ["OPENAI_API_KEY"]


def signup():
    email = request.form["email"]
    password = request.form["password"]
    print(f"Signup {email} with password {password!r}")  # want TL105
    logger.info("signup %s password=%s", email, password)  # want TL105
    logger.debug("auth: %s" % request.headers.get("Authorization"))  # want TL105
    logger.info("key: " + API_KEY)  # want TL105
    if not email:
        raise ValueError("Signup failed for key {}".format(API_KEY))  # want TL105
    return "ok"
