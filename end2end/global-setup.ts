// `cargo leptos end-to-end` starts the server but does not wait for it: poll /healthz first.
const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

export default async function globalSetup(): Promise<void> {
  const deadline = Date.now() + 180_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseURL}/healthz`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the app at ${baseURL} did not become healthy in 180 s (${last})`);
}
