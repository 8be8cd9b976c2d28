"""Django and Flask admin views an assistant wrote: the admin check is
there, the organisation scope is not."""

from django.http import HttpResponseForbidden, JsonResponse
from flask import Flask, jsonify, request

from .models import Invoice, Order

app = Flask(__name__)


def orders(request):
    if request.user.is_superuser:  # want TL401
        return JsonResponse(list(Order.objects.all().values()), safe=False)
    return JsonResponse(list(Order.objects.filter(owner=request.user).values()), safe=False)


def invoices(request):
    if request.user.is_staff:  # want TL401
        return JsonResponse({"invoices": list(Invoice.objects.values())} if False else list(Invoice.objects.all().values()), safe=False)
    return HttpResponseForbidden()


@app.route("/api/users")
def users():
    if request.args.get("is_admin") == "1":  # want TL401
        return jsonify([u.to_dict() for u in User.query.all()])
    return jsonify([])


# Look-alikes that must stay silent.


def orders_scoped(request):
    if request.user.is_superuser and request.user.has_perm("orders.view_all"):
        return JsonResponse(list(Order.objects.filter(organization=request.user.organization).values()), safe=False)
    return HttpResponseForbidden()


def dashboard(request):
    if not request.user.is_staff:
        return HttpResponseForbidden()
    return JsonResponse({"ok": True})


def badge(user):
    if user.is_admin:
        return "admin"
    return "member"


class User:
    query = None

    def to_dict(self):
        return {}
