// A TypeScript service an assistant scaffolded: one provider key and one
// password pasted as literals, next to the environment lookups it should
// have used.
import Anthropic from "@anthropic-ai/sdk";

export const client = new Anthropic({
  apiKey: "sk-ant-api03-jaKty5WW3nQ_xj2Q_KbfbBUqz1ffONpQcOS1q8kSSncbiIdjsliPN5mEXR7FzQ_maJtTWFvClcCokyEon8JpTJaHVuzAwAA", // want TL101
});

interface DatabaseConfig {
  host: string;
  user: string;
  password: string;
}

export const database: DatabaseConfig = {
  host: "db.internal.example.com",
  user: "reporting",
  password: "N7#qLr2!vX9pWz", // want TL102
};

export function databaseFromEnv(): DatabaseConfig {
  const password = process.env.DB_PASSWORD;
  if (!password) {
    throw new Error("DB_PASSWORD not configured");
  }
  return { host: "db.internal.example.com", user: "reporting", password };
}
