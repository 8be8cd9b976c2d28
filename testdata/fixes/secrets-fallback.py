import os

REDIS_PASSWORD = os.getenv("REDIS_PASSWORD", "r3dis-default-pw")  # want TL102
BROKER_PASSWORD = os.environ.get("BROKER_PASSWORD") or "brokerpass1"  # want TL102
