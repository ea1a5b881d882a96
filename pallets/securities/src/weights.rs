//! Placeholder until `scripts/benchmark.sh pallet_securities` writes the measured weights.
#![allow(missing_docs)]
use frame_support::weights::Weight;
pub trait WeightInfo {
	fn create_security() -> Weight;
	fn set_rules() -> Weight;
	fn add_agent() -> Weight;
	fn remove_agent() -> Weight;
	fn transfer() -> Weight;
	fn mint() -> Weight;
	fn redeem() -> Weight;
	fn pause() -> Weight;
	fn unpause() -> Weight;
	fn freeze_account() -> Weight;
	fn unfreeze_account() -> Weight;
	fn set_frozen_amount() -> Weight;
	fn forced_transfer() -> Weight;
	fn recover() -> Weight;
}
macro_rules! zero { ($($f:ident),*) => { $(fn $f() -> Weight { Weight::zero() })* } }
impl WeightInfo for () {
	zero!(
		create_security,
		set_rules,
		add_agent,
		remove_agent,
		transfer,
		mint,
		redeem,
		pause,
		unpause,
		freeze_account,
		unfreeze_account,
		set_frozen_amount,
		forced_transfer,
		recover
	);
}
pub struct SubstrateWeight<T>(core::marker::PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	zero!(
		create_security,
		set_rules,
		add_agent,
		remove_agent,
		transfer,
		mint,
		redeem,
		pause,
		unpause,
		freeze_account,
		unfreeze_account,
		set_frozen_amount,
		forced_transfer,
		recover
	);
}
