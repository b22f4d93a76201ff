//! Builds the guest component (the workspace root crate) for wasm32-wasip2
//! and points `GHL_COMPONENT_WASM` at it; also turns every fixture under
//! `tests/fixtures/` into one test function (and each trigger's fixture
//! into one polling test).
//!
//! The nested cargo gets its own target dir (so it does not wait on the
//! outer build's lock) and a clean environment (so the outer build's flags,
//! clippy wrapper and target settings do not leak into the wasm build).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn keep_env(name: &str) -> bool {
    if let Some(rest) = name.strip_prefix("CARGO_") {
        return rest == "HOME"
            || rest.starts_with("REGISTRIES_")
            || rest.starts_with("REGISTRY_")
            || rest.starts_with("NET_")
            || rest.starts_with("HTTP_")
            || rest == "TERM_COLOR";
    }
    !(name.starts_with("RUSTC")
        || name.starts_with("RUSTDOC")
        || matches!(
            name,
            "RUSTFLAGS"
                | "CARGO"
                | "TARGET"
                | "HOST"
                | "PROFILE"
                | "OPT_LEVEL"
                | "DEBUG"
                | "OUT_DIR"
                | "NUM_JOBS"
                | "CARGO_MAKEFLAGS"
                | "MAKEFLAGS"
                | "MFLAGS"
        ))
}

fn build_guest(root: &Path) -> PathBuf {
    let target_dir = root.join("target").join("guest");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root).args([
        "build",
        "--profile",
        "component",
        "--locked",
        "--target",
        "wasm32-wasip2",
        "-p",
        "ghl-connector",
        "--target-dir",
    ]);
    cmd.arg(&target_dir);
    for (name, _) in env::vars_os() {
        if let Some(name) = name.to_str()
            && !keep_env(name)
        {
            cmd.env_remove(name);
        }
    }
    let output = cmd
        .output()
        .expect("run cargo to build the guest component");
    if !output.status.success() {
        panic!(
            "building the guest component failed (is the wasm32-wasip2 target installed? \
             `rustup target add wasm32-wasip2`):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let wasm = target_dir.join("wasm32-wasip2/component/ghl_connector.wasm");
    strip_custom_sections(&wasm);
    wasm
}

/// Drops the component's top-level custom sections (`component-name`,
/// `producers`: 11 KB of names nothing reads at run time; `strip = true`
/// only reaches the core module inside). Rewritten through a new file, so
/// cargo's hard-linked copy under `deps/` keeps the linker's output.
fn strip_custom_sections(path: &Path) {
    let bytes = fs::read(path).expect("read the built component");
    // The 8-byte preamble, then sections: id, LEB128 size, contents.
    let mut kept = bytes[..8].to_vec();
    let mut at = 8;
    while at < bytes.len() {
        let start = at;
        let id = bytes[at];
        at += 1;
        let (mut size, mut shift) = (0usize, 0);
        loop {
            let byte = bytes[at];
            at += 1;
            size |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte < 0x80 {
                break;
            }
        }
        at += size;
        if id != 0 {
            kept.extend_from_slice(&bytes[start..at]);
        }
    }
    if kept.len() < bytes.len() {
        let partial = path.with_extension("wasm.tmp");
        fs::write(&partial, &kept).expect("write the stripped component");
        fs::rename(&partial, path).expect("replace the component");
    }
}

fn fixture_tests(root: &Path, out: &Path) {
    let dir = root.join("tests").join("fixtures");
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "json"));
    names.sort();
    let mut code = String::new();
    let mut triggers = String::new();
    let mut keys = Vec::new();
    let mut trigger_keys = Vec::new();
    // The first successful response of each fixture: the sandbox's canned
    // answer for that operation.
    let mut canned = serde_json::Map::new();
    for path in &names {
        let key = path.file_stem().unwrap().to_string_lossy().to_string();
        let ident: String = key
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        writeln!(
            code,
            "#[test]\nfn {ident}() {{\n    fixtures::run_file({key:?}, include_str!({path:?}));\n}}\n",
            path = path.display().to_string()
        )
        .unwrap();
        // A trigger's fixture also describes how it polls (`"poll"`).
        let text = fs::read_to_string(path).expect("read fixture");
        let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
        let success = fixture["cases"].as_array().and_then(|cases| {
            cases.iter().find(|c| {
                !c["request"].is_null()
                    && c.get("error").is_none()
                    && c["response"]["status"].as_u64().unwrap_or(200) < 300
            })
        });
        if let Some(case) = success {
            canned.insert(key.clone(), case["response"].clone());
        }
        if text.contains("\"poll\":") {
            writeln!(
                triggers,
                "#[test]\nfn {ident}() {{\n    harness::run_file({key:?}, include_str!({path:?}));\n}}\n",
                path = path.display().to_string()
            )
            .unwrap();
            trigger_keys.push(key.clone());
        }
        keys.push(key);
    }
    writeln!(
        triggers,
        "/// Keys whose fixture has a `poll` section.\npub const TRIGGER_KEYS: &[&str] = &{trigger_keys:?};"
    )
    .unwrap();
    fs::write(out.join("trigger_tests.rs"), triggers).unwrap();
    fs::write(
        out.join("sandbox_canned.json"),
        serde_json::Value::Object(canned).to_string(),
    )
    .unwrap();
    writeln!(
        code,
        "/// Keys that have a fixture file.\npub const FIXTURE_KEYS: &[&str] = &{keys:?};"
    )
    .unwrap();
    fs::write(out.join("fixture_tests.rs"), code).unwrap();
    println!("cargo:rerun-if-changed={}", dir.display());
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.parent().unwrap().to_path_buf();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    for watched in ["src", "wit", "build.rs", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let wasm = build_guest(&root);
    println!("cargo:rustc-env=GHL_COMPONENT_WASM={}", wasm.display());
    fixture_tests(&root, &out);
}
