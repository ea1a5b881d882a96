//! `pallet-assets` with one transfer path: [`DirectTransfers`].

use core::marker::PhantomData;
use frame_support::traits::tokens::{
	fungibles::{self, Dust},
	DepositConsequence, Fortitude, Precision, Preservation, Provenance, WithdrawConsequence,
};
use pallet_assets::TransferFlags;
use sp_runtime::{traits::Zero, DispatchError};

type AssetsOf<T, I> = pallet_assets::Pallet<T, I>;
type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
type AssetIdOf<T, I> = <T as pallet_assets::Config<I>>::AssetId;
type BalanceOf<T, I> = <T as pallet_assets::Config<I>>::Balance;

/// `pallet-assets` as the `fungibles` traits see it, except for `Mutate::transfer`.
///
/// The `fungibles` traits' default transfer checks the withdrawal and the deposit, then debits
/// and credits through `Unbalanced`: each step reads the asset's record and both accounts
/// again, asks the freezer three times, and writes the asset's record twice. `pallet-assets`'
/// own transfer (`do_transfer`, which its `transfer` and `transfer_keep_alive` calls run with
/// `burn_dust` off) does the same checks in one pass. Every token leg and every cash leg of a
/// trade, an offering's settlement and a peer-to-peer transfer goes through here, so the
/// difference is paid in every one of them (docs/performance.md, "One pass through
/// pallet-assets").
///
/// It moves what the default path moves and refuses what it refuses: the same freezes, holds,
/// frozen and blocked accounts, asset status, keep-alive and minimum balance, the receiver
/// checked for the amount, the same account deaths and `died` hooks, and `pallet-assets`'
/// `Transferred` event for the amount. What differs:
/// - an emptying transfer that leaves the sender less than the minimum balance: both paths
///   debit that remainder with the account and credit the amount; the default path leaves the
///   remainder in the supply with no balance holding it, this one burns it (`burn_dust`), so
///   the supply stays the sum of the balances;
/// - a refusal by `pallet-assets` carries its own error (`BalanceLow`, `Frozen`, `NoAccount`,
///   `AssetNotLive`, `Unknown`) rather than a `TokenError`; the receiver's are unchanged;
/// - an emptying transfer to a new account creates the receiver before removing the sender
///   (`System` events `NewAccount` and `KilledAccount` in that order).
///
/// A transfer from an account to itself, or of nothing, keeps the default path (its checks, no
/// movement, and for nothing its event).
pub struct DirectTransfers<T, I = ()>(PhantomData<(T, I)>);

impl<T: pallet_assets::Config<I>, I: 'static> fungibles::Inspect<AccountIdOf<T>>
	for DirectTransfers<T, I>
{
	type AssetId = AssetIdOf<T, I>;
	type Balance = BalanceOf<T, I>;

	fn total_issuance(asset: Self::AssetId) -> Self::Balance {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::total_issuance(asset)
	}
	fn active_issuance(asset: Self::AssetId) -> Self::Balance {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::active_issuance(asset)
	}
	fn minimum_balance(asset: Self::AssetId) -> Self::Balance {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::minimum_balance(asset)
	}
	fn total_balance(asset: Self::AssetId, who: &AccountIdOf<T>) -> Self::Balance {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::total_balance(asset, who)
	}
	fn balance(asset: Self::AssetId, who: &AccountIdOf<T>) -> Self::Balance {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::balance(asset, who)
	}
	fn reducible_balance(
		asset: Self::AssetId,
		who: &AccountIdOf<T>,
		preservation: Preservation,
		force: Fortitude,
	) -> Self::Balance {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::reducible_balance(
			asset,
			who,
			preservation,
			force,
		)
	}
	fn can_deposit(
		asset: Self::AssetId,
		who: &AccountIdOf<T>,
		amount: Self::Balance,
		provenance: Provenance,
	) -> DepositConsequence {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::can_deposit(asset, who, amount, provenance)
	}
	fn can_withdraw(
		asset: Self::AssetId,
		who: &AccountIdOf<T>,
		amount: Self::Balance,
	) -> WithdrawConsequence<Self::Balance> {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::can_withdraw(asset, who, amount)
	}
	fn asset_exists(asset: Self::AssetId) -> bool {
		<AssetsOf<T, I> as fungibles::Inspect<_>>::asset_exists(asset)
	}
}

impl<T: pallet_assets::Config<I>, I: 'static> fungibles::Unbalanced<AccountIdOf<T>>
	for DirectTransfers<T, I>
{
	fn handle_raw_dust(asset: Self::AssetId, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::handle_raw_dust(asset, amount)
	}
	fn handle_dust(dust: Dust<AccountIdOf<T>, Self>) {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::handle_dust(Dust(dust.0, dust.1))
	}
	fn write_balance(
		asset: Self::AssetId,
		who: &AccountIdOf<T>,
		amount: Self::Balance,
	) -> Result<Option<Self::Balance>, DispatchError> {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::write_balance(asset, who, amount)
	}
	fn set_total_issuance(asset: Self::AssetId, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::set_total_issuance(asset, amount)
	}
	fn decrease_balance(
		asset: Self::AssetId,
		who: &AccountIdOf<T>,
		amount: Self::Balance,
		precision: Precision,
		preservation: Preservation,
		force: Fortitude,
	) -> Result<Self::Balance, DispatchError> {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::decrease_balance(
			asset,
			who,
			amount,
			precision,
			preservation,
			force,
		)
	}
	fn increase_balance(
		asset: Self::AssetId,
		who: &AccountIdOf<T>,
		amount: Self::Balance,
		precision: Precision,
	) -> Result<Self::Balance, DispatchError> {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::increase_balance(
			asset, who, amount, precision,
		)
	}
	fn deactivate(asset: Self::AssetId, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::deactivate(asset, amount)
	}
	fn reactivate(asset: Self::AssetId, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Unbalanced<_>>::reactivate(asset, amount)
	}
}

impl<T: pallet_assets::Config<I>, I: 'static> fungibles::Mutate<AccountIdOf<T>>
	for DirectTransfers<T, I>
{
	fn transfer(
		asset: Self::AssetId,
		source: &AccountIdOf<T>,
		dest: &AccountIdOf<T>,
		amount: Self::Balance,
		preservation: Preservation,
	) -> Result<Self::Balance, DispatchError> {
		// Both no-ops keep the default path: its checks, and its event for a zero amount.
		if source == dest || amount.is_zero() {
			return <AssetsOf<T, I> as fungibles::Mutate<_>>::transfer(
				asset,
				source,
				dest,
				amount,
				preservation,
			);
		}
		let flags = TransferFlags {
			keep_alive: preservation != Preservation::Expendable,
			best_effort: false,
			// The receiver gets the amount and is checked for it, as on the default path; a
			// remainder under the minimum that the sender cannot keep leaves the supply too.
			burn_dust: true,
		};
		AssetsOf::<T, I>::do_transfer(asset, source, dest, amount, None, flags)
	}

	fn done_mint_into(asset: Self::AssetId, who: &AccountIdOf<T>, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Mutate<_>>::done_mint_into(asset, who, amount)
	}
	fn done_burn_from(asset: Self::AssetId, who: &AccountIdOf<T>, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Mutate<_>>::done_burn_from(asset, who, amount)
	}
	fn done_shelve(asset: Self::AssetId, who: &AccountIdOf<T>, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Mutate<_>>::done_shelve(asset, who, amount)
	}
	fn done_restore(asset: Self::AssetId, who: &AccountIdOf<T>, amount: Self::Balance) {
		<AssetsOf<T, I> as fungibles::Mutate<_>>::done_restore(asset, who, amount)
	}
	fn done_transfer(
		asset: Self::AssetId,
		source: &AccountIdOf<T>,
		dest: &AccountIdOf<T>,
		amount: Self::Balance,
	) {
		<AssetsOf<T, I> as fungibles::Mutate<_>>::done_transfer(asset, source, dest, amount)
	}
}

impl<T: pallet_assets::Config<I>, I: 'static> fungibles::Create<AccountIdOf<T>>
	for DirectTransfers<T, I>
{
	fn create(
		id: Self::AssetId,
		admin: AccountIdOf<T>,
		is_sufficient: bool,
		min_balance: Self::Balance,
	) -> sp_runtime::DispatchResult {
		<AssetsOf<T, I> as fungibles::Create<_>>::create(id, admin, is_sufficient, min_balance)
	}
}

impl<T: pallet_assets::Config<I>, I: 'static> fungibles::metadata::Inspect<AccountIdOf<T>>
	for DirectTransfers<T, I>
{
	fn name(asset: Self::AssetId) -> alloc::vec::Vec<u8> {
		<AssetsOf<T, I> as fungibles::metadata::Inspect<_>>::name(asset)
	}
	fn symbol(asset: Self::AssetId) -> alloc::vec::Vec<u8> {
		<AssetsOf<T, I> as fungibles::metadata::Inspect<_>>::symbol(asset)
	}
	fn decimals(asset: Self::AssetId) -> u8 {
		<AssetsOf<T, I> as fungibles::metadata::Inspect<_>>::decimals(asset)
	}
}

impl<T: pallet_assets::Config<I>, I: 'static> fungibles::metadata::Mutate<AccountIdOf<T>>
	for DirectTransfers<T, I>
{
	fn set(
		asset: Self::AssetId,
		from: &AccountIdOf<T>,
		name: alloc::vec::Vec<u8>,
		symbol: alloc::vec::Vec<u8>,
		decimals: u8,
	) -> sp_runtime::DispatchResult {
		<AssetsOf<T, I> as fungibles::metadata::Mutate<_>>::set(asset, from, name, symbol, decimals)
	}
}
