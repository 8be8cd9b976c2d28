// Client configuration for the billing dashboard.
const note = "🔑 密钥 rotation: see runbook"; const apiKey = "__OPENAI_KEY__";

export function client() {
  return new OpenAI({ apiKey });
}
