//! Transaction fees paid in a cash asset instead of STL.
//!
//! An investor who holds only the settlement cash (USDX on `local`) signs with the
//! `ChargeAssetTxPayment` extension's `assetId` (polkadot.js: `signAndSend(pair, { assetId
//! })`). The fee, computed in STL as for everyone, is converted at the rate the consortium
//! sets for that asset (`assetRate.create` / `update` / `remove`, by council motion: STL
//! smallest units per cash smallest unit) and paid to the consortium's cash fee account.
//! Without `assetId`, fees are paid in STL as before.

use crate::{configs::CashFeesPalletId, AccountId, AssetId, Assets, Balance, Runtime};
use frame_support::traits::{
	fungibles::{Balanced, Credit},
	tokens::ConversionToAssetBalance,
};
use pallet_asset_tx_payment::HandleCredit;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding, traits::AccountIdConversion,
	FixedPointNumber, FixedU128, Rounding,
};

/// Why a fee cannot be paid in an asset.
#[derive(Debug, PartialEq, Eq)]
pub enum CashFeeError {
	/// The consortium has set no rate for this asset.
	NoRate,
	/// The asset is a security: securities move only through their pallet's compliance
	/// check, never as fees.
	Security,
	/// The fee does not fit in a balance at this rate.
	Overflow,
}

/// STL fee → cash fee at the consortium's rate, rounded up (never in the payer's favour).
pub struct CashForNativeFee;
impl ConversionToAssetBalance<Balance, AssetId, Balance> for CashForNativeFee {
	type Error = CashFeeError;

	fn to_asset_balance(fee: Balance, asset: AssetId) -> Result<Balance, CashFeeError> {
		if pallet_securities::Securities::<Runtime>::contains_key(asset) {
			return Err(CashFeeError::Security);
		}
		let rate = pallet_asset_rate::ConversionRateToNative::<Runtime>::get(asset)
			.ok_or(CashFeeError::NoRate)?;
		multiply_by_rational_with_rounding(fee, FixedU128::DIV, rate.into_inner(), Rounding::Up)
			.ok_or(CashFeeError::Overflow)
	}
}

/// The account cash fees are paid to.
pub fn cash_fee_account() -> AccountId {
	CashFeesPalletId::get().into_account_truncating()
}

/// Cash fees go to the consortium's cash fee account (which genesis funds with each cash
/// asset's minimum balance, so it can take any fee).
pub struct CashFeesToConsortium;
impl HandleCredit<AccountId, Assets> for CashFeesToConsortium {
	fn handle_credit(credit: Credit<AccountId, Assets>) {
		// Should the account refuse it, the credit is dropped: the fee is burnt.
		let _ = <Assets as Balanced<AccountId>>::resolve(&cash_fee_account(), credit);
	}
}

/// Benchmarks of the asset-payment extension: a cash asset with a rate, and a funded payer.
#[cfg(feature = "runtime-benchmarks")]
pub struct CashFeeBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_asset_tx_payment::BenchmarkHelperTrait<AccountId, AssetId, AssetId>
	for CashFeeBenchmarks
{
	fn create_asset_id_parameter(id: u32) -> (AssetId, AssetId) {
		(id, id)
	}

	fn setup_balances_and_pool(asset: AssetId, account: AccountId) {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		if !<Assets as Inspect<AccountId>>::asset_exists(asset) {
			<Assets as Create<AccountId>>::create(asset, account.clone(), true, 1).unwrap();
		}
		<Assets as Mutate<AccountId>>::mint_into(asset, &account, 1_000_000_000_000).unwrap();
		// Fees paid in STL too (the native-payment benchmark).
		<crate::Balances as frame_support::traits::fungible::Mutate<AccountId>>::mint_into(
			&account,
			1_000_000 * crate::UNIT,
		)
		.unwrap();
		pallet_asset_rate::ConversionRateToNative::<Runtime>::insert(asset, FixedU128::from_u32(1));
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_fee_is_converted_at_the_rate_rounded_up() {
		sp_io::TestExternalities::default().execute_with(|| {
			assert_eq!(CashForNativeFee::to_asset_balance(1_000, 1), Err(CashFeeError::NoRate));
			// One cash unit is worth 1 000 000 STL units.
			pallet_asset_rate::ConversionRateToNative::<Runtime>::insert(
				1,
				FixedU128::from_u32(1_000_000),
			);
			assert_eq!(CashForNativeFee::to_asset_balance(5_000_000, 1), Ok(5));
			assert_eq!(CashForNativeFee::to_asset_balance(5_000_001, 1), Ok(6));
		});
	}
}
