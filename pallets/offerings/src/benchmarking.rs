//! Benchmarks of the offerings calls at their worst case: every list in the terms full (each
//! scan runs to its end), securities whose rules make the compliance check as costly as it
//! can be, investors with the most attestations, new subscribers, administrative calls signed
//! by the agent whose check reads the most, and settlement: of an offering too large to
//! settle at once, issuing subscribers their tokens held (each a new holder) or finding each
//! one's issuance refused once minted (its lock-up lots full) and refunding it, deciding the
//! soft cap, and then, in the same call, releasing each one's held tokens with the lock-up
//! and paying the issuer, or burning them and refunding; of one settled at
//! once and falling short of its soft cap, undoing it all and refunding everyone, each
//! subscriber refused as it was issued re-checked alone first: those refused only because the
//! first filled the supply's bound (the re-check issues, then rolls back), or every issuance
//! refused once minted, each subscriber's lock-up lots full (the re-check minted and refused
//! again, its reasons sought).

use super::*;
use crate::Pallet;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungibles::{Create, Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Zero};
use stledger_primitives::{
	CountryCode, InvestorClass, InvestorRegistry, Moment, RegimePreset, SecuritiesLedger,
	SecurityId,
};

const DAY: Moment = 24 * 60 * 60 * 1000;
/// One whole token of the benchmark security (6 decimals).
const TOKEN: u64 = 1_000_000;

fn us() -> CountryCode {
	CountryCode(*b"US")
}

/// `n` distinct codes other than `US`.
fn other_codes(n: u32) -> Vec<CountryCode> {
	(0..n).map(|i| CountryCode([b'A' + (i / 26 % 26) as u8, b'A' + (i % 26) as u8])).collect()
}

/// A new sufficient cash asset, registered for settlement.
fn cash_asset<T: Config>() -> CashAssetId {
	let mut id: CashAssetId = 100;
	while T::Assets::asset_exists(id) {
		id += 1;
	}
	T::Assets::create(id, account("cash-issuer", 0, 0), true, 1u64.into()).unwrap();
	SettlementAssets::<T>::insert(id, ());
	id
}

/// An attested US accredited investor holding plenty of `cash`.
fn subscriber<T: Config>(index: u32, cash: CashAssetId) -> T::AccountId {
	let who: T::AccountId = account("subscriber", index, 0);
	T::Investors::attest_for_benchmark(&who, us(), InvestorClass::Accredited);
	T::Assets::mint_into(cash, &who, (1_000_000 * TOKEN).into()).unwrap();
	who
}

/// Terms whose every list is full and scanned to its end by a US accredited subscriber.
fn heaviest_terms<T: Config>(hard_cap_tokens: u64) -> TermsOf<T> {
	let max = T::MaxJurisdictions::get();
	let mut jurisdictions = other_codes(max - 1);
	jurisdictions.push(us());
	let now = Pallet::<T>::now();
	let classes = alloc::vec![
		InvestorClass::Retail,
		InvestorClass::Professional,
		InvestorClass::Institutional,
		InvestorClass::Accredited,
	];
	let limits = classes.iter().map(|c| (*c, (1_000_000 * TOKEN).into())).collect::<Vec<_>>();
	Terms {
		price: TOKEN.into(),
		hard_cap: (hard_cap_tokens * TOKEN).into(),
		soft_cap: TOKEN.into(),
		start: now,
		end: now + 30 * DAY,
		withdraw_until: now + 30 * DAY,
		min_per_investor: 1u64.into(),
		regime: Some(RegimePreset::RegD506c),
		max_per_investor: Some((1_000_000 * TOKEN).into()),
		jurisdictions: jurisdictions.try_into().unwrap(),
		excluded_jurisdictions: other_codes(max).try_into().unwrap(),
		classes: classes.try_into().unwrap(),
		class_limits: limits.try_into().unwrap(),
		lockup_until: Some(now + 365 * DAY),
	}
}

/// A new heavy-rules security and the agent that administers it at the dearest check.
fn administered<T: Config>() -> (SecurityId, T::AccountId, T::AccountId) {
	let issuer: T::AccountId = account("issuer", 0, 0);
	let security = T::Securities::create_for_benchmark(&issuer);
	let agent = T::Securities::administrator_for_benchmark(security);
	(security, agent, issuer)
}

/// An open offering of a new heavy-rules security, created by its agent; returns it, its
/// security, the agent and the issuer (whose account receives the proceeds).
fn offering<T: Config>(
	terms: TermsOf<T>,
	cash: CashAssetId,
) -> (OfferingId, SecurityId, T::AccountId, T::AccountId) {
	let (security, agent, issuer) = administered::<T>();
	let id = NextOfferingId::<T>::get();
	Pallet::<T>::create_offering(
		RawOrigin::Signed(agent.clone()).into(),
		security,
		cash,
		terms,
		issuer.clone(),
	)
	.unwrap();
	(id, security, agent, issuer)
}

/// Heaviest terms the issuer may close early at once: withdrawals never open.
fn closable_early_terms<T: Config>(hard_cap_tokens: u64) -> TermsOf<T> {
	let terms = heaviest_terms::<T>(hard_cap_tokens);
	Terms { withdraw_until: terms.start, ..terms }
}

/// An offering closed early by its agent after `n` new subscribers took 10 tokens each
/// (`soft_cap` tokens its soft cap), verifying; returns it, its security and the issuer.
fn verifying<T: Config>(n: u32, soft_cap: u64) -> (OfferingId, SecurityId, T::AccountId) {
	let cash = cash_asset::<T>();
	let terms =
		Terms { soft_cap: (soft_cap * TOKEN).into(), ..closable_early_terms::<T>(n as u64 * 10) };
	let (id, security, agent, issuer) = offering::<T>(terms, cash);
	for i in 0..n {
		let who = subscriber::<T>(i, cash);
		Pallet::<T>::subscribe(RawOrigin::Signed(who).into(), id, (10 * TOKEN).into()).unwrap();
	}
	Pallet::<T>::close(RawOrigin::Signed(agent).into(), id).unwrap();
	assert_eq!(Offerings::<T>::get(id).unwrap().status, OfferingStatus::Verifying);
	(id, security, issuer)
}

/// An offering of [`Config::MaxSettlementBatch`]` + n` subscribers (too many to settle at
/// once, soft cap `soft_cap` tokens) whose first batch is issued held (but for its last
/// subscriber, refused, if `last_refused`): the next call handles the last `n`, decides, and
/// settles the first `n`.
fn verifying_in_batches<T: Config>(
	n: u32,
	soft_cap: u64,
	last_refused: bool,
) -> (OfferingId, SecurityId, T::AccountId) {
	let batch = T::MaxSettlementBatch::get();
	let (id, security, issuer) = verifying::<T>(batch + n, soft_cap);
	if last_refused {
		lots_full::<T>(id, security, batch - 1..batch);
	}
	Pallet::<T>::settle(RawOrigin::Signed(issuer.clone()).into(), id, batch).unwrap();
	let offering = Offerings::<T>::get(id).unwrap();
	assert_eq!((offering.status, offering.settled), (OfferingStatus::Verifying, batch));
	(id, security, issuer)
}

/// Fill the lock-up lots of the subscribers of `id` at `indexes`: each issuance to them is
/// refused once minted (`TooManyLots`), the dearest refusal.
fn lots_full<T: Config>(id: OfferingId, security: SecurityId, indexes: core::ops::Range<u32>) {
	for index in indexes {
		let who = SubscriberAt::<T>::get(id, index).unwrap();
		T::Securities::fill_lots_for_benchmark(security, &who);
	}
}

/// Fill `security`'s supply to `room` tokens below the bound the ledger keeps it under: the
/// issuances past it are refused after every check passed (each re-checked alone, each would
/// pass).
fn supply_nearly_at_its_bound<T: Config>(security: SecurityId, room: u64) {
	let holder: T::AccountId = account("whale", 0, 0);
	T::Investors::attest_for_benchmark(&holder, us(), InvestorClass::Accredited);
	let bound = T::Balance::max_value() / 2u64.into();
	let fill = bound - T::Assets::total_issuance(security) - (room * TOKEN).into();
	T::Securities::issue(security, &holder, fill, None).unwrap();
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_settlement_asset() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cash = cash_asset::<T>();
		SettlementAssets::<T>::remove(cash);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, cash);

		assert!(SettlementAssets::<T>::contains_key(cash));
		Ok(())
	}

	#[benchmark]
	fn deregister_settlement_asset() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cash = cash_asset::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, cash);

		assert!(!SettlementAssets::<T>::contains_key(cash));
		Ok(())
	}

	#[benchmark]
	fn create_offering() {
		let cash = cash_asset::<T>();
		let (security, agent, issuer) = administered::<T>();
		let terms = heaviest_terms::<T>(1_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), security, cash, terms, issuer.clone());

		assert!(Offerings::<T>::contains_key(0));
	}

	#[benchmark]
	fn cancel_offering() {
		let cash = cash_asset::<T>();
		let mut terms = heaviest_terms::<T>(1_000);
		terms.start += DAY;
		let (id, _, agent, _) = offering::<T>(terms, cash);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id);

		assert_eq!(Offerings::<T>::get(id).unwrap().status, OfferingStatus::Cancelled);
	}

	/// A new subscriber whose subscription reaches the hard cap and is filled in part: the
	/// rules and the regime are judged on the amount asked and again on the allotment.
	#[benchmark]
	fn subscribe() {
		let cash = cash_asset::<T>();
		let (id, ..) = offering::<T>(heaviest_terms::<T>(100), cash);
		let first = subscriber::<T>(0, cash);
		Pallet::<T>::subscribe(RawOrigin::Signed(first).into(), id, (50 * TOKEN).into()).unwrap();
		let who = subscriber::<T>(1, cash);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, (80 * TOKEN).into());

		assert_eq!(Subscriptions::<T>::get(id, &who).unwrap().tokens, (50 * TOKEN).into());
	}

	/// The first of two subscribers withdraws: the last one moves into its place.
	#[benchmark]
	fn withdraw() {
		let cash = cash_asset::<T>();
		let (id, ..) = offering::<T>(heaviest_terms::<T>(100), cash);
		let first = subscriber::<T>(0, cash);
		let last = subscriber::<T>(1, cash);
		for who in [&first, &last] {
			Pallet::<T>::subscribe(RawOrigin::Signed(who.clone()).into(), id, TOKEN.into())
				.unwrap();
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(first.clone()), id);

		assert_eq!(SubscriberAt::<T>::get(id, 0), Some(last));
		assert_eq!(T::Assets::balance(cash, &Pallet::<T>::escrow(id)), TOKEN.into());
	}

	/// The dearer of the two ways to close: early, by the agent whose check reads the most,
	/// once the hard cap is reached and withdrawals are over.
	#[benchmark]
	fn close() {
		let cash = cash_asset::<T>();
		let (id, _, agent, _) = offering::<T>(closable_early_terms::<T>(1), cash);
		let who = subscriber::<T>(0, cash);
		Pallet::<T>::subscribe(RawOrigin::Signed(who).into(), id, TOKEN.into()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id);

		assert_eq!(Offerings::<T>::get(id).unwrap().status, OfferingStatus::Verifying);
	}

	/// In an offering too large to settle at once, the last `n` new subscribers are issued
	/// their tokens held (each becoming a holder), the soft cap decided on what was issued,
	/// then the first `n` have their held tokens released with the offering's lock-up and
	/// each one's cash goes to the issuer: both passes of a settlement in one call.
	#[benchmark]
	fn settle(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		let (id, security, issuer) = verifying_in_batches::<T>(n, 1, false);
		let supply = T::Assets::total_issuance(security);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), id, n);

		let offering = Offerings::<T>::get(id).unwrap();
		assert_eq!((offering.status, offering.settled), (OfferingStatus::Succeeded, n));
		assert_eq!(T::Assets::total_issuance(security), supply + (n as u64 * 10 * TOKEN).into());
	}

	/// In an offering too large to settle at once, each of the last `n` subscribers is
	/// refused once its tokens are minted held (its lock-up lots full), the reasons sought and
	/// its cash refunded; the soft cap is met by the first batch, whose first `n` then have
	/// their held tokens released and the issuer paid. Both passes in one call.
	#[benchmark]
	fn settle_refunding(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		let (id, security, issuer) = verifying_in_batches::<T>(n, 1, false);
		let batch = T::MaxSettlementBatch::get();
		lots_full::<T>(id, security, batch..batch + n);
		let supply = T::Assets::total_issuance(security);

		#[extrinsic_call]
		settle(RawOrigin::Signed(issuer), id, n);

		let offering = Offerings::<T>::get(id).unwrap();
		assert_eq!((offering.status, offering.settled), (OfferingStatus::Succeeded, n));
		assert_eq!(T::Assets::total_issuance(security), supply, "the last refused");
		let sold = batch as u64 * 10 * TOKEN;
		assert_eq!(offering.sold, sold.into(), "the refunded left the totals");
	}

	/// As [`settle`], but the first batch's last subscriber was refused and every one was
	/// needed for the soft cap: the last `n` are issued held, the raise fails, and the first
	/// `n` have their held tokens burned and their cash refunded.
	#[benchmark]
	fn settle_burning(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		let batch = T::MaxSettlementBatch::get();
		let (id, security, issuer) = verifying_in_batches::<T>(n, (batch + n) as u64 * 10, true);
		let supply = T::Assets::total_issuance(security);

		#[extrinsic_call]
		settle(RawOrigin::Signed(issuer), id, n);

		let offering = Offerings::<T>::get(id).unwrap();
		assert_eq!((offering.status, offering.settled), (OfferingStatus::Failed, n));
		// The last `n` issued; the first `n` burned (but the refused one, if among them).
		let burned = n.min(batch - 1) as u64;
		let (issued, burned): (T::Balance, T::Balance) =
			((n as u64 * 10 * TOKEN).into(), (burned * 10 * TOKEN).into());
		assert_eq!(T::Assets::total_issuance(security), supply + issued - burned);
	}

	/// As [`settle_refunding`], but the last `n` were needed for the soft cap: the raise
	/// fails, and the first `n` have their held tokens burned and their cash refunded.
	#[benchmark]
	fn settle_refunding_burning(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		let batch = T::MaxSettlementBatch::get();
		let (id, security, issuer) = verifying_in_batches::<T>(n, (batch + n) as u64 * 10, false);
		lots_full::<T>(id, security, batch..batch + n);
		let supply = T::Assets::total_issuance(security);

		#[extrinsic_call]
		settle(RawOrigin::Signed(issuer), id, n);

		let offering = Offerings::<T>::get(id).unwrap();
		assert_eq!((offering.status, offering.settled), (OfferingStatus::Failed, n));
		let burned: T::Balance = (n as u64 * 10 * TOKEN).into();
		assert_eq!(T::Assets::total_issuance(security), supply - burned);
	}

	/// An offering of `n` new subscribers settled at once falls short of its soft cap (all it
	/// sold): the first is issued its tokens with a lock-up lot and the issuer paid, every
	/// later one refused at the supply's bound the first filled (its reasons sought, its cash
	/// refunded); then all of it is rolled back, and each refused one re-checked alone (its
	/// issuance tried, passing now, and rolled back) before every subscriber is refunded.
	#[benchmark]
	fn settle_at_once_failing(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		let (id, security, issuer) = verifying::<T>(n, n as u64 * 10);
		// One subscriber alone, refused too (else it would meet the soft cap).
		supply_nearly_at_its_bound::<T>(security, if n > 1 { 10 } else { 0 });
		let supply = T::Assets::total_issuance(security);

		#[extrinsic_call]
		settle(RawOrigin::Signed(issuer), id, n);

		let offering = Offerings::<T>::get(id).unwrap();
		assert_eq!((offering.status, offering.settled), (OfferingStatus::Failed, n));
		assert_eq!(T::Assets::total_issuance(security), supply, "nothing issued");
		assert_eq!(T::Assets::balance(offering.cash, &Pallet::<T>::escrow(id)), Zero::zero());
	}

	/// An offering of `n` new subscribers settled at once in which every issuance is refused
	/// once its tokens are minted (each subscriber already holds as many lock-up lots as a
	/// position may, none of the offering's date: `TooManyLots`; the reasons sought, the cash
	/// refunded), so nothing is issued: rolled back, and each subscriber re-checked alone
	/// (minted and refused again) and refunded with the reasons.
	#[benchmark]
	fn settle_at_once_refusing(n: Linear<1, { T::MaxSettlementBatch::get() }>) {
		let (id, security, issuer) = verifying::<T>(n, 1);
		for index in 0..n {
			let who = SubscriberAt::<T>::get(id, index).unwrap();
			T::Securities::fill_lots_for_benchmark(security, &who);
		}
		let supply = T::Assets::total_issuance(security);

		#[extrinsic_call]
		settle(RawOrigin::Signed(issuer), id, n);

		let offering = Offerings::<T>::get(id).unwrap();
		assert_eq!((offering.status, offering.settled), (OfferingStatus::Failed, n));
		assert_eq!(T::Assets::total_issuance(security), supply, "nothing issued");
		let first = SubscriberAt::<T>::get(id, 0).unwrap();
		let outcome = Subscriptions::<T>::get(id, &first).unwrap().outcome;
		assert_eq!(outcome, Some(Outcome::RefundedIneligible), "re-checked, refunded with why");
	}

	/// A refund settlement left in escrow is paid.
	#[benchmark]
	fn claim_refund() {
		let cash = cash_asset::<T>();
		let (id, ..) = offering::<T>(heaviest_terms::<T>(100), cash);
		let who = subscriber::<T>(0, cash);
		Pallet::<T>::subscribe(RawOrigin::Signed(who.clone()).into(), id, TOKEN.into()).unwrap();
		// As settlement leaves it when the refund cannot be paid.
		Offerings::<T>::mutate(id, |o| {
			let o = o.as_mut().unwrap();
			o.status = OfferingStatus::Failed;
			o.settled = o.subscribers;
		});
		Subscriptions::<T>::mutate(id, &who, |s| {
			s.as_mut().unwrap().outcome = Some(Outcome::RefundPending)
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, who.clone());

		assert_eq!(Subscriptions::<T>::get(id, &who).unwrap().outcome, Some(Outcome::Refunded));
	}

	/// Proceeds settlement left in escrow are paid to the issuer.
	#[benchmark]
	fn claim_proceeds() {
		let cash = cash_asset::<T>();
		let (id, .., issuer) = offering::<T>(heaviest_terms::<T>(100), cash);
		let who = subscriber::<T>(0, cash);
		Pallet::<T>::subscribe(RawOrigin::Signed(who.clone()).into(), id, TOKEN.into()).unwrap();
		// As settlement leaves it when the proceeds account cannot receive.
		Offerings::<T>::mutate(id, |o| {
			let o = o.as_mut().unwrap();
			o.status = OfferingStatus::Succeeded;
			o.settled = o.subscribers;
			o.proceeds_pending = o.raised;
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(Offerings::<T>::get(id).unwrap().proceeds_pending.is_zero());
		assert!(!T::Assets::balance(cash, &issuer).is_zero());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
