use cloudflare_core::Direction;
use cloudflare_core::accounts::{self, AccountSettings, AccountType, Unit};

use crate::{Case, Ids, case};

pub(crate) fn full(ids: &Ids) -> Vec<Box<dyn Case>> {
    vec![
        case(accounts::List {
            name: Some("Demo Account & co".into()),
            page: Some(2),
            per_page: Some(50),
            direction: Some(Direction::Desc),
        }),
        case(accounts::Get::new(&ids.account)),
        case(accounts::Create {
            name: "Demo Account".into(),
            account_type: Some(AccountType::Enterprise),
            unit: Some(Unit {
                id: Some(ids.unit.clone()),
            }),
        }),
        case(accounts::Update {
            settings: Some(AccountSettings {
                abuse_contact_email: Some("abuse@example.com".into()),
                enforce_twofactor: Some(true),
            }),
            ..accounts::Update::new(&ids.account, "Renamed", AccountType::Standard)
        }),
        case(accounts::Delete::new(&ids.account)),
    ]
}
