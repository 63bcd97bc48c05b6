//! The frozen stdlib is compiled by a macro from vendor/stdlib-frozen (made by
//! scripts/vendor-rustpython.sh); cargo cannot see that input unless told.
fn main() {
    println!("cargo:rerun-if-changed=../../vendor/stdlib-frozen");
    println!("cargo:rerun-if-changed=build.rs");
}
