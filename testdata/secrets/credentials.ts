import { Pool } from "pg";
import Anthropic from "@anthropic-ai/sdk";

interface DbConfig {
  host: string;
  password: string;
  passwordField?: string;
}

const anthropic = new Anthropic({
  apiKey: "sk-ant-api03-7CmY_uCu3ZR1zTOlUcR64cXQLioDnkHIfxIq2HZt-PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3-YNAA", // want TL101
});
const ANTHROPIC_ADMIN_KEY: string = "sk-ant-admin01-BDRzrZSgqbjG3uhkWKFLf6xuI5aHUQPFeNBTxaQWk8JzFalHlsZfYcMMDktXP-tKsf2rcDkdfrUnW5gcF_Ha6ili8GjHEAA"; // want TL101

const dbConfig: DbConfig = {
  host: "db.internal",
  password: "pg_Adm1n!2024", // want TL102
  passwordField: "password",
};

export const pool = new Pool({ ...dbConfig, user: "app" });

export class GitHubClient {
  private token: string = "ghs_5ZE9LFaez7770H2DCpYgojjHRg80US3sTbIm"; // want TL101
  private readonly apiSecret = "8c1f0e7a6b5d4c3b2a19" as const; // want TL102
  #signingKey = "q7Zp2Lx9Wv4Rt6Yn"; // want TL102
  static tokenType = "Bearer";

  constructor(private readonly clientSecret: string = "Qm9vLXNlY3JldC0xOTg3") {} // want TL102
}

export function login(username: string, password: string = "P@ssw0rd!") { // want TL102
  return { username, password };
}

// ✅ これは安全: 環境変数から読む
export const openaiKey: string = process.env.OPENAI_API_KEY ?? "";
export const awsAccessKeyId = "AKIABZNFD24IS7DIK62V"; // want TL101
export const awsSessionKey = "ASIASTQQZPT6ZHKKEN7O"; // want TL101
export const sendgrid = "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"; // want TL101
export const npmrc = `//registry.npmjs.org/:_authToken=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`; // want TL101
export const env = { DATABASE_PASSWORD: "Winter2024!" }; // want TL102

type Settings = { secret: string };
export const settings = { secret: "mysecretvalue" } satisfies Settings; // want TL102
