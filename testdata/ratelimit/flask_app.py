"""Flask auth routes the way an assistant writes them."""
import os

from flask import Flask, jsonify, render_template, request
from flask_limiter import Limiter  # imported, never used below
from werkzeug.security import check_password_hash

from models import User, send_reset_email

app = Flask(__name__)


@app.route("/login", methods=["GET", "POST"])  # want TL207
def login():
    if request.method == "GET":
        return render_template("login.html")
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None or not check_password_hash(user.password_hash, request.form["password"]):
        return jsonify(error="invalid credentials"), 401
    return jsonify(ok=True)


@app.post("/forgot-password")  # want TL207
def forgot_password():
    user = User.query.filter_by(email=request.json["email"]).first()
    if user:
        send_reset_email(user)
    return jsonify(ok=True)


@app.route("/api/2fa/verify", methods=["POST"])  # want TL207
def verify_two_factor():
    return jsonify(ok=request.json["code"] == os.environ.get("DEBUG_OTP"))  # want TL202


# Look-alikes that must stay silent.


@app.route("/login")
def login_page():
    return render_template("login.html")


@app.route("/logout", methods=["POST"])
def logout():
    return jsonify(ok=True)


@app.post("/api/signup")
def signup():
    return jsonify(User.create(request.json))


@app.post("/api/login/google")
def login_google():
    return jsonify(redirect="https://accounts.google.com/o/oauth2/auth")


def login_required(view):
    return view
