// From the article: the assistant pasted the key into the request.
async function getData() {
  const response = await fetch('https://api.example.com', { headers: { 'Authorization': 'Bearer sk-test-1234' }}) // want TL102
  return response.json();
}

async function withBasic() {
  return fetch("https://registry.internal/v2/", {
    headers: { Authorization: "Basic YWRtaW46cGFzc3dvcmQxMjM=" }, // want TL102
  });
}

function setAuth(headers) {
  headers.set("Authorization", "Bearer 9f8e7d6c5b4a39281706f5e4"); // want TL102
  headers.append("X-Api-Key", "a81bc81b-dead-4e5d-abff-90865d1e13b1"); // want TL102
}

// A provider token in the header: TL101 reports it, not TL102.
const gh = { headers: { Authorization: "token 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" } }; // want TL101

// All fine: the token comes from a variable or the environment.
function good(token) {
  const a = { headers: { Authorization: `Bearer ${token}` } };
  const b = { headers: { Authorization: "Bearer " + token } };
  const c = { headers: { Authorization: `Bearer ${process.env.API_TOKEN}` } };
  const d = new Headers();
  d.set("Authorization", "Bearer " + process.env.API_TOKEN);
  d.set("Content-Type", "application/json");
  const e = { Authorization: "Bearer <token>" };
  const f = { Authorization: "Bearer YOUR_API_KEY" };
  const g = { authorization: "Bearer" };
  return [a, b, c, d, e, f, g];
}

module.exports = { getData, withBasic, setAuth, gh, good };
