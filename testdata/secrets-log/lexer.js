// A tokenizer for a template language: "token" here is a lexeme.
export function tokenize(source) {
  const tokens = [];
  for (const token of source.split(/\s+/)) {
    console.debug(`token: ${token}`);
    tokens.push(token);
  }
  return tokens;
}
