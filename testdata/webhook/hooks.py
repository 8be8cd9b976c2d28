"""Payment webhooks in Flask and Django, as an assistant writes them."""

import json
import os

import stripe
from django.http import HttpResponse
from flask import Flask, request

app = Flask(__name__)


@app.route("/stripe/webhook", methods=["POST"])
def stripe_webhook():  # want TL601
    event = request.get_json()
    if event["type"] == "checkout.session.completed":
        fulfil_order(event["data"]["object"])
    return "", 200


def payment_events(request):  # want TL601
    event = json.loads(request.body)
    if event["type"] == "invoice.paid":
        fulfil_order(event["data"]["object"])
    return HttpResponse(status=200)


@app.route("/stripe/webhook-verified", methods=["POST"])
def stripe_webhook_verified():
    payload = request.get_data()
    sig_header = request.headers.get("Stripe-Signature")
    try:
        event = stripe.Webhook.construct_event(payload, sig_header, os.environ["STRIPE_WEBHOOK_SECRET"])
    except stripe.error.SignatureVerificationError:
        return "", 400
    if event["type"] == "checkout.session.completed":
        fulfil_order(event["data"]["object"])
    return "", 200


# Look-alikes that must stay silent.


def register_webhook(url):
    return stripe.WebhookEndpoint.create(url=url, enabled_events=["checkout.session.completed"])


def fulfil_order(session):
    print("fulfilled", session["id"])
