"""Flask upload handlers that save under the client's file name; the fix
wraps the name in secure_filename and imports it."""

import os

from flask import Flask, request

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    f.save(os.path.join("uploads", f.filename))  # want TL502
    return "", 204
