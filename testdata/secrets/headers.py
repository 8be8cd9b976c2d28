import requests
import urllib.request


def charges():
    headers = {"Authorization": "Bearer sk-test-1234"}  # want TL102
    return requests.get("https://api.example.com", headers=headers)


def with_token(session: requests.Session):
    session.headers["Authorization"] = "Bearer 5c0b7a1e9d3f2a8b6c4e"  # want TL102
    session.headers.update({"X-Api-Key": "9a8b7c6d5e4f3a2b1c0d"})  # want TL102
    req = urllib.request.Request("https://api.example.com")
    req.add_header("Authorization", "Basic YWRtaW46aHVudGVyMg==")  # want TL102
    return req


def fine(token: str):
    a = {"Authorization": f"Bearer {token}"}
    b = {"Authorization": "Bearer " + token}
    c = {"Authorization": "Bearer {}".format(token)}
    d = {"Authorization": "Bearer %s" % token}
    e = {"Authorization": "Bearer <YOUR_TOKEN>"}
    f = {"Authorization": "Bearer"}
    return a, b, c, d, e, f
