fn main() {
	#[cfg(feature = "std")]
	{
		// The cargo target directory lives outside the checkout, so the wasm builder cannot find
		// the workspace's Cargo.lock by walking up from it: point it at the workspace here, for
		// this runtime only (dependencies that build their own wasm must not get the hint).
		// Read at run time: the compiled build script is shared through the target directory
		// by every checkout (a CI clone elsewhere included), so a path baked in at compile
		// time can name another checkout.
		let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it; qed");
		let workspace = std::path::Path::new(&manifest_dir).join("..");
		std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
