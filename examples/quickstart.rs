//! Quickstart: coming soon (the emulator and clients are being built).

fn main() {
    println!(
        "cloudflare SDK quickstart: {} operations in the catalogue; the full walkthrough on the local emulator is coming soon.",
        cloudflare_core::catalogue().len()
    );
}
