// The desk in a real browser: Debian's headless Chromium driven by playwright-core. Started by
// cli/tests/browser.rs, which runs `cekbae serve` as a process with residents already talking to it over
// WhatsApp (a fake Graph API), and checks afterwards what residents received and the report's figures.
// Input in the environment; writes results.json and screenshots into ARTIFACTS.
import { chromium } from "playwright-core";
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) { throw new Error(`${name} is not set`); }
  return value;
};
const DESK = env("DESK");
const ARTIFACTS = env("ARTIFACTS");
const NIK = env("NIK");
const results = { steps: [] };

function check(condition, message) {
  if (!condition) { throw new Error(`check failed: ${message}`); }
}
function step(name) {
  console.log(`step: ${name}`);
  results.steps.push(name);
}

/** A resident's WhatsApp message, signed as Meta signs webhooks. */
async function residentSays(from, id, text) {
  const body = JSON.stringify({ object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value: {
    metadata: { phone_number_id: env("PHONE_ID") },
    messages: [{ from, id, type: "text", text: { body: text } }] } }] }] });
  const signature = "sha256=" + createHmac("sha256", env("SECRET")).update(body).digest("hex");
  const response = await fetch(env("WEBHOOK"), { method: "POST", body,
    headers: { "content-type": "application/json", "x-hub-signature-256": signature } });
  check(response.ok, `webhook answered ${response.status}`);
}

async function login(page, name, password) {
  await page.goto(`${DESK}/login`);
  await page.fill('input[name="username"]', name);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForLoadState("load"), page.click('button[type="submit"]')]);
}

async function logout(page) {
  await Promise.all([page.waitForURL(/\/desk\/login/), page.click("form.logout button")]);
}

async function shoot(page, name) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  // Usable at 360 px: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check(overflow <= 362, `${name} is ${overflow} px wide at 360 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const profile = mkdtempSync(join(tmpdir(), "cekbae-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
try {
  const page = context.pages()[0] ?? await context.newPage();

  step("login page, wrong password");
  await page.goto(`${DESK}/login`);
  await shoot(page, "login");
  await login(page, "siti", "bukan-sandinya");
  check(page.url().endsWith("/desk/login"), `still on the login page: ${page.url()}`);
  check((await page.textContent(".error")).includes("salah"), "the wrong password is said");

  step("lockout after five failures");
  for (let attempt = 1; attempt <= 5; attempt++) { await login(page, "kunci", "tebak-tebak-" + attempt); }
  await login(page, "kunci", "sandi-kunci-2026");
  check((await page.textContent(".error")).includes("dikunci"), "locked even with the right password");

  step("camat: the report only");
  await login(page, "pak-camat", "sandi-pak-camat-2026");
  check(page.url().endsWith("/desk/report"), `a camat lands on the report: ${page.url()}`);
  const charts = await page.$$eval("section[data-chart] svg", (all) => all.map((svg) => svg.closest("section").dataset.chart));
  for (const key of ["per-day", "by-document", "by-desa", "funnel", "bookings", "ikm", "unsur"]) {
    check(charts.includes(key), `chart ${key} present (${charts})`);
  }
  results.figures = await page.$$eval("[data-figure]", (all) => Object.fromEntries(all.map((it) => [it.dataset.figure, it.textContent.trim()])));
  await shoot(page, "report");
  const refused = await page.goto(`${DESK}/appointments`);
  check(refused.status() === 403, `appointments are not for a camat: ${refused.status()}`);
  await page.goto(`${DESK}/report`);
  await logout(page);

  step("petugas: today's appointments");
  await login(page, "siti", "sandi-siti-2026");
  check(page.url().endsWith("/desk/"), `a petugas lands on today's list: ${page.url()}`);
  const tickets = await page.$$eval("tr[data-ticket]", (rows) => rows.map((row) => row.dataset.ticket));
  check(tickets.length === 2, `two appointments today: ${tickets}`);
  const [first, second] = tickets;
  check(!(await page.content()).includes(NIK), "no full NIK on the page");
  const users = await page.goto(`${DESK}/users`);
  check(users.status() === 403, `users are not for a petugas: ${users.status()}`);
  await page.goto(`${DESK}/`);

  step("a POST without the CSRF token is refused");
  const forged = await page.request.post(`${DESK}/appointments/${first}/status`, { form: { status: "done" }, maxRedirects: 0 });
  check(forged.status() === 403, `forged form: ${forged.status()}`);
  await page.reload();
  check(await page.getAttribute(`tr[data-ticket="${first}"]`, "data-status") === "booked", "nothing changed");

  step("mark done");
  await Promise.all([page.waitForURL(/ok=status/), page.click(`tr[data-ticket="${first}"] button.ok`)]);
  check(await page.getAttribute(`tr[data-ticket="${first}"]`, "data-status") === "done", "marked done");

  step("cek berkas: the items with their files, verdicts, a file moved, kirim hasil");
  const BERKAS = env("BERKAS_TICKET");
  const PDF = env("BERKAS_PDF");
  await page.goto(`${DESK}/berkas`);
  check(await page.$(`tr[data-ticket="${BERKAS}"][data-state="unchecked"]`), "the booking with papers is listed, unchecked");
  await Promise.all([page.waitForURL(new RegExp(`/desk/berkas/${BERKAS}$`)), page.click(`tr[data-ticket="${BERKAS}"] a.button`)]);
  await page.waitForFunction((id) => {
    const img = document.querySelector(`figure[data-file="${id}"] img`);
    return img && img.complete && img.naturalWidth === 8;
  }, env("BERKAS_PHOTO"), { timeout: 10000 });
  check(!(await page.content()).includes(NIK), "no full NIK on the page");
  await page.selectOption(`figure[data-file="${PDF}"] select[name="item"]`, "2");
  await Promise.all([page.waitForURL(/ok=moved/), page.click(`figure[data-file="${PDF}"] form.move button`)]);
  check(await page.$(`li[data-item="2"] figure[data-file="${PDF}"]`), "the PDF is under item 2 now");
  await page.check('li[data-item="1"] input[name="verdict"][value="ok"]');
  await Promise.all([page.waitForURL(/ok=verdict/), page.click('li[data-item="1"] form.verdict-form button')]);
  await page.check('li[data-item="2"] input[name="verdict"][value="unclear"]');
  await page.fill('li[data-item="2"] input[name="note"]', env("BERKAS_NOTE"));
  await Promise.all([page.waitForURL(/ok=verdict/), page.click('li[data-item="2"] form.verdict-form button')]);
  check(await page.getAttribute('li[data-item="2"]', "data-verdict") === "unclear", "the verdict is kept");
  const forgedVerdict = await page.request.post(`${DESK}/berkas/${BERKAS}/verdict`, { form: { item: "2", verdict: "ok" }, maxRedirects: 0 });
  check(forgedVerdict.status() === 403, `forged verdict: ${forgedVerdict.status()}`);
  await Promise.all([page.waitForURL(/ok=berkas-sent/), page.click(".send button")]);
  check(await page.getAttribute(".send", "data-state") === "sent", "the result is sent");
  await shoot(page, "berkas");
  await page.goto(`${DESK}/`);

  step("show NIK");
  await Promise.all([page.waitForLoadState("load"), page.click(`tr[data-ticket="${second}"] .nik button`)]);
  check((await page.textContent(`tr[data-ticket="${second}"] .nik`)).includes(env("NIK_SECOND")), "the NIK is shown");
  check(!page.url().includes(env("NIK_SECOND")), "never in the address");
  await page.goto(`${DESK}/`);
  await shoot(page, "appointments");

  step("cancel with confirmation");
  await Promise.all([page.waitForURL(/\/cancel$/), page.click(`tr[data-ticket="${second}"] a.danger`)]);
  check((await page.textContent("main")).includes(second), "the confirmation names the ticket");
  await Promise.all([page.waitForURL(/ok=cancelled/), page.click('button.danger[type="submit"]')]);
  check(await page.getAttribute(`tr[data-ticket="${second}"]`, "data-status") === "cancelled", "cancelled");
  results.cancelled = second;

  step("handover: reply, then a new message appears without reload");
  await page.goto(`${DESK}/handovers`);
  const handover = await page.getAttribute("section[data-handover]", "data-handover");
  check(handover, "a resident is waiting");
  await page.fill(`section[data-handover="${handover}"] textarea`, env("REPLY"));
  await Promise.all([page.waitForURL(/ok=replied/), page.click(`section[data-handover="${handover}"] form button[type="submit"]`)]);
  check((await page.textContent(`section[data-handover="${handover}"] .lines`)).includes(env("REPLY")), "the reply is in the conversation");
  await page.evaluate(() => { window.notReloaded = true; });
  await residentSays(env("RESIDENT_HANDOVER"), "wamid.browser-new", env("NEW_MESSAGE"));
  await page.waitForFunction((text) => document.querySelector("#handovers").textContent.includes(text), env("NEW_MESSAGE"), { timeout: 10000 });
  check(await page.evaluate(() => window.notReloaded === true), "the page was not reloaded");
  await shoot(page, "handovers");
  await logout(page);
  check(page.url().includes("/desk/login"), "logged out");
  const after = await page.goto(`${DESK}/`);
  check(after.url().includes("/desk/login"), "the desk needs a login again");

  step("admin: users and the audit log");
  await login(page, "admin", "sandi-admin-2026");
  await page.goto(`${DESK}/users`);
  await shoot(page, "users");
  await page.goto(`${DESK}/audit`);
  const audit = await page.$$eval("tr[data-action]", (rows) => rows.map((row) => row.textContent));
  check(audit.some((row) => row.includes("siti") && row.includes("reveal")), "show NIK audited with the user's name");
  check(audit.some((row) => row.includes("siti") && row.includes("cancelled")), "cancel audited with the user's name");
  check(audit.some((row) => row.includes("siti") && row.includes("berkas-view")), "every file seen audited with the user's name");
  check(audit.some((row) => row.includes("siti") && row.includes("berkas-send")), "kirim hasil audited with the user's name");
  await shoot(page, "audit");
  results.ok = true;
} finally {
  writeFileSync(join(ARTIFACTS, "results.json"), JSON.stringify(results, null, 2));
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
