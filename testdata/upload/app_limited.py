"""A Flask upload endpoint done right (silent)."""

import os
import uuid

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024

ALLOWED = {"png", "jpg"}


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    name = secure_filename(f.filename)
    if name.rsplit(".", 1)[-1].lower() not in ALLOWED:
        return "", 400
    f.save(os.path.join("uploads", name))
    f.save(os.path.join("uploads", secure_filename(f.filename)))
    f.save(os.path.join("uploads", f"{uuid.uuid4().hex}.png"))
    return "", 204
