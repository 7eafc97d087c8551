use cloudflare_core::accounts::{self, AccountSettings, AccountType, Unit};
use cloudflare_core::{Config, Direction, Operation};

use super::Named;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

pub fn requests(config: &Config) -> Vec<Named> {
    vec![
        (
            "accounts.list",
            accounts::List {
                name: Some("Demo Account & co".into()),
                page: Some(2),
                per_page: Some(50),
                direction: Some(Direction::Desc),
            }
            .to_request(config),
        ),
        (
            "accounts.get",
            accounts::Get::new(ACCOUNT).to_request(config),
        ),
        (
            "accounts.create",
            accounts::Create {
                name: "Demo Account".into(),
                account_type: Some(AccountType::Enterprise),
                unit: Some(Unit {
                    id: Some("f267e341f3dd4697bd3b9f71dd96247f".into()),
                }),
            }
            .to_request(config),
        ),
        (
            "accounts.update",
            accounts::Update {
                settings: Some(AccountSettings {
                    abuse_contact_email: Some("abuse@example.com".into()),
                    enforce_twofactor: Some(true),
                }),
                ..accounts::Update::new(ACCOUNT, "Renamed", AccountType::Standard)
            }
            .to_request(config),
        ),
        (
            "accounts.delete",
            accounts::Delete::new(ACCOUNT).to_request(config),
        ),
    ]
}
