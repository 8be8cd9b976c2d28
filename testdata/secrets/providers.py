import boto3
import openai
from slack_sdk import WebClient

openai.api_key = "sk-ZEG8pSH4487q7J58m1CiAhzCueQpBenQtYh5Xj8TPQxjq4i9"  # want TL101
client = openai.OpenAI(api_key="sk-svcacct-jAWtGSU8po_799NksnRH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zR")  # want TL101

s3 = boto3.client(
    "s3",
    aws_access_key_id="ASIASTQQZPT6ZHKKEN7O",  # want TL101
    aws_secret_access_key="uCZz8xBfZuXTptFyfePpX6N1NF2XV54wca/7E56w",  # want TL102
)

slack = WebClient(token=b"xoxb-630481373433-7344197923760-8Mj7zdnbMjAdTdlzC5T4uUhf".decode())  # want TL101
GITHUB_TOKEN = r"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"  # want TL101
MAPS_URL = f"https://maps.googleapis.com/maps/api/staticmap?center={42}&key=AIzaDr16EpLLJIVGHz4FxFEtKyPiYGFDm7ena8D"  # want TL101
NPM_RC = """//registry.npmjs.org/:_authToken=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"""  # want TL101


def greet(name: str) -> str:
    # 你好 — emoji 👋 near a provider key must not shift offsets
    return f"👋 {name}, key={'sk_test_4Fzbka8FRCztUjAwyuh1vauW'}"  # want TL101
