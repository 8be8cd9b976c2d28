"""Django and DRF login views."""
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import View
from django_ratelimit.decorators import ratelimit
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


def login_view(request):  # want TL207
    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
        if user is not None:
            auth_login(request, user)
            return redirect("home")
    return render(request, "login.html")


class PasswordResetRequestView(APIView):  # want TL207
    def post(self, request):
        return Response({"sent": bool(request.data.get("email"))})


class MagicLinkView(View):  # want TL207
    def post(self, request):
        return JsonResponse({"ok": True})


# Look-alikes that must stay silent.


@ratelimit(key="ip", rate="5/m", block=True)
def signin_view(request):
    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
        return JsonResponse({"ok": user is not None})
    return render(request, "signin.html")


class LoginView(APIView):
    throttle_classes = [AnonRateThrottle]

    def post(self, request):
        return Response({"ok": authenticate(request, **request.data) is not None})


class LoginForm:
    fields = ["username", "password"]


class LoginSerializer:
    def validate(self, attrs):
        return attrs


def login_page(request):
    return render(request, "login.html")


def logout_view(request):
    if request.method == "POST":
        return redirect("login")
    return render(request, "logout.html")


def verify_otp_code(code, expected):
    return code == expected
