// A Next.js route handler an assistant wrote for app/api/webhook/route.ts.
import { NextResponse } from "next/server";
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function handlePaymentWebhook(request: Request) { // want TL601
  const event = (await request.json()) as Stripe.Event;
  if (event.type === "payment_intent.succeeded") {
    await fulfil(event.data.object.id);
  }
  return NextResponse.json({ received: true });
}

export async function verifiedWebhook(request: Request) {
  const body = await request.text();
  const signature = request.headers.get("stripe-signature") ?? "";
  const event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type === "payment_intent.succeeded") {
    await fulfil(event.data.object.id);
  }
  return NextResponse.json({ received: true });
}

// Look-alikes that must stay silent.

export async function createWebhookEndpoint(url: string) {
  return stripe.webhookEndpoints.create({ url, enabled_events: ["checkout.session.completed"] });
}

async function fulfil(id: string): Promise<void> {
  console.log("fulfil", id);
}
