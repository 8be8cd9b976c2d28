// Things that look like secrets but are not. None of these lines may be flagged.
const apiKey = process.env.OPENAI_API_KEY;
const stripeKey = process.env.STRIPE_SECRET_KEY || "";
if (!apiKey) {
  throw new Error("OPENAI_API_KEY not configured");
}

// The article's redacted key and other placeholders.
const placeholderKey = "sk-proj-xxxxx";
const openaiKey = "sk-proj-xxxxx";
const docsKey = "sk-...";
const awsKeyId = "AKIAIOSFODNN7EXAMPLE";
const awsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const githubToken = "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";
const zeros = "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";
const stripeTest = "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx";
const seq = "sk_live_abcdefghijklmnopqrstuvwxyz0123";
const legacyRepeat = "sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const truncated = "sk_live_51UWnoVPDF2yeE6Rs…";
const angle = "<sk_live_YOUR_KEY_HERE>";
const tmpl = "{{ STRIPE_SECRET_KEY }}";
const shell = "${STRIPE_SECRET_KEY}";

const password = "";
const secret = "   ";
const token = "your-api-key-here";
const authToken = "changeme";
const clientSecret = "<client-secret>";
const accessToken = "xxx";
const refreshToken = "***";
const apiSecret = "TODO";
const dbPassword = "DB_PASSWORD";
const privateKey = "null";
const appPassword = "password";
const mailPassword = "%s";
const webhookSecret = "{{webhook_secret}}";
const pwd = "abc";

// Not credential names.
const passwordField = "hunter2-field";
const passwordHint = "at least 12 characters";
const passwordMinLength = "12";
const tokenType = "Bearer";
const tokenUrl = "https://oauth2.googleapis.com/token";
const tokenEndpoint = "/oauth/token";
const secretName = "prod/db/password";
const secretPath = "/run/secrets/db_password";
const keyId = "7f3c2a1b9e8d";
const PASSWORD_REGEX = "^(?=.*[A-Z])(?=.*\\d).{12,}$";
const passwordPolicy = "strong";
const passwordResetUrl = "/reset-password";
const tokenizer = "cl100k_base";
const secretary = "Ms. Moneypenny";
const keyboard = "qwerty-us";
const monkey = "banana42";
const publicKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcx";
const cacheKey = "user:42:profile";

const oauthError = { error: "invalid_token", token: "expired_token" };
const TOKEN_KEY = "auth_token";
const API_KEY_HEADER = "x-api-key";
const oauthParams = { response_type: "token", grant_type: "refresh_token", client_id: "my-app" };
const notKey = Buffer.from(logoBytes, "base64");
const nasa = new URLSearchParams({ api_key: "DEMO_KEY" });

// Labels and i18n.
const labels = {
  password: "Password",
  confirmPassword: "Confirm password",
  forgotPassword: "Forgot your password?",
  token: "auth.token.label",
  secret: "Mot de passe secret",
  apiKey: "Clé API",
};

// Identifiers, hashes and blobs.
const requestId = "123e4567-e89b-12d3-a456-426614174000";
const commit = "9fceb02d0ae598e95dc970b74767f19372d61af8";
const sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const logo = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const color = "#ff6600";
const passwordHash = "$2b$12$KIXQJ1z5lX0H5d6Jf1p8TeR0VZK6c7Z5vYQwq4Jm9zq0Hq8d2r7xW";
const hashedPassword = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
const fetchOpts = { credentials: "include", mode: "cors" };
const grant = { grant_type: "password", token_type: "bearer", scope: "openid" };
const form = { field: "access_token", name: "client_secret" };

module.exports = {
  apiKey, stripeKey, placeholderKey, openaiKey, docsKey, awsKeyId, awsSecretAccessKey, githubToken, zeros, stripeTest, seq,
  legacyRepeat, truncated, angle, tmpl, shell, password, secret, token, authToken, clientSecret, accessToken, refreshToken,
  apiSecret, dbPassword, privateKey, appPassword, mailPassword, webhookSecret, pwd, passwordField, passwordHint,
  passwordMinLength, tokenType, tokenUrl, tokenEndpoint, secretName, secretPath, keyId, PASSWORD_REGEX, passwordPolicy,
  passwordResetUrl, tokenizer, secretary, keyboard, monkey, publicKey, cacheKey, labels, requestId, commit, sha256, logo,
  color, passwordHash, hashedPassword, fetchOpts, grant, form,
};
