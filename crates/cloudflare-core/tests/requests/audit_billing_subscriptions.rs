use cloudflare_core::Config;

use super::Named;

pub fn requests(_config: &Config) -> Vec<Named> {
    vec![]
}
