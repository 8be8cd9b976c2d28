// A chat endpoint as an assistant scaffolded it: the API key pasted as a literal.
const OpenAI = require("openai");

const apiKey = "sk-proj-uzp0zpmsn33q14jqtyuSSjMSwERXKyQqTx77ys5koxxoSde9l9okB5nm";
const client = new OpenAI({ apiKey });

async function reply(messages) {
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
  return completion.choices[0].message.content;
}

module.exports = { reply };
