//! Benchmarks of the attestation calls, each at its worst case, and of the profile lookup
//! other pallets pay for on every check.

use super::*;
use crate::Pallet;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::H256;
use stledger_primitives::{CountryCode, ExchangeRegistry, IdentityId, InvestorClass};

/// `n` distinct, well-formed jurisdiction codes, `US` first.
fn jurisdictions<T: Config>(n: u32) -> BoundedVec<CountryCode, T::MaxJurisdictions> {
	let mut codes: Vec<CountryCode> = alloc::vec![CountryCode(*b"US")];
	let mut i = 0u32;
	while (codes.len() as u32) < n {
		let code = CountryCode([b'A' + (i / 26 % 26) as u8, b'A' + (i % 26) as u8]);
		if !codes.contains(&code) {
			codes.push(code);
		}
		i += 1;
	}
	codes.try_into().expect("n is at most MaxJurisdictions")
}

/// The most attestors one benchmark registers itself, besides those filling the table.
const OWN_ATTESTORS: u32 = 8;

/// A registered attestor (the costlier kind to check: the exchange lookup misses first)
/// licensed for the most jurisdictions, `US` among them, in a licence table filled to its
/// bound (what every lookup decodes).
fn registered_attestor<T: Config>(index: u32) -> T::AccountId {
	Pallet::<T>::fill_licences_for_benchmark(OWN_ATTESTORS, 0);
	let attestor: T::AccountId = account("attestor", index, 0);
	Pallet::<T>::put_attestor(
		&attestor,
		Attestor {
			name: BoundedVec::try_from(alloc::vec![b'k'; T::MaxNameLength::get() as usize])
				.unwrap(),
			jurisdictions: jurisdictions::<T>(T::MaxJurisdictions::get()),
			status: AttestorStatus::Active,
		},
	)
	.expect("room for the benchmark's own attestors");
	attestor
}

/// An identity created by `attestor` with `accounts` linked accounts.
fn identity_with_accounts<T: Config>(attestor: &T::AccountId, accounts: u32) -> IdentityId {
	let identity = Pallet::<T>::new_identity(attestor);
	for i in 0..accounts {
		Pallet::<T>::link(identity, &account("investor", i, identity as u32)).unwrap();
	}
	identity
}

/// A link of a new account ("joiner") proposed by a registered attestor to its identity with
/// one place left, approved by the identity's first account if `approved`: the identity, that
/// account and the joiner.
fn a_proposed_link<T: Config>(approved: bool) -> (IdentityId, T::AccountId, T::AccountId) {
	let attestor = registered_attestor::<T>(0);
	let identity = identity_with_accounts::<T>(&attestor, T::MaxAccountsPerIdentity::get() - 1);
	let approver = Identities::<T>::get(identity).unwrap().accounts[0].clone();
	let joiner: T::AccountId = account("joiner", 0, 0);
	Pallet::<T>::propose_link(RawOrigin::Signed(attestor).into(), identity, joiner.clone())
		.unwrap();
	if approved {
		Pallet::<T>::approve_link(RawOrigin::Signed(approver.clone()).into(), joiner.clone())
			.unwrap();
	}
	(identity, approver, joiner)
}

fn a_year_from_now<T: Config>() -> u64 {
	Pallet::<T>::now() + 365 * 24 * 60 * 60 * 1000
}

fn valid_attestation<T: Config>() -> Attestation {
	Attestation {
		jurisdiction: CountryCode(*b"US"),
		class: InvestorClass::Accredited,
		risk_tolerance: 3,
		kyc_passed: true,
		aml_passed: true,
		issued_at: Pallet::<T>::now(),
		expires_at: a_year_from_now::<T>(),
		evidence: H256::repeat_byte(1),
		revoked: None,
		via_exchange: None,
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The licence table has one place left.
	#[benchmark]
	fn register_attestor() {
		Pallet::<T>::fill_licences_for_benchmark(1, 0);
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let attestor: T::AccountId = account("new", 0, 0);
		let name: BoundedVec<u8, T::MaxNameLength> =
			alloc::vec![b'k'; T::MaxNameLength::get() as usize].try_into().unwrap();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			attestor.clone(),
			name,
			jurisdictions::<T>(T::MaxJurisdictions::get()),
		);

		assert!(Attestors::<T>::contains_key(&attestor));
	}

	#[benchmark]
	fn suspend_attestor() {
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let attestor = registered_attestor::<T>(0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, attestor.clone());

		assert_eq!(Attestors::<T>::get(&attestor).unwrap().status, AttestorStatus::Suspended);
	}

	#[benchmark]
	fn reinstate_attestor() {
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let attestor = registered_attestor::<T>(0);
		Pallet::<T>::suspend_attestor(origin.clone(), attestor.clone()).unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, attestor.clone());

		assert_eq!(Attestors::<T>::get(&attestor).unwrap().status, AttestorStatus::Active);
	}

	#[benchmark]
	fn remove_attestor() {
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let attestor = registered_attestor::<T>(0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, attestor.clone());

		assert!(!Attestors::<T>::contains_key(&attestor));
	}

	#[benchmark]
	fn create_identity() {
		let attestor = registered_attestor::<T>(0);
		let next = NextIdentityId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(attestor));

		assert!(Identities::<T>::contains_key(next));
	}

	/// The identity has one place left.
	#[benchmark]
	fn propose_link() {
		let attestor = registered_attestor::<T>(0);
		let identity = identity_with_accounts::<T>(&attestor, T::MaxAccountsPerIdentity::get() - 1);
		let account: T::AccountId = account("joiner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(attestor), identity, account.clone());

		let proposed = PendingLinks::<T>::get(&account, identity).expect("proposed");
		assert!(!proposed.approved);
	}

	/// An account of the identity approves.
	#[benchmark]
	fn approve_link() {
		let (identity, approver, account) = a_proposed_link::<T>(false);

		#[extrinsic_call]
		_(RawOrigin::Signed(approver), account.clone());

		assert!(PendingLinks::<T>::get(&account, identity).expect("proposed").approved);
	}

	/// The identity has one place left; the link was approved; its onboarding attestor was
	/// appointed by the consortium.
	#[benchmark]
	fn accept_link() {
		let (identity, _, account) = a_proposed_link::<T>(true);
		// The identity's onboarding attestor was appointed (before the proposal): its
		// appointment is read too.
		OnboardingAppointedAt::<T>::insert(identity, frame_system::Pallet::<T>::block_number());

		#[extrinsic_call]
		_(RawOrigin::Signed(account.clone()), identity);

		assert_eq!(IdentityOfAccount::<T>::get(&account), Some(identity));
	}

	/// An account of the identity withdraws an approved proposal (the costlier caller: its
	/// identity is read).
	#[benchmark]
	fn cancel_link() {
		let (identity, approver, account) = a_proposed_link::<T>(true);

		#[extrinsic_call]
		_(RawOrigin::Signed(approver), account.clone(), identity);

		assert!(PendingLinks::<T>::get(&account, identity).is_none());
	}

	/// The identity has the most accounts; the last unlinks itself.
	#[benchmark]
	fn unlink() {
		let attestor = registered_attestor::<T>(0);
		let identity = identity_with_accounts::<T>(&attestor, T::MaxAccountsPerIdentity::get());
		let last = Identities::<T>::get(identity).unwrap().accounts.last().unwrap().clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), last.clone());

		assert!(IdentityOfAccount::<T>::get(&last).is_none());
	}

	#[benchmark]
	fn invite_attestor() {
		let attestor = registered_attestor::<T>(0);
		// Every account of the identity is asked for unsettled subscriptions.
		let identity = identity_with_accounts::<T>(&attestor, T::MaxAccountsPerIdentity::get());
		let investor = Identities::<T>::get(identity).unwrap().accounts[0].clone();
		let invited: T::AccountId = account("invited", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), invited.clone());

		assert_eq!(InvitedAttestor::<T>::get(identity), Some(invited));
	}

	/// The identity dismisses the attestor that onboarded it, which it had also invited again:
	/// its attestation removed (the last of the most an identity may have), its invitation
	/// withdrawn, the dismissal recorded.
	#[benchmark]
	fn dismiss_attestor() {
		let attestor = registered_attestor::<T>(0);
		// Every account of the identity is asked for unsettled subscriptions.
		let identity = identity_with_accounts::<T>(&attestor, T::MaxAccountsPerIdentity::get());
		let investor = Identities::<T>::get(identity).unwrap().accounts[0].clone();
		for i in 1..T::MaxAttestationsPerIdentity::get() {
			let other = registered_attestor::<T>(100 + i);
			Pallet::<T>::store_attestation(identity, &other, valid_attestation::<T>()).unwrap();
		}
		Pallet::<T>::store_attestation(identity, &attestor, valid_attestation::<T>()).unwrap();
		InvitedAttestor::<T>::insert(identity, &attestor);

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), attestor.clone());

		assert!(crate::Pallet::<T>::attestation(identity, &attestor).is_none());
		assert!(OnboardingAttestorDismissed::<T>::contains_key(identity));
		assert_eq!(InvitedAttestor::<T>::get(identity), None);
	}

	/// The worst case: an invited attestor's first attestation of an identity whose places
	/// are all taken by attestations of removed attestors, which are pruned; the attestor
	/// onboarded the identity and was dismissed since (so each way it might be allowed is
	/// looked at), and every account of the identity (the most) is asked for unsettled
	/// subscriptions.
	#[benchmark]
	fn attest() {
		let attestor = registered_attestor::<T>(1);
		let identity = identity_with_accounts::<T>(&attestor, T::MaxAccountsPerIdentity::get());
		OnboardingAttestorDismissed::<T>::insert(identity, ());
		for i in 0..T::MaxAttestationsPerIdentity::get() {
			let gone = registered_attestor::<T>(100 + i);
			Pallet::<T>::store_attestation(identity, &gone, valid_attestation::<T>()).unwrap();
			Pallet::<T>::forget_attestor(&gone);
		}
		InvitedAttestor::<T>::insert(identity, &attestor);
		let expires_at = a_year_from_now::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(attestor.clone()),
			identity,
			CountryCode(*b"US"),
			InvestorClass::Accredited,
			3,
			true,
			true,
			expires_at,
			H256::repeat_byte(1),
		);

		assert!(crate::Pallet::<T>::attestation(identity, &attestor).is_some());
		assert_eq!(Attestations::<T>::get(identity).len() as u32, 1);
	}

	/// The worst case: an identity with the most accounts (its record read and written
	/// whole), onboarded by an account that is no attestor now but an exchange's validator
	/// (every registry asked, the exchange's record read), given an exchange's operator
	/// (its record read: larger than a registered attestor's).
	#[benchmark]
	fn appoint_onboarding_attestor() {
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let appointed: T::AccountId = account("appointed", 0, 0);
		T::Exchanges::admit_for_benchmark(&appointed, CountryCode(*b"US"));
		// Another exchange's validator (its record is another key than the appointed one's
		// exchange): `pallet-exchanges` gives the exchanges it admits for benchmarks this
		// validator.
		let other = T::Exchanges::admit_for_benchmark(&account("other", 0, 0), CountryCode(*b"DE"));
		let previous: T::AccountId = account("benchmark-validator", other, 0);
		let identity = identity_with_accounts::<T>(&previous, T::MaxAccountsPerIdentity::get());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, identity, appointed.clone());

		assert_eq!(Identities::<T>::get(identity).unwrap().created_by, appointed);
		assert!(OnboardingAppointedAt::<T>::contains_key(identity));
	}

	/// The worst case: the identity's attestations at their bound, the caller's last, and
	/// the caller suspended, so the licence table is read to find its claim no longer
	/// counts (release 133).
	#[benchmark]
	fn revoke() {
		let mut attestor = registered_attestor::<T>(0);
		let identity = identity_with_accounts::<T>(&attestor, 1);
		for i in 0..T::MaxAttestationsPerIdentity::get() {
			attestor = registered_attestor::<T>(i);
			Pallet::<T>::store_attestation(identity, &attestor, valid_attestation::<T>()).unwrap();
		}
		let consortium =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		Pallet::<T>::suspend_attestor(consortium, attestor.clone()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(attestor.clone()), identity, 1);

		assert!(crate::Pallet::<T>::attestation(identity, &attestor).unwrap().revoked.is_some());
	}

	/// The profile lookup every compliance check makes: an identity with the most
	/// attestations, each from a registered attestor. Not a call: securities, offerings and
	/// the order book add it to their own weights.
	#[benchmark]
	fn investor_profile() {
		let first = registered_attestor::<T>(0);
		let identity = identity_with_accounts::<T>(&first, 1);
		for i in 0..T::MaxAttestationsPerIdentity::get() {
			let attestor = registered_attestor::<T>(i);
			Pallet::<T>::store_attestation(identity, &attestor, valid_attestation::<T>()).unwrap();
		}
		let investor = Identities::<T>::get(identity).unwrap().accounts[0].clone();
		// The table at its bound: the lookup decodes all of it.
		Pallet::<T>::fill_licences_for_benchmark(0, 0);
		let profile;

		#[block]
		{
			profile = Pallet::<T>::investor_profile(&investor);
		}

		assert_eq!(profile.unwrap().claims.len() as u32, T::MaxAttestationsPerIdentity::get());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
