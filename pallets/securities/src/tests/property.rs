//! A property test over random call sequences, and the auditor's cap table adding up.

use super::*;
use stledger_primitives::testing::Rng;

// Random sequences of calls: after each, supply equals the sum of balances, holder counts
// equal a recount, the tokens held for settlements equal the positions' holds, and nobody
// received while ineligible.
#[test]
fn random_sequences_keep_the_ledger_consistent() {
	let accounts = [ALICE, ALICE_2, BOB, CAROL, DAVE, STRANGER];
	for seed in 1..=40u64 {
		new_test_ext().execute_with(|| {
			let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
			create();
			set_rules(|r| {
				r.max_holders = Some(3);
				r.min_holding = Some(2);
			});
			for _ in 0..60 {
				let a = accounts[rng.next(accounts.len() as u64) as usize];
				let b = accounts[rng.next(accounts.len() as u64) as usize];
				let amount = rng.next(60) as u128;
				let receiver_eligible =
					<MockInvestors as InvestorRegistry<u64>>::profile(&b).is_ok();
				let before = balance(b);
				let hold = 1 + rng.next(3) as u32;
				let result = match rng.next(11) {
					0 | 1 => Ledger::mint(signed(ISSUER), SECURITY, b, amount, None),
					2 => Ledger::mint(
						signed(ISSUER),
						SECURITY,
						b,
						amount,
						Some(START + rng.next(5) * DAY + 1),
					),
					3 | 4 => Ledger::transfer(signed(a), SECURITY, b, amount)
						.map(|_| ())
						.map_err(|e| e.error),
					5 => Ledger::forced_transfer(
						signed(ISSUER),
						SECURITY,
						a,
						b,
						amount,
						Default::default(),
					),
					6 => Ledger::redeem(signed(ISSUER), SECURITY, a, amount),
					7 => Ledger::set_frozen_amount(signed(ISSUER), SECURITY, a, amount, why()),
					8 => <Ledger as SecuritiesLedger<_, _>>::issue_held(SECURITY, &b, amount, hold),
					9 if rng.next(2) == 0 => {
						<Ledger as SecuritiesLedger<_, _>>::release_held(SECURITY, &a, hold, None)
							.map(|_| ())
					},
					9 => <Ledger as SecuritiesLedger<_, _>>::burn_held(SECURITY, &a, hold)
						.map(|_| ()),
					_ => {
						set_time(pallet_timestamp::Now::<Test>::get() + rng.next(2) * DAY);
						make_ineligible(a, Ineligibility::Expired);
						Ok(())
					},
				};
				if result.is_ok() && balance(b) > before {
					assert!(receiver_eligible, "seed {seed}: {b} received while ineligible");
				}
				let sum: u128 = pallet_assets::Account::<Test>::iter_prefix(SECURITY)
					.map(|(_, d)| d.balance)
					.sum();
				assert_eq!(Assets::total_issuance(SECURITY), sum, "seed {seed}: supply");
				assert_eq!(recount(), Ledger::holder_counts(SECURITY), "seed {seed}: holders");
				let holds: u128 = Positions::<Test>::iter_prefix_values(SECURITY)
					.map(|position| Ledger::held_in(&position))
					.sum();
				assert_eq!(
					HeldForSettlement::<Test>::get(SECURITY),
					holds,
					"seed {seed}: held for settlements"
				);
				let mut held_by = std::collections::BTreeMap::<_, u128>::new();
				for position in Positions::<Test>::iter_prefix_values(SECURITY) {
					let amount = Ledger::held_in(&position);
					if amount != 0 {
						let identity = position.identity.expect("held tokens have an identity");
						*held_by.entry(identity).or_default() += amount;
					}
				}
				assert_eq!(
					IdentityHeldForSettlement::<Test>::iter_prefix(SECURITY)
						.collect::<std::collections::BTreeMap<_, _>>(),
					held_by,
					"seed {seed}: each identity's held for settlements"
				);
				for account in accounts {
					let locked =
						Ledger::locked(SECURITY, &account, pallet_timestamp::Now::<Test>::get());
					assert!(
						locked <= balance(account),
						"seed {seed}: {account} locks more than it holds"
					);
				}
			}
		});
	}
}

#[test]
fn the_cap_table_pages_through_every_holder_and_adds_up_to_the_supply() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		mint(BOB, 50);
		mint(CAROL, 7);
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, DAVE, 30, Some(Ledger::now() + 1_000)));
		assert_ok!(Ledger::set_frozen_amount(signed(ISSUER), SECURITY, BOB, 5, why()));
		assert_ok!(Ledger::freeze_account(signed(ISSUER), SECURITY, CAROL, why()));
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::reserve(SECURITY, &ALICE, 20, 0));

		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = Ledger::cap_table(SECURITY, after, 1);
			let Some(entry) = page.last() else { break };
			after = Some(entry.account);
			seen.extend(page);
		}
		let total: u128 = seen.iter().map(|e| e.balance).sum();
		assert_eq!(total, Assets::total_issuance(SECURITY));
		let mut accounts: Vec<_> = seen.iter().map(|e| e.account).collect();
		accounts.sort();
		assert_eq!(accounts, vec![ALICE, BOB, CAROL, DAVE]);
		let of = |who| seen.iter().find(|e| e.account == who).unwrap().clone();
		assert_eq!((of(ALICE).reserved, of(BOB).frozen, of(DAVE).locked), (20, 5, 30));
		assert!(of(CAROL).account_frozen);
		assert_eq!(of(ALICE).profile, Ok((code("US"), InvestorClass::Accredited)));
		assert_eq!(Ledger::cap_table(SECURITY, None, 10).len(), 4);
	});
}
