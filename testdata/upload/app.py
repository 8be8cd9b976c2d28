"""A Flask upload endpoint as an assistant writes it."""

import os

from flask import Flask, jsonify, request

UPLOAD_FOLDER = "uploads"

app = Flask(__name__)  # want TL502


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    f.save(os.path.join(UPLOAD_FOLDER, f.filename))  # want TL502
    return jsonify({"name": f.filename})


@app.route("/avatar", methods=["POST"])
def avatar():
    image = request.files.get("avatar")
    with open(UPLOAD_FOLDER + "/" + image.filename, "wb") as out:  # want TL502
        out.write(image.read())
    return "", 204


# Look-alikes that must stay silent.


@app.route("/report", methods=["POST"])
def report():
    data = request.files["report"]
    path = os.path.join(UPLOAD_FOLDER, "report.csv")
    data.save(path)
    with open("audit.log", "a") as log:
        log.write(data.filename + "\n")
    return "", 204
