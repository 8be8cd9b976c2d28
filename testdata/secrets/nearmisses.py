# Near misses of the secret formats, next to true samples.
import os

TELEGRAM_BOT_TOKEN = "7312845906:AAPtYgjmUhBel31iEl2hpChYgCfrL1spNxn"  # want TL101
telegram_api_token = "6039:AARS-6ilI8ihN5KXSc7Tvo-hBKqFYY-kv5Z"
TELEGRAM_CONFIG = """
telegram_api_token = "82496395:A_-Jr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9"
"""

GOOGLE_API_KEY = "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY"

DATABASES = {
    "default": {
        "PASSWORD": "ENC[AES256_GCM,data:t9ujIQ==,iv:slZBpmKF+DOg/wVBWmq5iTqkRBZUMao0a3MdoxzJs3s=,tag:xJyhdJ4rn/cB/4mxHzmGig==,type:str]",
        "HOST": os.environ.get("DB_HOST", "localhost"),
    }
}

wrong_password = "Tr0ub4dor&3x"
mock_api_key = "OzdmenCkhvMdgaKjIg8xNbe3nNyj"
SUMO_ACCESS_KEY = "AbCeFG123"
SUMO_CONFIG = "SUMO_ACCESS_KEY: AbCeFG123"
api_token = "OzdmenCkhvMdgaKjIg8xNbe3nNyj"  # want TL102
