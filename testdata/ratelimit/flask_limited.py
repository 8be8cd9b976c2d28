"""Flask-Limiter in its usual forms: nothing here may be reported."""
from flask import Blueprint, Flask, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app)
auth_bp = Blueprint("auth", __name__)


@app.post("/login")
@limiter.limit("5 per minute")
def login():
    return jsonify(user=request.form["email"], password_ok=True)


@auth_bp.post("/reset-password")
def reset_password():
    return jsonify(ok=True)


@auth_bp.post("/magic-link")
def magic_link():
    return jsonify(ok=True)


limiter.limit("10 per hour")(auth_bp)
app.register_blueprint(auth_bp)
