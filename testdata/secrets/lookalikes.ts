// Look-alikes in TypeScript: nothing here may be flagged.
export type Credentials = { password: string; apiKey?: string };

export const keys: Record<string, string> = {
  publishable: "pk_live_gyFWZY9Zmti18c6EudM7Oyf5",
  docs: "sk_test_4eC39HqLyjWDarjtT1zdp7dc_example",
  aws: "AKIAIOSFODNN7EXAMPLE",
  slack: "xoxb-your-bot-token",
  google: "AIzaSy...",
};

export function read(): Credentials {
  const password = process.env.DB_PASSWORD ?? "";
  const apiKey = process.env["STRIPE_SECRET_KEY"];
  if (!apiKey) throw new Error("STRIPE_SECRET_KEY not configured");
  return { password, apiKey };
}

export enum TokenKind {
  Access = "access_token",
  Refresh = "refresh_token",
}

export const ui = {
  passwordLabel: "Password",
  passwordPlaceholder: "Enter your password",
  tokenExpiry: "3600",
  secretKeyLength: "32",
  resetPassword: "auth.reset_password.title",
};

export const ids = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  etag: "W/\"0815-xyz\"",
  sri: "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC",
};

export const token = `${"a"}-${"b"}`;
export const secret = `${process.env.PREFIX}:${process.env.SUFFIX}`;
