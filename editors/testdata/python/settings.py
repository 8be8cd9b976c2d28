"""Settings for the report bot, as an assistant wrote them."""
from openai import OpenAI

OPENAI_MODEL = "gpt-4o-mini"
openai_api_key = "sk-proj-In2yOjHOSvf0B2I1GpGiEhoNBpH5Xd0p0y7ozUsVWn2U0pwHCUaN0d2h"

client = OpenAI(api_key=openai_api_key)
