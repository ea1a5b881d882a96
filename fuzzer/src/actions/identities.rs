//! Identities and their accounts: attestations, and the link protocol run as its parties
//! would run it, so that accounts move between identities while holding and recoveries find
//! another account of the holder's identity.

use super::Planner;
use sp_core::H256;
use stledger_runtime::{AccountId, RuntimeCall};

impl Planner<'_> {
	pub(super) fn attestation(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_attestation::Call;
		let identity = match self.rng.pick(&self.view.identities) {
			Some(id) if self.rng.chance(90) => *id,
			_ => self.rng.below(50),
		};
		let operator = self.operator();
		let call = match self.rng.below(100) {
			0..=39 => Call::attest {
				identity,
				jurisdiction: self.country(),
				class: self.class(),
				risk_tolerance: self.rng.range(1, 5) as u8,
				kyc_passed: self.rng.chance(90),
				aml_passed: self.rng.chance(90),
				expires_at: self.moment(),
				evidence: H256::repeat_byte(self.rng.below(256) as u8),
			},
			40..=54 => Call::revoke { identity, reason: 1 },
			55..=64 => Call::create_identity {},
			// The link protocol, usually as its parties would run it (the identity's creator
			// proposes an unlinked account, an account of the identity approves, the account
			// accepts; an account unlinks itself), so that accounts move between identities
			// and the paths of relinked holders (recovery, a holding brought along) are
			// reached.
			65..=74 => {
				let account = match self.unlinked_actor() {
					Some(account) if self.rng.chance(70) => account,
					_ => self.account(),
				};
				let creator = self.creator_of_identity(identity);
				return (
					creator.or(Some(operator)),
					RuntimeCall::Attestation(Call::propose_link { identity, account }),
				);
			},
			75..=84 => {
				let pending = self.rng.pick(&self.view.pending_links).cloned();
				return match pending {
					Some((account, identity, _)) if self.rng.chance(85) => {
						let signer = self.actor_of(&account);
						(signer, RuntimeCall::Attestation(Call::accept_link { identity }))
					},
					_ => (None, RuntimeCall::Attestation(Call::accept_link { identity })),
				};
			},
			85..=90 => {
				let linked = self.rng.pick(&self.view.links).cloned();
				return match linked {
					Some((account, _)) if self.rng.chance(85) => {
						let signer = self.actor_of(&account);
						(signer, RuntimeCall::Attestation(Call::unlink { account }))
					},
					_ => (
						Some(operator),
						RuntimeCall::Attestation(Call::unlink { account: self.account() }),
					),
				};
			},
			91..=94 => {
				let pending = self.rng.pick(&self.view.pending_links).cloned();
				return match pending {
					Some((account, identity, _)) if self.rng.chance(85) => {
						let approver = self.linked_actor_of(identity);
						(approver, RuntimeCall::Attestation(Call::approve_link { account }))
					},
					_ => (
						Some(operator),
						RuntimeCall::Attestation(Call::approve_link { account: self.account() }),
					),
				};
			},
			_ => {
				// An identity's own calls: invite or dismiss an attestor.
				let investor = self.investor();
				let operator = self.operator();
				let attestor = self.accounts[operator].clone();
				let call = if self.rng.chance(50) {
					Call::invite_attestor { attestor }
				} else {
					Call::dismiss_attestor { attestor }
				};
				return (Some(investor), RuntimeCall::Attestation(call));
			},
		};
		(Some(operator), RuntimeCall::Attestation(call))
	}

	/// The actor whose account is `account`, if it is one of ours.
	pub(super) fn actor_of(&self, account: &AccountId) -> Option<usize> {
		self.accounts.iter().position(|a| a == account)
	}

	/// An actor's account linked to no identity, if there is one.
	fn unlinked_actor(&mut self) -> Option<AccountId> {
		let unlinked: Vec<AccountId> = self
			.accounts
			.iter()
			.filter(|a| !self.view.links.iter().any(|(linked, _)| linked == *a))
			.cloned()
			.collect();
		self.rng.pick(&unlinked).cloned()
	}

	/// An actor whose account belongs to `identity`, if there is one.
	fn linked_actor_of(&mut self, identity: u64) -> Option<usize> {
		let linked: Vec<usize> = self
			.view
			.links
			.iter()
			.filter(|(_, id)| *id == identity)
			.filter_map(|(account, _)| self.actor_of(account))
			.collect();
		self.rng.pick(&linked).copied()
	}

	/// The actor that created `identity`, if it is one of ours.
	fn creator_of_identity(&self, identity: u64) -> Option<usize> {
		let (_, creator) = self.view.identity_creators.iter().find(|(id, _)| *id == identity)?;
		self.actor_of(creator)
	}

	/// A holding whose account shares its identity with another actor's account, and that
	/// account: a recovery that can succeed.
	pub(super) fn recoverable(&mut self) -> Option<(u32, AccountId, AccountId)> {
		let candidates: Vec<(u32, AccountId, AccountId)> =
			self.view
				.holdings
				.iter()
				.filter_map(|(security, lost, _)| {
					let (_, identity) = self.view.links.iter().find(|(a, _)| a == lost)?;
					let (new, _) = self.view.links.iter().find(|(a, id)| {
						id == identity && a != lost && self.actor_of(a).is_some()
					})?;
					Some((*security, lost.clone(), new.clone()))
				})
				.collect();
		self.rng.pick(&candidates).cloned()
	}
}
