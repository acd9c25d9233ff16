// A buyer's journey written against the types openapi-typescript generates
// from the live schema (schema.d.ts, made at test time beside this file), with
// openapi-fetch. tests/contract/test_typescript_client.py generates, checks
// with `tsc --strict`, and runs it with node against a live server.
//
// What the buyer does not do is asked of the test on stdout, one line
// `ask <question> <argument>`, and answered on stdin, one line: the e-mail's
// verification token, the parcels delivered, the cooperative's refund.
// The journey ends printing `seen <JSON>`: what the buyer saw.
//
// The fields it reads from the API's answers are all in READS below.

import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";

import createClient from "openapi-fetch";

import type { components, paths } from "./schema.js";

type Schemas = components["schemas"];

const API = required("SOUK_API_URL");
const STRIPE = required("STRIPE_EMULATOR_URL");
const STRIPE_KEY = required("STRIPE_SECRET_KEY");
const EMAIL = required("BUYER_EMAIL");
const PASSWORD = required("BUYER_PASSWORD");
const SEARCH_WORD = required("SEARCH_WORD");
const PAID_WITHIN_MS = 20_000;

const ADDRESS: Schemas["ShippingAddressRequest"] = {
  name: "Amélie Contrat",
  line1: "12 rue de la Roquette",
  city: "Paris",
  postal_code: "75011",
  country: "FR",
  phone: "06 12 34 56 78",
};

// --- READS: every field of an answer the journey reads ------------------------------------------

const read = {
  cardCurrency: (card: Schemas["ProductCardSchema"]): string => card.price?.currency ?? "",
  orderNumber: (placed: Schemas["PlacedOrder"]): string => placed.order.number,
  paymentReference: (placed: Schemas["PlacedOrder"]): string => placed.payment?.reference ?? "",
  parcelCount: (placed: Schemas["PlacedOrder"]): number => placed.order.parcels.length,
  orderStatus: (order: Schemas["Order"]): string => order.status ?? "",
  firstLineId: (order: Schemas["Order"]): number => order.parcels[0].lines[0].id,
  refundedPieces: (order: Schemas["Order"]): number =>
    order.parcels.flatMap((parcel) => parcel.lines).reduce((sum, line) => sum + (line.quantity_refunded ?? 0), 0),
  exportOrderNumbers: (exported: Schemas["AccountExport"]): string[] => exported.orders.map((order) => order.number),
};

// --- plumbing ---------------------------------------------------------------------------------------

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const answers = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function ask(question: string, argument: string): Promise<string> {
  process.stdout.write(`ask ${question} ${argument}\n`);
  const answer = await answers.next();
  if (answer.done) throw new Error(`no answer to ${question}`);
  return answer.value;
}

type Answered<T> = { data?: T; error?: unknown; response: Response };

function answer<T>(result: Answered<T>, status: number): T {
  if (result.response.status !== status || result.data === undefined) {
    throw new Error(`${status} expected: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

async function cardConfirm(reference: string): Promise<string> {
  // What Stripe.js does with the client secret, at the emulator: attach the card, confirm.
  const intent = `${STRIPE}/v1/payment_intents/${reference}`;
  const headers = {
    Authorization: `Basic ${Buffer.from(`${STRIPE_KEY}:`).toString("base64")}`,
    "Content-Type": "application/x-www-form-urlencoded",
  };
  const attached = await fetch(intent, { method: "POST", headers, body: "payment_method=pm_card_visa" });
  if (!attached.ok) throw new Error(`the emulator refused the card: ${attached.status}`);
  const confirmed = await fetch(`${intent}/confirm`, { method: "POST", headers });
  return ((await confirmed.json()) as { status?: string }).status ?? "refused";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- the journey ------------------------------------------------------------------------------------

async function journey(): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  const guest = createClient<paths>({ baseUrl: API });

  answer(
    await guest.POST("/api/v1/auth/register/", {
      body: { email: EMAIL, password: PASSWORD, full_name: "Amélie Contrat", preferred_language: "fr" },
    }),
    201,
  );
  const token = await ask("verification-token", EMAIL);
  const verified = answer(await guest.POST("/api/v1/auth/email/verify/", { body: { token } }), 200);
  seen.email_verified = verified.email_verified_at !== null;

  const tokens = answer(await guest.POST("/api/v1/auth/login/", { body: { email: EMAIL, password: PASSWORD } }), 200);
  const buyer = createClient<paths>({
    baseUrl: API,
    headers: { Authorization: `Bearer ${tokens.access}`, "Accept-Language": "fr" },
  });

  const shop = answer(await buyer.GET("/api/v1/products/", { params: { query: { currency: "USD" } } }), 200);
  seen.browsed = shop.results.map((card) => [card.title, read.cardCurrency(card)]).sort();
  const found = answer(
    await buyer.GET("/api/v1/products/", { params: { query: { currency: "USD", search: SEARCH_WORD } } }),
    200,
  );
  seen.found = found.results.map((card) => card.title).sort();

  for (const card of found.results) {
    const product = answer(
      await buyer.GET("/api/v1/products/{slug}/", { params: { path: { slug: card.slug } } }),
      200,
    );
    answer(await buyer.POST("/api/v1/cart/lines/", { body: { variant: product.variants[0].id, quantity: 1 } }), 201);
  }
  const placed = answer(
    await buyer.POST("/api/v1/checkout/", {
      params: { header: { "Idempotency-Key": randomUUID() } },
      body: { shipping_address: ADDRESS, currency: "USD" },
    }),
    201,
  );
  const number = read.orderNumber(placed);
  seen.parcels = read.parcelCount(placed);

  seen.card = await cardConfirm(read.paymentReference(placed));
  const order = { path: { number } };
  const deadline = Date.now() + PAID_WITHIN_MS;
  let paid = answer(await buyer.GET("/api/v1/orders/{number}/", { params: order }), 200);
  while (read.orderStatus(paid) !== "paid" && Date.now() < deadline) {
    await sleep(200); // the emulator's webhook reaches the server a moment later
    paid = answer(await buyer.GET("/api/v1/orders/{number}/", { params: order }), 200);
  }
  seen.status = read.orderStatus(paid);

  await ask("parcels-delivered", number);
  const asked = answer(
    await buyer.POST("/api/v1/orders/{number}/lines/{line_id}/return/", {
      params: { path: { number, line_id: read.firstLineId(paid) } },
      body: { kind: "return", quantity: 1, reason: "La couleur ne va pas." },
      bodySerializer: (body) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(body)) form.append(name, String(value));
        return form;
      },
    }),
    201,
  );
  await ask("return-refunded", String(asked.id));
  seen.refunded_pieces = read.refundedPieces(
    answer(await buyer.GET("/api/v1/orders/{number}/", { params: order }), 200),
  );

  seen.exported_orders = read.exportOrderNumbers(answer(await buyer.GET("/api/v1/me/export/"), 200));
  const deleted = await buyer.POST("/api/v1/me/delete/", { body: { password: PASSWORD } });
  if (deleted.response.status !== 204) throw new Error(`204 expected: ${deleted.response.status}`);
  const again = await guest.POST("/api/v1/auth/login/", { body: { email: EMAIL, password: PASSWORD } });
  seen.login_after_deletion = again.response.status;
  seen.order_number = number;
  return seen;
}

journey().then(
  (seen) => {
    process.stdout.write(`seen ${JSON.stringify(seen)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
