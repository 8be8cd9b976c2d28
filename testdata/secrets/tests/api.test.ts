import { describe, it, expect } from "vitest";
import { createClient } from "../client";

describe("client", () => {
  it("sends the password", async () => {
    const password = "hunter2";
    const apiKey = "test-api-key";
    const client = createClient({ password, apiKey, token: "abc123def" });
    const headers = { Authorization: "Bearer test-token-123" };
    expect(client).toBeDefined();
    expect(headers).toBeDefined();
  });

  it("still catches real provider keys in tests", () => {
    const leaked = "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"; // want TL101
    const documented = "AKIAIOSFODNN7EXAMPLE";
    expect(leaked).not.toBe(documented);
  });

  it("keeps random-looking credentials in tests", () => {
    const clientSecret = "Zq8vN2xL4tR7wY1pK9mB3cH6"; // want TL102
    expect(clientSecret).toHaveLength(24);
  });
});
