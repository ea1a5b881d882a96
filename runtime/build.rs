fn main() {
	#[cfg(feature = "std")]
	{
		// The cargo target directory lives outside the checkout, so the wasm builder cannot find
		// the workspace's Cargo.lock by walking up from it: point it at the workspace here, for
		// this runtime only (dependencies that build their own wasm must not get the hint).
		let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
		std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
