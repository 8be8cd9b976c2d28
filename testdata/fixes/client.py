"""Thin OpenAI client an assistant wrote."""

from openai import OpenAI

client = OpenAI(api_key="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")  # want TL101


def headers(user):
    return {"Authorization": f"Bearer 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", "X-User": user}  # want TL101
