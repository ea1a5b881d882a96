//! Who the consortium is: storing an exchange (admission and genesis alike), its
//! jurisdictions, the active list and the council's membership that follows it.

use crate::{
	ActiveExchanges, BarredNodes, Config, Error, Exchange, ExchangeOfAccount, ExchangeOfNode,
	ExchangeStatus, Exchanges, LicenceHash, MinActiveExchanges, NextExchangeId, NodeId, Pallet,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchResult, EnsureOrigin},
	traits::{ChangeMembers, Get},
	BoundedVec,
};
use frame_system::pallet_prelude::OriginFor;
use sp_runtime::DispatchError;
use stledger_primitives::{CountryCode, ExchangeId, ExchangeLicenceObserver};

impl<T: Config> Pallet<T> {
	pub(crate) fn ensure_consortium(origin: OriginFor<T>) -> DispatchResult {
		T::ConsortiumOrigin::ensure_origin(origin).map_err(|_| Error::<T>::NotConsortium)?;
		Ok(())
	}

	/// Validate and store a new active exchange; returns its id. Shared by genesis and
	/// [`Pallet::admit`] so both enforce the same invariants.
	pub(crate) fn insert_exchange(
		name: BoundedVec<u8, T::MaxNameLength>,
		jurisdictions: BoundedVec<CountryCode, T::MaxJurisdictions>,
		licence: LicenceHash,
		operator: T::AccountId,
		validator: T::AccountId,
		node: NodeId,
	) -> Result<ExchangeId, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		Self::validate_jurisdictions(&jurisdictions)?;
		ensure!(!node.is_empty(), Error::<T>::EmptyNodeId);
		ensure!(!ExchangeOfAccount::<T>::contains_key(&operator), Error::<T>::OperatorInUse);
		// It would attest under two licences, one of which a suspension of the exchange does
		// not stop (helper-67).
		ensure!(
			!<T::Attestors as stledger_primitives::AttestorRegistry<_>>::is_registered_attestor(
				&operator
			),
			Error::<T>::OperatorIsAttestor
		);
		ensure!(!ExchangeOfAccount::<T>::contains_key(&validator), Error::<T>::ValidatorInUse);
		ensure!(!ExchangeOfNode::<T>::contains_key(&node), Error::<T>::NodeInUse);
		ensure!(!BarredNodes::<T>::contains_key(&node), Error::<T>::NodeBarred);
		ensure!(Exchanges::<T>::count() < T::MaxExchanges::get(), Error::<T>::TooManyExchanges);

		let exchange = NextExchangeId::<T>::get();
		NextExchangeId::<T>::put(exchange.saturating_add(1));
		ExchangeOfAccount::<T>::insert(&operator, exchange);
		ExchangeOfAccount::<T>::insert(&validator, exchange);
		ExchangeOfNode::<T>::insert(&node, exchange);
		Self::licence_changed(exchange, &jurisdictions)?;
		Exchanges::<T>::insert(
			exchange,
			Exchange {
				name,
				jurisdictions,
				licence,
				operator,
				validator,
				node,
				status: ExchangeStatus::Active,
			},
		);
		Self::activate(exchange)?;
		Ok(exchange)
	}

	pub(crate) fn validate_jurisdictions(jurisdictions: &[CountryCode]) -> DispatchResult {
		use stledger_primitives::{check_jurisdiction_list, JurisdictionListError as E};
		check_jurisdiction_list(jurisdictions).map_err(|e| match e {
			E::Empty => Error::<T>::NoJurisdictions,
			E::Malformed => Error::<T>::InvalidJurisdiction,
			E::Duplicate => Error::<T>::DuplicateJurisdiction,
		})?;
		Ok(())
	}

	/// Tell [`Config::LicenceObserver`] that `exchange` is licensed for `jurisdictions`
	/// from now on (none: suspended or removed).
	pub(crate) fn licence_changed(
		exchange: ExchangeId,
		jurisdictions: &[CountryCode],
	) -> DispatchResult {
		T::LicenceObserver::exchange_licence_changed(exchange, jurisdictions)
			.map_err(|_| Error::<T>::LicenceNotRecorded.into())
	}

	pub(crate) fn activate(exchange: ExchangeId) -> DispatchResult {
		ActiveExchanges::<T>::try_mutate(|active| {
			let position = active.binary_search(&exchange).unwrap_or_else(|p| p);
			active.try_insert(position, exchange).map_err(|_| Error::<T>::TooManyExchanges.into())
		})
	}

	pub(crate) fn deactivate(exchange: ExchangeId) -> DispatchResult {
		Self::ensure_floor_without(exchange)?;
		ActiveExchanges::<T>::mutate(|active| active.retain(|id| *id != exchange));
		Ok(())
	}

	/// How many active exchanges, but `except`, have their node on the network (not barred,
	/// [`Pallet::bar_node`]): what [`MinActiveExchanges`] counts. Reads each active exchange
	/// and its node's bar (at most [`Config::MaxExchanges`]).
	pub(crate) fn active_exchanges_online(except: Option<ExchangeId>) -> u32 {
		ActiveExchanges::<T>::get()
			.into_iter()
			.filter(|id| Some(*id) != except)
			.filter(|id| {
				Exchanges::<T>::get(id)
					.is_some_and(|info| !BarredNodes::<T>::contains_key(&info.node))
			})
			.count() as u32
	}

	/// Refuse a change that takes `exchange` out of the count (a suspension, a removal, a bar
	/// on its node) if the others would be fewer than [`MinActiveExchanges`].
	pub(crate) fn ensure_floor_without(exchange: ExchangeId) -> DispatchResult {
		ensure!(
			Self::active_exchanges_online(Some(exchange)) >= MinActiveExchanges::<T>::get(),
			Error::<T>::TooFewActiveExchanges
		);
		Ok(())
	}

	/// The operators of the active exchanges, sorted: the council's membership.
	pub fn active_operators() -> Vec<T::AccountId> {
		let mut operators: Vec<T::AccountId> = ActiveExchanges::<T>::get()
			.iter()
			.filter_map(|id| Exchanges::<T>::get(id).map(|info| info.operator))
			.collect();
		operators.sort();
		operators
	}

	pub(crate) fn members_changed(old_members: &[T::AccountId]) {
		T::MembershipChanged::set_members_sorted(&Self::active_operators(), old_members);
	}
}
