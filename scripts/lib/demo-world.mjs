// The demo world of the `local` network, seeded with signed extrinsics a real issuer, venue
// or investor would send (no storage writes): two issuers, a Reg D 506(c) security with a
// Reg D tranche for US accredited investors and a Reg S tranche for everyone else, and an
// earlier security, sold out and settled, trading on three venues with resting orders on
// both sides. Every step first reads the chain and is skipped if already done, so seeding
// twice changes nothing.

import { councilMotion, eventsOf, securityRules, submit } from './chain.mjs';
import { attest, DAY_MS as DAY, fund, identify, STL } from './onboarding.mjs';

export const USDX = 1;
const USD = 1_000_000n; // one USDX (6 decimals)
// FixedU128: one USDX unit is worth 1,000,000 STL units, i.e. 1 USDX pays 1 STL of fees.
export const USDX_RATE = 1_000_000n * 10n ** 18n;
// Exchange ids of the `local` network, in admission order.
export const VENUES = { US: 0, DE: 1, SG: 2, CH: 3 };
const TICK = 10_000n; // 0.01 USDX per lot per tick
const ticks = (usdx) => BigInt(Math.round(usdx * 100)); // price in ticks for a USDX price

/** Who is who in the demo world: dev seeds (sign with `//name` in polkadot.js). */
export const PEOPLE = {
  acmeIssuer: { seed: '//acme-issuer', role: 'issuer of ACME (US, institutional; attested by the US Exchange)' },
  harborIssuer: { seed: '//harbor-issuer', role: 'issuer of HRBR (SG, institutional; attested by the SG Exchange)' },
  usAccredited: { seed: '//us-accredited', role: 'US accredited investor: may subscribe to the ACME Reg D tranche; trades HRBR through the US Exchange' },
  usRetail: { seed: '//us-retail', role: 'US retail investor: refused by ACME (ClassNotAllowed); may buy HRBR' },
  deProfessional: { seed: '//de-professional', role: 'DE professional investor: ACME Reg S tranche; trades HRBR through the EU Exchange' },
  deRetail: { seed: '//de-retail', role: 'DE retail investor: ACME Reg S tranche; HRBR' },
  sgInstitutional: { seed: '//sg-institutional', role: 'SG institutional investor: ACME Reg S tranche; trades HRBR through the SG Exchange' },
  sgRetail: { seed: '//sg-retail', role: 'SG retail investor: ACME Reg S tranche; trades HRBR through the SG Exchange' },
  chProfessional: { seed: '//ch-professional', role: 'CH professional investor: ACME Reg S tranche (the CH Exchange does not list HRBR)' },
  chRetail: { seed: '//ch-retail', role: 'CH retail investor: ACME Reg S tranche' },
};

// The resting orders of the HRBR market: owner, venue, side, USDX price, lots.
const RESTING = [
  ['sgInstitutional', 'SG', 'Ask', 101, 50],
  ['deProfessional', 'DE', 'Ask', 102.5, 40],
  ['usAccredited', 'US', 'Bid', 99, 30],
  ['sgRetail', 'SG', 'Bid', 98.5, 20],
];

/**
 * Seed the demo world through `api`, signing with dev keys from `keys` (scripts/lib/chain.mjs
 * `devKeyring`). `log(line)` reports each step. Returns what exists afterwards:
 * `{ acme, regD, regS, harbor, harborOffering, market }` ids and whether anything was sent.
 */
export async function seedDemoWorld(api, keys, { log = () => {} } = {}) {
  const who = Object.fromEntries(Object.entries(PEOPLE).map(([name, { seed }]) => [name, keys.account(seed)]));
  const [alice, bob, charlie, dave] = ['Alice', 'Bob', 'Charlie', 'Dave'].map((name) => keys.account(name));
  let sent = 0;
  const send = async (what, tx, signer) => {
    const outcome = await submit(api, tx, signer);
    if (!outcome.ok) throw new Error(`${what}: ${outcome.error}`);
    sent += 1;
    return outcome;
  };
  const now = (await api.query.timestamp.now()).toBigInt();

  // Transactions of one signer go one after the other; different signers' go in parallel.
  // 1. Two issuers onboarded by their exchanges.
  await Promise.all([
    onboard(api, send, log, { exchange: alice, issuer: who.acmeIssuer, jurisdiction: 'US', now }),
    onboard(api, send, log, { exchange: charlie, issuer: who.harborIssuer, jurisdiction: 'SG', now }),
  ]);

  // 2. The consortium's USDX fee rate; the securities and their offerings.
  const [, acmeIds, harborIds] = await Promise.all([
    (async () => {
      if ((await api.query.assetRate.conversionRateToNative(USDX)).isSome) return;
      log('the consortium sets the USDX fee rate (1 USDX pays 1 STL of fees) by council motion');
      const { error } = await councilMotion(api, api.tx.assetRate.create(USDX, USDX_RATE), bob, [dave, alice], 3);
      if (error) throw new Error(`assetRate.create: ${error}`);
      sent += 5;
    })(),
    acmeWithTranches(api, send, log, who.acmeIssuer, now),
    harborSoldOut(api, send, log, who, now),
  ]);

  // 3. The HRBR market on the SG, US and EU venues; a subscription in each ACME tranche.
  const [market] = await Promise.all([
    harborMarket(api, send, log, { harbor: harborIds.harbor, charlie, alice, bob }),
    ...[['usAccredited', acmeIds.regD, 100], ['deProfessional', acmeIds.regS, 50]].map(async ([investor, offering, tokens]) => {
      if ((await api.query.offerings.subscriptions(offering, who[investor].address)).isSome) return;
      log(`${PEOPLE[investor].seed} subscribes for ${tokens} ACME`);
      await send(`offerings.subscribe (${investor})`, api.tx.offerings.subscribe(offering, tokens), who[investor]);
    }),
  ]);

  // 4. Resting orders on both sides of the HRBR book (post-only: none crosses).
  await Promise.all(
    RESTING.map(async ([owner, venue, side, price, lots]) => {
      const open = await api.call.orderbookApi.openOrders(who[owner].address);
      const resting = open.some(([, order]) => order.market.toNumber() === market && order.side.type === side);
      if (resting) return;
      log(`${PEOPLE[owner].seed} places a resting ${side.toLowerCase()} of ${lots} HRBR at ${price} USDX on the ${venue} venue`);
      const clientId = BigInt(Date.now()) * 16n + BigInt(RESTING.findIndex(([o]) => o === owner));
      await send(
        `orderbook.placeOrder (${owner})`,
        api.tx.orderbook.placeOrder(market, VENUES[venue], side, ticks(price), lots, 'PostOnly', null, clientId, null, 1),
        who[owner],
      );
    }),
  );
  return { ...acmeIds, ...harborIds, market, sent };
}

/** Fund, identify, link and attest an issuer through its exchange, unless already attested. */
async function onboard(api, send, log, { exchange, issuer, jurisdiction, now }) {
  const profile = await api.call.attestationApi.investorProfile(issuer.address);
  if (profile.isOk) return;
  log(`the ${jurisdiction} exchange onboards ${issuer.address} as an institutional issuer`);
  const { data } = await api.query.system.account(issuer.address);
  if (data.free.toBigInt() < 10n * STL) await fund(api, exchange, [issuer], 1_000n * STL, { send });
  let identity = (await api.query.attestation.identityOfAccount(issuer.address)).unwrapOr(null)?.toNumber() ?? null;
  if (identity === null) identity = await identify(api, exchange, issuer, { send });
  const evidence = `demo issuer kyc ${issuer.address}`;
  await attest(api, exchange, identity, { jurisdiction, class: 'Institutional', risk: 5, expiresAt: now + 365n * DAY, evidence }, { send });
}

/** The security `symbol` created by `issuer`, if any. */
async function findSecurity(api, issuer, symbol) {
  for (const [key, security] of await api.query.securities.securities.entries()) {
    const info = security.unwrap();
    if (info.creator.toString() === issuer.address && info.symbol.toUtf8() === symbol) return key.args[0].toNumber();
  }
  return null;
}

/** The offerings of `security`, as `[id, offering]`. */
async function offeringsOf(api, security) {
  const all = await api.query.offerings.offerings.entries();
  return all
    .map(([key, offering]) => [key.args[0].toNumber(), offering.unwrap()])
    .filter(([, offering]) => offering.security.toNumber() === security)
    .sort(([a], [b]) => a - b);
}

/**
 * ACME: created from the Reg D 506(c) preset, then widened for a Reg S tranche (US investors
 * accredited or above; anyone elsewhere; venue trades only). Two live offerings at 25 USDX:
 * Reg D 506(c) (US accredited and above, a year's lock-up) and Reg S (no US subscriber, a
 * 40-day distribution compliance period).
 */
async function acmeWithTranches(api, send, log, issuer, now) {
  let acme = await findSecurity(api, issuer, 'ACME');
  if (acme === null) {
    log('the ACME issuer creates "Acme Robotics Series A" from the Reg D 506(c) preset');
    const made = await send(
      'securities.createSecurity',
      api.tx.securities.createSecurity('Acme Robotics Series A', 'ACME', null, 0, 'RegD506c'),
      issuer,
    );
    acme = eventsOf(made, 'securities', 'SecurityCreated')[0].data.security.toNumber();
    const rules = (await securityRules(api, acme)).toJSON();
    const classRule = (klass, jurisdiction) => ({ class: klass, jurisdiction });
    rules.allowedJurisdictions = [];
    rules.allowedClasses = [
      ...['Accredited', 'Professional', 'Institutional'].map((c) => classRule(c, 'US')),
      ...['DE', 'SG', 'CH'].flatMap((j) => ['Retail', 'Accredited', 'Professional', 'Institutional'].map((c) => classRule(c, j))),
    ];
    rules.issuanceLockup = null; // each tranche sets its own
    log('the ACME issuer widens the rules for a Reg S tranche (US: accredited and above only)');
    await send('securities.setRules', api.tx.securities.setRules(acme, rules), issuer);
  }
  const offerings = await offeringsOf(api, acme);
  const tranche = (regime) => offerings.find(([, o]) => o.terms.regime.unwrapOr(null)?.type === regime)?.[0] ?? null;
  const base = {
    price: 25n * USD,
    hardCap: 100_000,
    softCap: 1_000,
    start: now,
    end: now + 60n * DAY,
    withdrawUntil: now + 30n * DAY,
    minPerInvestor: 10,
    maxPerInvestor: 10_000,
    jurisdictions: [],
    excludedJurisdictions: [],
    classes: [],
    classLimits: [],
  };
  let regD = tranche('RegD506c');
  let regS = tranche('RegS40Days');
  const create = async (what, terms) => {
    log(`the ACME issuer opens the ${what} tranche at 25 USDX`);
    const outcome = await send('offerings.createOffering', api.tx.offerings.createOffering(acme, USDX, terms, issuer.address), issuer);
    return eventsOf(outcome, 'offerings', 'OfferingCreated')[0].data.offering.toNumber();
  };
  if (regD === null) {
    regD = await create('Reg D 506(c)', { ...base, regime: 'RegD506c', jurisdictions: ['US'], lockupUntil: now + 365n * DAY });
  }
  if (regS === null) {
    // The 40-day distribution compliance period runs from the close: a lock-up must end
    // after the subscription window.
    regS = await create('Reg S', { ...base, regime: 'RegS40Days', excludedJurisdictions: ['US'], lockupUntil: base.end + 40n * DAY });
  }
  return { acme, regD, regS };
}

/**
 * HRBR: an open security (peer to peer allowed), its offering of 1,000 bonds at 100 USDX sold
 * out to three investors, closed and settled (no lock-up).
 */
async function harborSoldOut(api, send, log, who, now) {
  const issuer = who.harborIssuer;
  let harbor = await findSecurity(api, issuer, 'HRBR');
  if (harbor === null) {
    log('the HRBR issuer creates "Harbor Green Bond 2030"');
    const made = await send('securities.createSecurity', api.tx.securities.createSecurity('Harbor Green Bond 2030', 'HRBR', null, 0, null), issuer);
    harbor = eventsOf(made, 'securities', 'SecurityCreated')[0].data.security.toNumber();
  }
  let harborOffering = (await offeringsOf(api, harbor))[0]?.[0] ?? null;
  if (harborOffering === null) {
    log('the HRBR issuer offers 1,000 bonds at 100 USDX');
    const terms = {
      price: 100n * USD,
      hardCap: 1_000,
      softCap: 100,
      start: now,
      end: now + 30n * DAY,
      withdrawUntil: now,
      minPerInvestor: 1,
      maxPerInvestor: null,
      regime: null,
      jurisdictions: [],
      excludedJurisdictions: [],
      classes: [],
      classLimits: [],
      lockupUntil: null,
    };
    const outcome = await send('offerings.createOffering', api.tx.offerings.createOffering(harbor, USDX, terms, issuer.address), issuer);
    harborOffering = eventsOf(outcome, 'offerings', 'OfferingCreated')[0].data.offering.toNumber();
  }
  let state = (await api.call.offeringsApi.offering(harborOffering)).unwrap();
  if (state.phase.type === 'Open') {
    const buyers = [['sgInstitutional', 400], ['usAccredited', 300], ['deProfessional', 300]];
    await Promise.all(buyers.map(async ([buyer, tokens]) => {
      if ((await api.query.offerings.subscriptions(harborOffering, who[buyer].address)).isSome) return;
      log(`${PEOPLE[buyer].seed} subscribes for ${tokens} HRBR`);
      await send(`offerings.subscribe (${buyer})`, api.tx.offerings.subscribe(harborOffering, tokens), who[buyer]);
    }));
    state = (await api.call.offeringsApi.offering(harborOffering)).unwrap();
  }
  if (state.phase.type === 'AwaitingClose') {
    log('the HRBR offering is sold out: closed');
    await send('offerings.close', api.tx.offerings.close(harborOffering), issuer);
    state = (await api.call.offeringsApi.offering(harborOffering)).unwrap();
  }
  if (state.phase.type === 'Verifying' || state.phase.type === 'Settling') {
    log('the HRBR offering settles: bonds to the investors, USDX to the issuer');
    await send('offerings.settle', api.tx.offerings.settle(harborOffering, 16), issuer);
  }
  return { harbor, harborOffering };
}

/** The HRBR/USDX market, created by the SG venue and listed by the US and EU venues. */
async function harborMarket(api, send, log, { harbor, charlie, alice, bob }) {
  let market = (await api.query.orderbook.marketOfPair(harbor, USDX)).unwrapOr(null)?.toNumber() ?? null;
  if (market === null) {
    log('the SG Exchange opens the HRBR/USDX market (tick 0.01 USDX, maker 10 bp, taker 20 bp)');
    const params = { tickSize: TICK, lotSize: 1, minOrder: 1, makerFeeBps: 10, takerFeeBps: 20 };
    const outcome = await send('orderbook.createMarket', api.tx.orderbook.createMarket(harbor, USDX, params, [VENUES.SG]), charlie);
    market = eventsOf(outcome, 'orderbook', 'MarketCreated')[0].data.market.toNumber();
  }
  const venues = (await api.call.orderbookApi.market(market)).unwrap().venues.map((v) => v.toNumber());
  await Promise.all([[alice, 'US'], [bob, 'DE']].map(async ([operator, venue]) => {
    if (venues.includes(VENUES[venue])) return;
    log(`the ${venue === 'DE' ? 'EU' : venue} Exchange lists the HRBR/USDX market`);
    await send('orderbook.listMarket', api.tx.orderbook.listMarket(market, VENUES[venue]), operator);
  }));
  return market;
}
