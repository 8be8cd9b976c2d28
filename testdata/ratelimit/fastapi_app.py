"""FastAPI auth endpoints, with and without slowapi/fastapi-limiter."""
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm
from fastapi_limiter.depends import RateLimiter
from slowapi import Limiter
from slowapi.util import get_remote_address

from .auth import authenticate_user, create_access_token, verify_totp

limiter = Limiter(key_func=get_remote_address)
app = FastAPI()
app.state.limiter = limiter
router = APIRouter(prefix="/auth")


@app.post("/token")  # want TL207
async def login_for_access_token(form_data: OAuth2PasswordRequestForm = Depends()):
    user = authenticate_user(form_data.username, form_data.password)
    if not user:
        raise HTTPException(status_code=401, detail="Incorrect username or password")
    return {"access_token": create_access_token(user.id), "token_type": "bearer"}


@router.post("/otp/verify")  # want TL207
async def verify_otp(code: str):
    return {"ok": verify_totp(code)}


@router.post("/")
async def login(request: Request):  # want TL207
    body = await request.json()
    return {"user": authenticate_user(body["email"], body["password"])}


# Look-alikes that must stay silent.


@app.post("/login")
@limiter.limit("5/minute")
async def limited_login(request: Request):
    return {"ok": True}


@router.post("/signin", dependencies=[Depends(RateLimiter(times=5, seconds=60))])
async def signin(form_data: OAuth2PasswordRequestForm = Depends()):
    return {"ok": authenticate_user(form_data.username, form_data.password)}


@router.post("/password-reset")
async def password_reset(email: str, _: None = Depends(RateLimiter(times=3, minutes=15))):
    return {"ok": True}


@app.post("/token/refresh")
async def refresh_token(refresh: str):
    return {"access_token": create_access_token(refresh)}


@app.post("/api/session")
async def create_checkout_session():
    return {"id": "cs_test"}


@app.get("/login")
async def login_form():
    return {"form": "login"}
