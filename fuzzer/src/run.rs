//! Runs: episodes of random blocks from genesis, checked after every extrinsic and block;
//! on a failure, the shortest sequence of calls that still fails the same way.

use crate::{
	actions::Planner,
	actors::actors,
	chain::{BlockPlan, Chain},
	invariants::{self, Violation},
	rng::Rng,
};
use std::{
	collections::BTreeMap,
	panic::{catch_unwind, AssertUnwindSafe},
	time::{Duration, Instant},
};

/// How to run.
#[derive(Clone, Debug)]
pub struct Config {
	/// The first episode's seed; each next episode's seed follows from it.
	pub seed: u64,
	/// Blocks per episode (each episode starts again from genesis, so the state stays of a
	/// size the checks can recount after every block).
	pub blocks_per_episode: u32,
	/// Stop after this many episodes…
	pub episodes: Option<u32>,
	/// …or after this long (whichever comes first).
	pub duration: Option<Duration>,
	/// At most this many extrinsics per block.
	pub max_txs_per_block: u64,
	/// How long to look for a shorter failing sequence.
	pub shrink_for: Duration,
	/// The chain every episode starts from: [`Chain::genesis`] with the fuzzer's actors, or
	/// another state (a snapshot of the previous release).
	pub start: fn() -> Chain,
}

/// The `local` genesis with the fuzzer's actors: where episodes start by default.
pub fn from_genesis() -> Chain {
	Chain::genesis(actors())
}

/// Counts of one kind of call.
#[derive(Clone, Debug, Default)]
pub struct KindStats {
	/// Dispatched successfully.
	pub ok: u64,
	/// Included, failed (a refusal).
	pub failed: u64,
	/// Not included (invalid: fees, block full).
	pub invalid: u64,
	/// How often each refusal was seen.
	pub refusals: BTreeMap<String, u64>,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Stats {
	/// Episodes run.
	pub episodes: u32,
	/// Blocks applied.
	pub blocks: u64,
	/// Extrinsics applied.
	pub calls: u64,
	/// Invariant checks done (after each extrinsic and each block).
	pub checks: u64,
	/// Per outer call kind (`pallet.call`).
	pub per_kind: BTreeMap<String, KindStats>,
	/// Wall-clock time.
	pub elapsed: Duration,
}

/// Why a run stopped early.
#[derive(Debug)]
pub enum Broken {
	/// An invariant did not hold.
	Violation(Violation),
	/// The runtime panicked.
	Panic(String),
}

impl Broken {
	fn same_kind(&self, other: &Broken) -> bool {
		match (self, other) {
			(Broken::Violation(a), Broken::Violation(b)) => a.check == b.check,
			(Broken::Panic(_), Broken::Panic(_)) => true,
			_ => false,
		}
	}
}

/// A failure: the episode's seed, what broke, and the shortest sequence found.
#[derive(Debug)]
pub struct Failure {
	/// The failing episode's seed (`--seed` reruns it alone).
	pub seed: u64,
	/// What broke, in the shortest sequence.
	pub broken: Broken,
	/// The blocks of the original episode up to the failure.
	pub original_blocks: usize,
	/// The shortest failing sequence found.
	pub shortest: Vec<BlockPlan>,
}

/// The seed of the episode after `seed`.
pub fn next_seed(seed: u64) -> u64 {
	Rng::new(seed).next_u64()
}

/// Run episodes as `config` says; `progress` hears about each finished episode.
pub fn run(config: &Config, mut progress: impl FnMut(u64, &Stats)) -> Result<Stats, Box<Failure>> {
	let started = Instant::now();
	let mut stats = Stats::default();
	let mut seed = config.seed;
	loop {
		let out_of_time = config.duration.is_some_and(|d| started.elapsed() >= d);
		let enough = config.episodes.is_some_and(|n| stats.episodes >= n);
		if out_of_time || enough {
			break;
		}
		let mut rng = Rng::new(seed);
		let mut chain = (config.start)();
		let mut plans = Vec::new();
		for _ in 0..config.blocks_per_episode {
			if config.duration.is_some_and(|d| started.elapsed() >= d) {
				break;
			}
			let plan = Planner::new(&mut rng, &mut chain).block(config.max_txs_per_block);
			let result = apply(&mut chain, &plan, Some(&mut stats));
			plans.push(plan);
			if let Err(broken) = result {
				let original_blocks = plans.len();
				let (broken, shortest) = shrink(config.start, plans, broken, config.shrink_for);
				return Err(Box::new(Failure { seed, broken, original_blocks, shortest }));
			}
		}
		stats.episodes += 1;
		stats.elapsed = started.elapsed();
		progress(seed, &stats);
		seed = next_seed(seed);
	}
	stats.elapsed = started.elapsed();
	Ok(stats)
}

/// [`run`] of `config.episodes` episodes split into `parts` runs of consecutive episodes,
/// each on its own thread: the very episodes (the same seeds) one run would go through, in
/// about `1/parts` of the time on as many cores. `config.duration` still bounds each part.
/// Stats are summed; if parts fail, the first part's failure (the earliest seeds) is
/// returned, after every part has finished.
///
/// # Panics
///
/// If `config.episodes` is `None` (an open-ended run has no episodes to split).
pub fn run_in_parallel(config: &Config, parts: u32) -> Result<Stats, Box<Failure>> {
	let total = config.episodes.expect("a fixed number of episodes to split");
	let parts = parts.clamp(1, total.max(1));
	let started = Instant::now();
	let mut seed = config.seed;
	let mut configs = Vec::new();
	for part in 0..parts {
		let episodes = total / parts + u32::from(part < total % parts);
		configs.push(Config { seed, episodes: Some(episodes), ..config.clone() });
		for _ in 0..episodes {
			seed = next_seed(seed);
		}
	}
	let results: Vec<_> = std::thread::scope(|scope| {
		let threads: Vec<_> =
			configs.iter().map(|part| scope.spawn(move || run(part, |_, _| {}))).collect();
		threads
			.into_iter()
			.map(|thread| thread.join().expect("run catches the runtime's panics"))
			.collect()
	});
	let mut stats = Stats::default();
	for result in results {
		stats.add(result?);
	}
	stats.elapsed = started.elapsed();
	Ok(stats)
}

impl Stats {
	/// Add `other`'s counts to these (its wall-clock time is not added: parts overlap).
	fn add(&mut self, other: Stats) {
		self.episodes += other.episodes;
		self.blocks += other.blocks;
		self.calls += other.calls;
		self.checks += other.checks;
		for (name, theirs) in other.per_kind {
			let ours = self.per_kind.entry(name).or_default();
			ours.ok += theirs.ok;
			ours.failed += theirs.failed;
			ours.invalid += theirs.invalid;
			for (refusal, count) in theirs.refusals {
				*ours.refusals.entry(refusal).or_default() += count;
			}
		}
	}
}

/// Apply one block and check it, counting into `stats`.
fn apply(chain: &mut Chain, plan: &BlockPlan, stats: Option<&mut Stats>) -> Result<(), Broken> {
	let before = chain.read(invariants::supplies);
	let checks = std::cell::Cell::new(0u64);
	let result = catch_unwind(AssertUnwindSafe(|| {
		chain.apply_block(
			plan,
			|applied| {
				checks.set(checks.get() + 1);
				invariants::after_extrinsic(applied)
			},
			|applied| {
				checks.set(checks.get() + 1);
				invariants::after_block(&before, applied)
			},
		)
	}));
	let applied = match result {
		Err(panic) => {
			let message = panic
				.downcast_ref::<String>()
				.cloned()
				.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
				.unwrap_or_else(|| "a panic".into());
			return Err(Broken::Panic(message));
		},
		Ok(Err(violation)) => return Err(Broken::Violation(violation)),
		Ok(Ok(applied)) => applied,
	};
	if let Some(stats) = stats {
		stats.blocks += 1;
		stats.checks += checks.get();
		for one in &applied {
			stats.calls += 1;
			let kind = stats.per_kind.entry(one.kind.clone()).or_default();
			match &one.outcome {
				None => kind.invalid += 1,
				Some(Ok(())) => kind.ok += 1,
				Some(Err(error)) => {
					kind.failed += 1;
					*kind.refusals.entry(refusal_name(error)).or_default() += 1;
				},
			}
		}
	}
	Ok(())
}

/// Replay `plans` from `start`; the first breakage, if any.
fn replay(start: fn() -> Chain, plans: &[BlockPlan]) -> Option<Broken> {
	let mut chain = start();
	plans.iter().find_map(|plan| apply(&mut chain, plan, None).err())
}

/// Remove blocks, then extrinsics, while the sequence still breaks the same way, for at most
/// `budget`.
fn shrink(
	start: fn() -> Chain,
	mut plans: Vec<BlockPlan>,
	mut broken: Broken,
	budget: Duration,
) -> (Broken, Vec<BlockPlan>) {
	let started = Instant::now();
	let _quiet = QuietPanics::begin();
	let try_candidate = |candidate: &Vec<BlockPlan>, broken: &mut Broken| -> bool {
		match replay(start, candidate) {
			Some(found) if found.same_kind(broken) => {
				*broken = found;
				true
			},
			_ => false,
		}
	};
	// Whole blocks first (keeping their time: the next block is authored that much later).
	let mut i = 0;
	while i < plans.len() && started.elapsed() < budget {
		let mut candidate = plans.clone();
		let removed = candidate.remove(i);
		if let Some(next) = candidate.get_mut(i) {
			next.slots += removed.slots;
		}
		if try_candidate(&candidate, &mut broken) {
			plans = candidate;
		} else {
			i += 1;
		}
	}
	// Then single extrinsics.
	let mut block = 0;
	while block < plans.len() && started.elapsed() < budget {
		let mut tx = 0;
		while tx < plans[block].txs.len() && started.elapsed() < budget {
			let mut candidate = plans.clone();
			candidate[block].txs.remove(tx);
			if try_candidate(&candidate, &mut broken) {
				plans = candidate;
			} else {
				tx += 1;
			}
		}
		block += 1;
	}
	(broken, plans)
}

/// The panic hook in place before the first of the threads now shrinking, and how many are.
type SavedHook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static>;
static SHRINKING: std::sync::Mutex<(usize, Option<SavedHook>)> = std::sync::Mutex::new((0, None));

/// Panic messages silenced while any thread shrinks (its replays panic by design). The
/// hook is process-wide, so the threads of [`run_in_parallel`] share one silence: the first
/// to begin saves the hook, the last to end puts it back (swapping it per thread could
/// leave the silent one in place, and a failing test would then print nothing).
struct QuietPanics;

impl QuietPanics {
	fn begin() -> Self {
		let mut shrinking = SHRINKING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		if shrinking.0 == 0 {
			shrinking.1 = Some(std::panic::take_hook());
			std::panic::set_hook(Box::new(|_| {}));
		}
		shrinking.0 += 1;
		QuietPanics
	}
}

impl Drop for QuietPanics {
	fn drop(&mut self) {
		let mut shrinking = SHRINKING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		shrinking.0 -= 1;
		if shrinking.0 == 0 {
			if let Some(hook) = shrinking.1.take() {
				std::panic::set_hook(hook);
			}
		}
	}
}

/// `Pallet.Error` of a refusal (or its debug form).
fn refusal_name(error: &sp_runtime::DispatchError) -> String {
	match error {
		sp_runtime::DispatchError::Module(module) => {
			module.message.map(str::to_string).unwrap_or_else(|| format!("{module:?}"))
		},
		other => format!("{other:?}"),
	}
}

#[cfg(test)]
mod tests {
	use super::QuietPanics;
	use std::sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	};

	/// Two threads' silences that overlap, ended in the order they began, put back the hook
	/// in place before them: a later panic is heard again.
	#[test]
	fn overlapping_silences_put_the_hook_back() {
		let heard = Arc::new(AtomicBool::new(false));
		let flag = heard.clone();
		std::panic::set_hook(Box::new(move |_| flag.store(true, Ordering::SeqCst)));
		let first = QuietPanics::begin();
		let second = QuietPanics::begin();
		let _ = std::panic::catch_unwind(|| panic!("silenced"));
		assert!(!heard.load(Ordering::SeqCst));
		drop(first);
		let _ = std::panic::catch_unwind(|| panic!("still silenced"));
		assert!(!heard.load(Ordering::SeqCst));
		drop(second);
		let _ = std::panic::catch_unwind(|| panic!("heard"));
		assert!(heard.load(Ordering::SeqCst));
		let _ = std::panic::take_hook();
	}
}
