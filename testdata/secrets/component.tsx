import React, { useState } from "react";
import { loadStripe } from "@stripe/stripe-js";
import { Client } from "./client";

const stripePromise = loadStripe("pk_live_gyFWZY9Zmti18c6EudM7Oyf5");

export function LoginForm({ onSubmit }: { onSubmit: (p: string) => void }) {
  const [password, setPassword] = useState("");
  return (
    <form onSubmit={() => onSubmit(password)}>
      <label htmlFor="password">Password 🔒</label>
      <input id="password" name="password" type="password" autoComplete="current-password" placeholder="Enter your password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <input type="hidden" name="csrfToken" value="{{csrf_token}}" />
      <button type="submit">ログイン</button>
    </form>
  );
}

export function Dashboard() {
  return (
    <div>
      <Client apiKey="a3f9c2e17b5d48e6" /> {/* want TL102 */}
      <Client apiKey={"d41d8cd98f00b204"} /> {/* want TL102 */}
      <Client apiKey={process.env.NEXT_PUBLIC_API_KEY} />
      <Client secret="sk_live_v1zh87mTa5Vsqxezy3Lex7BWq9Lr2mX8" /> {/* want TL101 */}
      <Client token={`${localStorage.getItem("token")}`} />
      <Client password="" />
      <Client tokenType="Bearer" />
      <p>API key format: sk_live_… 🎉 never paste it here</p>
    </div>
  );
}

export { stripePromise };
