// Near misses of the secret formats: each line without "want" must stay
// silent, next to a true sample of the same format that must not.
const { Telegraf } = require("telegraf");

// Telegram bot tokens: the bot id, ":" and 35 characters starting with "A".
const bot = new Telegraf("7312845906:AAPtYgjmUhBel31iEl2hpChYgCfrL1spNxn"); // want TL101
const telegramBotToken = "62093531:AAyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjO"; // want TL101
const telegramShortId = { telegram_token: "6039:AARS-6ilI8ihN5KXSc7Tvo-hBKqFYY-kv5Z" };
const telegramLongId = { telegram_token: "20661370836651605:AAJr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9" };
const telegramGlued = "telegram_api_token = \"43712843:AAJr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9_hello\"";

// Google API keys: the Firebase SDK's published test keys are not secrets.
const firebaseTestKey = "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs";
const firebaseConfig = { apiKey: "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE" };
const mapsKey = "AIzaSyDq1vT5Xq9bW3nLr8KcZp0mHs2uJf7gYeA"; // want TL101

// Ciphertext of secrets tools: the plaintext is not in the file.
const sops = { db_password: "ENC[AES256_GCM,data:O+5l4g==,iv:c/dS4BCBMbnKsXYuzBuCuVQt8RV9bOv5HgdpL+iwmns=,tag:KkQfh6OymvCt4uC13p318g==,type:str]" };
const jasyptPassword = "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)";

// Names that say the value is a stand-in.
const nonMatchingToken = "task_test_fjanjcaey0q3arg2r32csemwp14d3b";
const invalidApiKey = "OzdmenCkhvMdgaKjIg8xNbe3nNyj";
const fakeAccessToken = "OzdmenCkhvMdgaKjIg8xNbe3nNyj";
const accessToken = "OzdmenCkhvMdgaKjIg8xNbe3nNyj"; // want TL102

// Walks and identifiers given to token and key names.
const SUMO_ACCESS_KEY = "AbCeFG123";
const xsdToken = { token: "clm38447:AgencyIdentificationCodeContentType" };
const vault = { keyVaultToStoreSecrets: "cmp2-qat-1208358310" };
const dbPassword = "abc123xyz"; // want TL102

module.exports = {
  bot, telegramBotToken, telegramShortId, telegramLongId, telegramGlued, firebaseTestKey, firebaseConfig, mapsKey,
  sops, jasyptPassword, nonMatchingToken, invalidApiKey, fakeAccessToken, accessToken, SUMO_ACCESS_KEY, xsdToken,
  vault, dbPassword,
};

// Algolia's public search-only key for the npm-search index.
const algolia = { appId: "OFCNCOG2CU", apiKey: "6fe4476ee5a1832882e326b506d14126", indexName: "npm-search" };
const algoliaAdmin = { appId: "OFCNCOG2CU", apiKey: "b7e31a0c94d25f86e1c3a7d09f4b2e58" }; // want TL102
module.exports.algolia = algolia;
module.exports.algoliaAdmin = algoliaAdmin;
