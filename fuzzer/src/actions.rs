//! Random calls of every ST Ledger pallet, of `pallet-assets` (the cash asset), `utility`
//! batches (nested too) and council motions, signed by random actors of every role.
//!
//! Arguments are drawn mostly from what exists (securities, markets, orders, offerings,
//! identities, open motions) so that calls reach deep into the pallets, and sometimes from
//! nowhere (an unknown id, another's order, a huge amount) so that refusals are exercised.

use crate::{
	actors::Role,
	chain::{BlockPlan, Chain, Tx},
	rng::Rng,
};
use codec::{Decode, Encode};
use frame_support::{dispatch::GetDispatchInfo, weights::Weight, BoundedVec};
use pallet_orderbook::{MarketParams, Side, TimeInForce};
use sp_core::H256;
use sp_runtime::traits::Zero;
use sp_runtime::Permill;
use stledger_primitives::{CountryCode, InvestorClass, RegimePreset};
use stledger_runtime::{
	configs::CouncilCollective, genesis_config_presets::USDX, AccountId, Balance, Runtime,
	RuntimeCall, UNIT,
};

mod identities;
mod nodes;

const COUNTRIES: [&str; 5] = ["US", "DE", "SG", "CH", "JP"];
const CLASSES: [InvestorClass; 4] = [
	InvestorClass::Retail,
	InvestorClass::Accredited,
	InvestorClass::Professional,
	InvestorClass::Institutional,
];
const MINUTE_MS: u64 = 60_000;
const DAY_MS: u64 = 24 * 60 * MINUTE_MS;

/// What exists, read before a block is planned.
#[derive(Default)]
pub struct View {
	now: u64,
	securities: Vec<u32>,
	/// (security, creator)
	creators: Vec<(u32, AccountId)>,
	/// (security, holder, balance)
	holdings: Vec<(u32, AccountId, Balance)>,
	rules: Vec<(u32, pallet_securities::RulesOf<Runtime>)>,
	/// (market, security, lot size, last price seen on the book)
	markets: Vec<(u32, u32, Balance, u64)>,
	/// (order, owner)
	orders: Vec<(u64, AccountId)>,
	/// Markets whose auction has ended or is being uncrossed: an uncrossing can proceed.
	auctions_due: Vec<u32>,
	/// (market, the operator of its administrator venue)
	administrators: Vec<(u32, AccountId)>,
	/// (offering, the account that created it: the issuer or an agent)
	offerings: Vec<(u32, AccountId)>,
	identities: Vec<u64>,
	/// (account, identity) of every linked account
	links: Vec<(AccountId, u64)>,
	/// (account, identity, approved) of every proposed link not yet accepted
	pending_links: Vec<(AccountId, u64, bool)>,
	/// (identity, the attestor that created it)
	identity_creators: Vec<(u64, AccountId)>,
	/// (hash, index, weight, length) of open council motions
	motions: Vec<(H256, u32, Weight, u32)>,
	/// The exchanges' own nodes and the nodes they connected.
	nodes: Vec<pallet_exchanges::NodeId>,
	/// What a node key signs for each exchange's operator to connect it (release 118).
	node_key_messages: std::collections::BTreeMap<AccountId, Vec<u8>>,
}

impl View {
	/// Read what exists.
	pub fn read(chain: &mut Chain) -> Self {
		let now = chain.now();
		chain.read(|| {
			let markets = pallet_orderbook::Markets::<Runtime>::iter()
				.map(|(id, market)| {
					let book = pallet_orderbook::Books::<Runtime>::get(id);
					let mid = book.best(Side::Ask).or(book.best(Side::Bid)).unwrap_or(100);
					(id, market.security, market.params.lot_size, mid)
				})
				.collect();
			let motions = pallet_collective::Proposals::<Runtime, CouncilCollective>::get()
				.into_iter()
				.filter_map(|hash| {
					pallet_collective::Voting::<Runtime, CouncilCollective>::get(hash)
						// `Votes` keeps its fields private; the motion's index is encoded first.
						.and_then(|votes| u32::decode(&mut &votes.encode()[..]).ok())
						.zip(pallet_collective::ProposalOf::<Runtime, CouncilCollective>::get(hash))
						.map(|(index, proposal)| {
							let weight = proposal.get_dispatch_info().call_weight;
							(hash, index, weight, proposal.encoded_size() as u32)
						})
				})
				.collect();
			Self {
				now,
				securities: pallet_securities::Securities::<Runtime>::iter_keys().collect(),
				creators: pallet_securities::Securities::<Runtime>::iter()
					.map(|(id, info)| (id, info.creator))
					.collect(),
				holdings: pallet_assets::Account::<Runtime>::iter()
					.filter(|(asset, _, details)| *asset != USDX && !details.balance.is_zero())
					.map(|(asset, who, details)| (asset, who, details.balance))
					.collect(),
				rules: pallet_securities::Securities::<Runtime>::iter()
					.map(|(id, info)| (id, info.rules))
					.collect(),
				markets,
				orders: pallet_orderbook::Orders::<Runtime>::iter()
					.map(|(id, order)| (id, order.owner))
					.collect(),
				auctions_due: pallet_orderbook::Markets::<Runtime>::iter()
					.filter(|(_, market)| match market.phase {
						pallet_orderbook::Phase::Auction { ends_at, .. } => ends_at <= now,
						pallet_orderbook::Phase::Uncrossing { .. } => true,
						pallet_orderbook::Phase::Continuous => false,
					})
					.map(|(id, _)| id)
					.collect(),
				administrators: pallet_orderbook::Markets::<Runtime>::iter()
					.filter_map(|(id, market)| {
						let venue =
							pallet_exchanges::Exchanges::<Runtime>::get(market.administrator?)?;
						Some((id, venue.operator))
					})
					.collect(),
				offerings: pallet_offerings::Offerings::<Runtime>::iter()
					.map(|(id, offering)| (id, offering.creator))
					.collect(),
				identities: pallet_attestation::IdentityOfAccount::<Runtime>::iter_values()
					.collect(),
				links: pallet_attestation::IdentityOfAccount::<Runtime>::iter().collect(),
				pending_links: pallet_attestation::PendingLinks::<Runtime>::iter()
					.map(|(account, identity, pending)| (account, identity, pending.approved))
					.collect(),
				identity_creators: pallet_attestation::Identities::<Runtime>::iter()
					.map(|(id, identity)| (id, identity.created_by))
					.collect(),
				motions,
				nodes: pallet_exchanges::ExchangeOfNode::<Runtime>::iter_keys().collect(),
				node_key_messages: pallet_exchanges::Exchanges::<Runtime>::iter()
					.map(|(id, info)| {
						let message = pallet_exchanges::Pallet::<Runtime>::node_key_message(
							id,
							&info.operator,
						);
						(info.operator, message)
					})
					.collect(),
			}
		})
	}
}

/// Plans blocks.
pub struct Planner<'a> {
	rng: &'a mut Rng,
	view: View,
	accounts: Vec<AccountId>,
	roles: Vec<Role>,
	names: Vec<&'static str>,
}

impl<'a> Planner<'a> {
	/// A planner for the next block of `chain`.
	pub fn new(rng: &'a mut Rng, chain: &mut Chain) -> Self {
		let view = View::read(chain);
		let accounts = chain.actors.iter().map(|a| a.account.clone()).collect();
		let roles = chain.actors.iter().map(|a| a.role).collect();
		let names = chain.actors.iter().map(|a| a.name).collect();
		Self { rng, view, accounts, roles, names }
	}

	/// The next block: usually the next slot, sometimes minutes, hours, days or a year
	/// later (across expiries, lock-ups and offering windows).
	pub fn block(&mut self, max_txs: u64) -> BlockPlan {
		let slots = match self.rng.below(100) {
			0..=79 => 1,
			80..=89 => self.rng.range(2, 40),
			90..=95 => self.rng.range(1_200, 4 * 1_200),
			96..=98 => self.rng.range(20 * 1_200, 45 * 24 * 1_200),
			_ => 365 * 24 * 1_200,
		};
		let count = self.rng.range(1, max_txs);
		let txs = (0..count).map(|_| self.tx()).collect();
		BlockPlan { slots, txs }
	}

	fn actor(&mut self) -> usize {
		self.rng.below(self.accounts.len() as u64) as usize
	}

	fn account(&mut self) -> AccountId {
		let i = self.actor();
		self.accounts[i].clone()
	}

	fn operator(&mut self) -> usize {
		self.rng.below(4) as usize
	}

	/// A random signed call. The signer is usually one who may make it, sometimes anyone.
	fn tx(&mut self) -> Tx {
		let (plausible, call) = self.call(2);
		let signer = match plausible {
			Some(signer) if self.rng.chance(80) => signer,
			_ => self.actor(),
		};
		Tx { signer, call }
	}

	/// A random call and, when one comes to mind, the actor who would plausibly sign it.
	fn call(&mut self, depth: u32) -> (Option<usize>, RuntimeCall) {
		match self.rng.below(100) {
			0..=29 => self.orderbook(),
			30..=49 => self.securities(),
			50..=61 => self.offerings(),
			62..=71 => self.attestation(),
			72..=77 => self.cash(),
			78..=79 => self.node_connection(),
			80..=89 => self.motion(),
			_ if depth > 0 => self.batch(depth),
			_ => self.orderbook(),
		}
	}

	fn batch(&mut self, depth: u32) -> (Option<usize>, RuntimeCall) {
		let count = self.rng.range(1, 4);
		let mut signer = None;
		let calls: Vec<RuntimeCall> = (0..count)
			.map(|_| {
				let (who, call) = self.call(depth - 1);
				signer = signer.or(who);
				call
			})
			.collect();
		let call = match self.rng.below(3) {
			0 => pallet_utility::Call::batch { calls },
			1 => pallet_utility::Call::batch_all { calls },
			_ => pallet_utility::Call::force_batch { calls },
		};
		(signer, RuntimeCall::Utility(call))
	}

	fn security(&mut self) -> u32 {
		match self.rng.pick(&self.view.securities) {
			Some(id) if self.rng.chance(95) => *id,
			_ => self.rng.below(1_000) as u32,
		}
	}

	fn amount(&mut self) -> Balance {
		match self.rng.below(10) {
			0 => 0,
			1 => Balance::MAX / 2,
			2..=6 => self.rng.range(1, 20) as Balance,
			_ => self.rng.range(1, 5_000) as Balance,
		}
	}

	fn reason(
		&mut self,
	) -> BoundedVec<u8, <Runtime as pallet_securities::Config>::MaxReasonLength> {
		BoundedVec::truncate_from(b"fuzz".to_vec())
	}

	fn country(&mut self) -> CountryCode {
		COUNTRIES[self.rng.below(COUNTRIES.len() as u64) as usize].parse().expect("valid")
	}

	fn class(&mut self) -> InvestorClass {
		CLASSES[self.rng.below(4) as usize]
	}

	fn moment(&mut self) -> u64 {
		match self.rng.below(4) {
			0 => self.view.now.saturating_sub(self.rng.range(0, DAY_MS)),
			1 => self.view.now + self.rng.range(1, 60) * MINUTE_MS,
			2 => self.view.now + self.rng.range(1, 90) * DAY_MS,
			_ => self.view.now + self.rng.range(1, 3 * 365) * DAY_MS,
		}
	}

	fn investor(&mut self) -> usize {
		let investors: Vec<usize> =
			(0..self.roles.len()).filter(|i| self.roles[*i] == Role::Investor).collect();
		*self.rng.pick(&investors).expect("the local genesis has investors")
	}

	fn orderbook(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_orderbook::Call;
		// An auction that may be uncrossed usually is, by anyone (a venue's keeper).
		if let Some(market) = self.rng.pick(&self.view.auctions_due).copied() {
			if self.rng.chance(30) {
				let call =
					Call::uncross_auction { market, max_fills: self.rng.range(1, 16) as u32 };
				return (Some(self.actor()), RuntimeCall::Orderbook(call));
			}
		}
		let market = self.rng.pick(&self.view.markets).copied();
		let call = match (self.rng.below(100), market) {
			(0..=59, Some((market, _, _, mid))) => {
				let side = if self.rng.chance(50) { Side::Bid } else { Side::Ask };
				let price = mid.saturating_add(self.rng.below(11)).saturating_sub(5).max(1);
				let time_in_force = match self.rng.below(10) {
					0..=5 => TimeInForce::GoodTillCancelled,
					6 | 7 => TimeInForce::ImmediateOrCancel,
					8 => TimeInForce::FillOrKill,
					_ => TimeInForce::PostOnly,
				};
				let expires_at = self.rng.chance(30).then(|| self.moment());
				let security = self.view.markets.iter().find(|m| m.0 == market).map_or(0, |m| m.1);
				let sellers: Vec<usize> = self
					.view
					.holdings
					.iter()
					.filter(|(asset, ..)| *asset == security)
					.filter_map(|(_, who, _)| self.accounts.iter().position(|a| a == who))
					.collect();
				let investor = match self.rng.pick(&sellers) {
					Some(seller) if side == Side::Ask && self.rng.chance(85) => *seller,
					_ => self.investor(),
				};
				let venue = if self.rng.chance(85) {
					crate::actors::home_venue(self.names[investor])
				} else {
					self.rng.below(5) as u32
				};
				if self.rng.chance(10) {
					let call = Call::place_market_order {
						market,
						venue,
						side,
						lots: self.rng.range(1, 30),
						client_id: self.rng.next_u64(),
						self_trade: None,
						max_fills: self.rng.range(1, 16) as u32,
					};
					return (Some(investor), RuntimeCall::Orderbook(call));
				}
				let call = Call::place_order {
					market,
					venue,
					side,
					price,
					lots: self.rng.range(1, 30),
					time_in_force,
					expires_at,
					client_id: self.rng.next_u64(),
					self_trade: None,
					max_fills: self.rng.range(1, 16) as u32,
				};
				return (Some(investor), RuntimeCall::Orderbook(call));
			},
			(60..=79, _) => {
				let (order, owner) = match self.rng.pick(&self.view.orders) {
					Some((order, owner)) => (*order, Some(owner.clone())),
					None => (self.rng.next_u64() % 1_000, None),
				};
				let signer = owner.and_then(|o| self.accounts.iter().position(|a| *a == o));
				if self.rng.chance(40) {
					// Amend: a reduction in place or a re-queue (which may trade).
					let mid = market.map_or(100, |(.., mid)| mid);
					let call = Call::amend_order {
						order,
						price: mid.saturating_add(self.rng.below(11)).saturating_sub(5).max(1),
						lots: self.rng.range(1, 30),
						max_fills: self.rng.range(1, 16) as u32,
					};
					return (signer, RuntimeCall::Orderbook(call));
				}
				return (signer, RuntimeCall::Orderbook(Call::cancel_order { order }));
			},
			(80..=84, Some((market, ..))) => Call::cancel_all { market },
			(85..=86, Some((market, ..))) => Call::set_order_limits {
				market,
				limits: pallet_orderbook::OrderLimits {
					max_lots: self.rng.chance(50).then(|| self.rng.range(1, 40)),
					min_value: self
						.rng
						.chance(30)
						.then(|| u128::from(self.rng.range(1, 1_000_000))),
					max_value: self
						.rng
						.chance(30)
						.then(|| u128::from(self.rng.range(1_000_000, 1_000_000_000))),
					max_open_per_identity: self.rng.chance(30).then(|| self.rng.range(0, 6) as u32),
				},
			},
			(87, _) => {
				let operator = self.operator();
				let identity = self.rng.pick(&self.view.identities).copied().unwrap_or_default();
				let limits = self.rng.chance(80).then(|| pallet_orderbook::InvestorLimits {
					max_order_value: self
						.rng
						.chance(50)
						.then(|| u128::from(self.rng.range(1, 100_000_000_000))),
					max_daily_value: self
						.rng
						.chance(50)
						.then(|| u128::from(self.rng.range(1, 1_000_000_000_000))),
				});
				let call = Call::set_investor_limits {
					venue: self.rng.below(5) as u32,
					cash: USDX,
					identity,
					limits,
				};
				return (Some(operator), RuntimeCall::Orderbook(call));
			},
			(88, Some((market, .., mid))) => Call::set_price_controls {
				market,
				// Narrow enough for the fuzzer's prices (the mid ± 5 ticks) to break them.
				controls: pallet_orderbook::PriceControls {
					static_band_bps: self.rng.chance(50).then(|| self.rng.range(0, 800) as u32),
					dynamic_band_bps: self.rng.chance(50).then(|| self.rng.range(0, 500) as u32),
					interruption_ms: self.rng.range(0, 3) * 6_000,
					opening_auction_ms: self.rng.range(0, 2) * 6_000,
				},
				reference_price: self.rng.chance(60).then_some(mid),
			},
			(89, Some((market, ..))) => {
				let call =
					Call::uncross_auction { market, max_fills: self.rng.range(1, 16) as u32 };
				let anyone = self.actor();
				return (Some(anyone), RuntimeCall::Orderbook(call));
			},
			(90..=91, Some((market, ..))) => Call::set_market_status {
				market,
				status: match self.rng.below(3) {
					0 => pallet_orderbook::MarketStatus::Open,
					1 => pallet_orderbook::MarketStatus::CancelOnly,
					_ => pallet_orderbook::MarketStatus::Halted,
				},
			},
			(92, Some((market, ..))) => {
				// Usually the venue's own operator lists it (operators are actors 0..4, the
				// exchanges 0..4; venue 4 is none: refused).
				let venue = self.rng.below(5) as u32;
				let own = if venue < 4 { venue as usize } else { self.operator() };
				return (Some(own), RuntimeCall::Orderbook(Call::list_market { market, venue }));
			},
			(93..=94, Some((market, ..))) => {
				Call::delist_market { market, venue: self.rng.below(5) as u32 }
			},
			(95..=96, _) => Call::claim_venue_fees { cash: USDX },
			_ => {
				let security = self.security();
				let operator = self.operator();
				let call = Call::create_market {
					security,
					cash: USDX,
					params: MarketParams {
						tick_size: 10_000,
						lot_size: [1, 10, 100][self.rng.below(3) as usize],
						min_order: 1,
						maker_fee_bps: self.rng.below(30) as u16,
						taker_fee_bps: self.rng.below(50) as u16,
					},
					// A venue lists itself alone (release 122: others are `ListsOtherVenues`,
					// tried now and then); the others list the market with their own call.
					venues: BoundedVec::truncate_from(if self.rng.chance(10) {
						vec![0, 1, 2, 3]
					} else {
						vec![operator as u32]
					}),
				};
				return (Some(operator), RuntimeCall::Orderbook(call));
			},
		};
		// Status, limits and controls are the administrator venue's: usually its operator,
		// sometimes another (refused), so that bands, auctions and market orders are reached.
		let administered = match call {
			Call::set_market_status { market, .. }
			| Call::set_order_limits { market, .. }
			| Call::set_price_controls { market, .. } => Some(market),
			_ => None,
		};
		let signer = administered.map(|market| self.administrator_of(market));
		(signer, RuntimeCall::Orderbook(call))
	}

	/// The operator of `market`'s administrator venue (three times in four, if it has one),
	/// or any operator.
	fn administrator_of(&mut self, market: u32) -> usize {
		let operator = self.view.administrators.iter().find(|(id, _)| *id == market);
		match operator.and_then(|(_, who)| self.accounts.iter().position(|a| a == who)) {
			Some(index) if self.rng.chance(75) => index,
			_ => self.operator(),
		}
	}

	/// The actor who created `security`, if it is one of ours.
	fn creator_of(&self, security: u32) -> Option<usize> {
		let (_, creator) = self.view.creators.iter().find(|(id, _)| *id == security)?;
		self.accounts.iter().position(|a| a == creator)
	}

	/// Usually an investor's account, sometimes anyone's.
	fn receiver(&mut self) -> AccountId {
		if self.rng.chance(75) {
			let investor = self.investor();
			self.accounts[investor].clone()
		} else {
			self.account()
		}
	}

	/// A holder of some security and what it holds, or anyone and a random amount.
	fn holding(&mut self) -> (u32, Option<usize>, AccountId, Balance) {
		match self.rng.pick(&self.view.holdings).cloned() {
			Some((security, who, balance)) if self.rng.chance(85) => {
				let signer = self.accounts.iter().position(|a| *a == who);
				let amount = match self.rng.below(4) {
					0 => balance,
					1 => balance + 1,
					_ => self.rng.range(1, balance.min(u64::MAX as u128) as u64) as Balance,
				};
				(security, signer, who, amount)
			},
			_ => {
				let who = self.account();
				(self.security(), None, who, self.amount())
			},
		}
	}

	fn securities(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_securities::Call;
		if self.rng.chance(30) {
			let (security, holder, _, amount) = self.holding();
			let to = self.receiver();
			return (holder, RuntimeCall::Securities(Call::transfer { security, to, amount }));
		}
		if self.rng.chance(5) {
			if let Some((security, lost, new)) = self.recoverable() {
				let call = Call::recover { security, lost, new, reason: self.reason() };
				return (self.creator_of(security), RuntimeCall::Securities(call));
			}
		}
		if self.rng.chance(15) {
			let (security, _, from, amount) = self.holding();
			let to = self.receiver();
			let call = match self.rng.below(3) {
				0 => Call::forced_transfer { security, from, to, amount, reason: self.reason() },
				1 => Call::redeem { security, from, amount },
				_ => Call::recover { security, lost: from, new: to, reason: self.reason() },
			};
			return (self.creator_of(security), RuntimeCall::Securities(call));
		}
		let security = self.security();
		let to = self.receiver();
		let amount = self.amount();
		let admin = self.creator_of(security);
		let call = match self.rng.below(100) {
			0..=29 => Call::transfer { security, to, amount },
			30..=44 => Call::mint {
				security,
				to,
				amount: amount.saturating_mul(10),
				locked_until: self.rng.chance(30).then(|| self.moment()),
			},
			45..=49 => Call::redeem { security, from: to, amount },
			50..=54 => Call::forced_transfer {
				security,
				from: self.account(),
				to,
				amount,
				reason: self.reason(),
			},
			55..=57 => {
				Call::recover { security, lost: self.account(), new: to, reason: self.reason() }
			},
			58..=61 => Call::freeze_account { security, account: to, reason: self.reason() },
			62..=65 => Call::unfreeze_account { security, account: to, reason: self.reason() },
			66..=68 => {
				Call::set_frozen_amount { security, account: to, amount, reason: self.reason() }
			},
			69..=71 => Call::pause { security, reason: self.reason() },
			72..=76 => Call::unpause { security, reason: self.reason() },
			77..=79 => Call::add_agent { security, agent: to },
			80..=81 => Call::remove_agent { security, agent: to },
			82..=83 => Call::add_issuer_account { security, account: to },
			84..=89 => {
				let rules = self
					.view
					.rules
					.iter()
					.find(|(id, _)| *id == security)
					.map(|(_, rules)| rules.clone())
					.unwrap_or_default();
				Call::set_rules { security, rules: self.mutate_rules(rules) }
			},
			_ => {
				let issuer = self.investor();
				let preset = match self.rng.below(5) {
					0 => None,
					1 => Some(RegimePreset::RegD506b),
					2 => Some(RegimePreset::RegD506c),
					3 => Some(RegimePreset::RegS40Days),
					_ => Some(RegimePreset::RegS1Year),
				};
				let call = Call::create_security {
					name: BoundedVec::truncate_from(b"Fuzz Co".to_vec()),
					symbol: BoundedVec::truncate_from(b"FUZZ".to_vec()),
					isin: None,
					decimals: 0,
					preset,
				};
				return (Some(issuer), RuntimeCall::Securities(call));
			},
		};
		(admin, RuntimeCall::Securities(call))
	}

	fn mutate_rules(
		&mut self,
		mut rules: pallet_securities::RulesOf<Runtime>,
	) -> pallet_securities::RulesOf<Runtime> {
		match self.rng.below(8) {
			0 => rules.max_holders = self.rng.chance(50).then(|| self.rng.range(1, 6) as u32),
			1 => {
				rules.max_ownership =
					self.rng.chance(50).then(|| Permill::from_percent(self.rng.range(5, 60) as u32))
			},
			2 => rules.peer_to_peer = !rules.peer_to_peer,
			3 => {
				let country = self.country();
				let _ = rules.denied_jurisdictions.try_push(country);
			},
			4 => rules.denied_jurisdictions = Default::default(),
			5 => rules.min_holding = self.rng.chance(50).then(|| self.rng.range(1, 10) as Balance),
			6 => {
				rules.venues = BoundedVec::truncate_from(
					(0..4).filter(|_| self.rng.chance(60)).collect::<Vec<u32>>(),
				)
			},
			// A period, mostly valid (a day to three years; ten years the most), now and then
			// zero or past the bound, which `set_rules` refuses (`InvalidLockup`).
			_ => {
				rules.issuance_lockup = self.rng.chance(50).then(|| match self.rng.below(10) {
					0 => 0,
					1 => pallet_securities::MAX_ISSUANCE_LOCKUP + self.rng.range(1, DAY_MS),
					_ => self.rng.range(1, 3 * 365) * DAY_MS,
				})
			},
		}
		rules
	}

	fn offerings(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_offerings::Call;
		let (offering, creator) = match self.rng.pick(&self.view.offerings) {
			Some((id, creator)) if self.rng.chance(95) => (*id, Some(creator.clone())),
			_ => (self.rng.below(100) as u32, None),
		};
		let call = match self.rng.below(100) {
			0..=34 => {
				let investor = self.investor();
				let call = Call::subscribe { offering, amount: self.rng.range(1, 200) as Balance };
				return (Some(investor), RuntimeCall::Offerings(call));
			},
			35..=44 => Call::withdraw { offering },
			45..=54 => {
				// Half signed by its creator: an early close is the issuer's or an agent's.
				let call = RuntimeCall::Offerings(Call::close { offering });
				let signer = creator.filter(|_| self.rng.chance(50));
				return (signer.and_then(|c| self.accounts.iter().position(|a| *a == c)), call);
			},
			55..=64 => {
				// Half for a whole batch: an offering of at most 100 subscribers settles only
				// at once (release 127), the others refused `BatchTooSmall`.
				let max_subscribers =
					if self.rng.chance(50) { 100 } else { self.rng.range(1, 8) as u32 };
				Call::settle { offering, max_subscribers }
			},
			65..=69 => Call::claim_refund { offering, who: self.account() },
			70..=74 => Call::claim_proceeds { offering },
			75..=77 => Call::cancel_offering { offering },
			_ => {
				let start = self.view.now + self.rng.below(3) * MINUTE_MS;
				let end = start + self.rng.range(1, 60 * 24 * 10) * MINUTE_MS;
				let hard_cap = self.rng.range(10, 2_000) as Balance;
				let terms = pallet_offerings::TermsOf::<Runtime> {
					price: self.rng.range(1, 5) as Balance * UNIT / 1_000_000,
					hard_cap,
					soft_cap: self.rng.below(hard_cap as u64) as Balance,
					start,
					end,
					withdraw_until: start + (end - start) / 2,
					min_per_investor: 1,
					max_per_investor: self
						.rng
						.chance(50)
						.then(|| self.rng.range(1, 500) as Balance),
					regime: None,
					jurisdictions: Default::default(),
					excluded_jurisdictions: Default::default(),
					classes: Default::default(),
					class_limits: Default::default(),
					lockup_until: self.rng.chance(30).then(|| end + self.rng.range(1, 90) * DAY_MS),
				};
				let issuer = self.investor();
				let call = Call::create_offering {
					security: self.security(),
					cash: USDX,
					terms,
					proceeds_to: self.accounts[issuer].clone(),
				};
				return (Some(issuer), RuntimeCall::Offerings(call));
			},
		};
		(None, RuntimeCall::Offerings(call))
	}

	fn cash(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_assets::Call;
		let target = self.account().into();
		let call = match self.rng.below(10) {
			0..=6 => Call::transfer { id: USDX.into(), target, amount: self.amount() * 1_000_000 },
			7 => Call::transfer { id: self.security().into(), target, amount: self.amount() },
			8 => {
				return (
					Some(4),
					RuntimeCall::Assets(Call::freeze { id: USDX.into(), who: target }),
				)
			},
			_ => {
				return (Some(4), RuntimeCall::Assets(Call::thaw { id: USDX.into(), who: target }))
			},
		};
		(Some(self.investor()), RuntimeCall::Assets(call))
	}

	/// A council motion's step: propose a consortium call, or vote on or close an open one.
	fn motion(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_collective::Call;
		let member = self.operator();
		if let Some((hash, index, weight, length)) = self.rng.pick(&self.view.motions).cloned() {
			if self.rng.chance(70) {
				let call = if self.rng.chance(60) {
					Call::vote { proposal: hash, index, approve: self.rng.chance(85) }
				} else {
					Call::close {
						proposal_hash: hash,
						index,
						proposal_weight_bound: weight,
						length_bound: length,
					}
				};
				return (Some(member), RuntimeCall::Council(call));
			}
		}
		let proposal = self.consortium_call();
		let length_bound = proposal.encoded_size() as u32;
		let call = Call::propose {
			threshold: self.rng.range(2, 4) as u32,
			proposal: Box::new(proposal),
			length_bound,
		};
		(Some(member), RuntimeCall::Council(call))
	}

	/// What the consortium may decide.
	fn consortium_call(&mut self) -> RuntimeCall {
		let exchange = self.rng.below(5) as u32;
		match self.rng.below(13) {
			8 => RuntimeCall::Exchanges(pallet_exchanges::Call::set_jurisdictions {
				exchange,
				jurisdictions: BoundedVec::truncate_from(vec![self.country(), self.country()]),
			}),
			9 => RuntimeCall::Exchanges(pallet_exchanges::Call::set_min_active_exchanges {
				min: self.rng.range(1, 5) as u32,
			}),
			10 => RuntimeCall::Exchanges(match self.rng.below(4) {
				0 => pallet_exchanges::Call::remove { exchange },
				1 => pallet_exchanges::Call::disconnect_node { node: self.peer_id() },
				2 => pallet_exchanges::Call::bar_node { node: self.peer_id() },
				_ => pallet_exchanges::Call::unbar_node { node: self.peer_id() },
			}),
			11 => RuntimeCall::Offerings(if self.rng.chance(50) {
				pallet_offerings::Call::register_settlement_asset { asset: self.security() }
			} else {
				pallet_offerings::Call::deregister_settlement_asset { asset: USDX }
			}),
			12 => RuntimeCall::Attestation(match self.rng.below(3) {
				0 => pallet_attestation::Call::reinstate_attestor { attestor: self.account() },
				1 => pallet_attestation::Call::remove_attestor { attestor: self.account() },
				_ => pallet_attestation::Call::appoint_onboarding_attestor {
					identity: self.rng.pick(&self.view.identity_creators).map_or(0, |i| i.0),
					attestor: self.account(),
				},
			}),
			0 => RuntimeCall::Exchanges(pallet_exchanges::Call::suspend { exchange }),
			1 => RuntimeCall::Exchanges(pallet_exchanges::Call::reinstate { exchange }),
			2 => RuntimeCall::Attestation(pallet_attestation::Call::register_attestor {
				attestor: self.account(),
				name: BoundedVec::truncate_from(b"Fuzz KYC".to_vec()),
				jurisdictions: BoundedVec::truncate_from(vec![self.country()]),
			}),
			3 => RuntimeCall::Attestation(pallet_attestation::Call::suspend_attestor {
				attestor: self.account(),
			}),
			4 => {
				let market = self.rng.pick(&self.view.markets).map_or(0, |m| m.0);
				RuntimeCall::Orderbook(pallet_orderbook::Call::set_market_status {
					market,
					status: pallet_orderbook::MarketStatus::Halted,
				})
			},
			5 => RuntimeCall::Securities(pallet_securities::Call::pause {
				security: self.security(),
				reason: self.reason(),
			}),
			6 => RuntimeCall::Securities(pallet_securities::Call::forced_transfer {
				security: self.security(),
				from: self.account(),
				to: self.account(),
				amount: self.amount(),
				reason: self.reason(),
			}),
			_ => RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] }),
		}
	}
}
