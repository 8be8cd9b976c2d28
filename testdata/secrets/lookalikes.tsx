export function Settings() {
  return (
    <section>
      <h2>🔑 API keys / APIキー</h2>
      <input type="password" placeholder="sk-proj-..." />
      <input name="apiKey" defaultValue="" />
      <PasswordStrength minLength={12} passwordHint="Use a passphrase" />
      <Field label="Secret" name="secret" help="Paste your secret key" />
      <code>{"sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"}</code>
      <div style={{ color: "#c0ffee" }} data-token-type="Bearer" />
    </section>
  );
}
