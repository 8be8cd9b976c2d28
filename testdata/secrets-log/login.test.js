// Tests print fixture values on purpose: TL105 stays quiet in test files.
const { login } = require("./auth");

test("login returns a token", async () => {
  const password = "correct-horse-battery";
  const { token } = await login("a@b.c", password);
  console.log("token", token, "password", password);
  expect(token).toBeDefined();
});
