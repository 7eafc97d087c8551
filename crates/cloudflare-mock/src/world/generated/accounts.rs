//! The generated accounts, their members and the user's invites.

use super::*;

/// 15 accounts: 12 the user can access, then 3 where they are only invited.
pub(super) fn accounts(
    rng: &mut Prng,
    base: OffsetDateTime,
    company: &str,
    orgs: &[Organization],
) -> Vec<Account> {
    // Accounts: 12 accessible, then 3 where the user is only invited.
    let mut used_names = std::collections::HashSet::new();
    let mut accounts = Vec::new();
    for i in 0..15usize {
        let name = if i == 0 {
            format!("{company} Production")
        } else {
            loop {
                let n = format!("{} {}", rng.pick(COMPANIES), rng.pick(SUFFIXES));
                if used_names.insert(n.clone()) && n != format!("{company} Production") {
                    break n;
                }
            }
        };
        let org_idx = match i {
            0..=6 => 0,
            7..=9 => 1,
            _ => 2,
        };
        let id = rng.hex32();
        let p = profile(rng, &name);
        let created_days = rng.range(30, 900) as i64;
        let account_roles = roles(rng);
        accounts.push(Account {
            id,
            kind: if i == 0 || i == 7 {
                "enterprise"
            } else {
                "standard"
            }
            .to_owned(),
            created_on: base - Duration::days(created_days),
            abuse_contact_email: (i % 3 == 0).then(|| format!("abuse@{}.example", slug(&name))),
            enforce_twofactor: i % 4 == 0,
            api_access_enabled: true,
            org_id: orgs.get(org_idx).map(|o| o.id.clone()).unwrap_or_default(),
            profile: p,
            roles: account_roles,
            resource_group_id: rng.hex32(),
            name,
        });
    }

    accounts
}

/// The members of every account (the user's own membership first) and the invites of the
/// accounts the user is only invited to.
pub(super) fn members(
    rng: &mut Prng,
    base: OffsetDateTime,
    user: &User,
    accounts: &[Account],
    pg_id: &dyn Fn(&str) -> String,
) -> (Vec<Member>, Vec<Invite>) {
    // Members.
    let mut members = Vec::new();
    let mut invites = Vec::new();
    for (ai, acc) in accounts.iter().enumerate() {
        let domain = format!("{}.example", slug(&acc.name));
        let role_id = |n: usize| acc.roles.get(n).map(|r| r.id.clone()).unwrap_or_default();
        let accessible = ai < 12;
        // The user's own membership.
        let own_status = if accessible { "accepted" } else { "pending" };
        let own_id = rng.hex32();
        members.push(Member {
            id: own_id.clone(),
            account_id: acc.id.clone(),
            user_id: user.id.clone(),
            email: user.email.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            two_factor_enabled: true,
            status: own_status.to_owned(),
            role_ids: vec![role_id(if accessible { 0 } else { 2 })],
            policies: vec![MemberPolicy {
                id: rng.hex32(),
                access: "allow".to_owned(),
                permission_group_ids: vec![pg_id("Account Settings Write"), pg_id("Billing Write")],
                resource_group_ids: vec![acc.resource_group_id.clone()],
            }],
        });
        if !accessible {
            let (inviter_first, inviter_last, _) = person(rng, &domain, 0);
            invites.push(Invite {
                id: rng.hex32(),
                member_id: own_id,
                account_id: acc.id.clone(),
                invited_by: format!(
                    "{}.{}@{domain}",
                    inviter_first.to_ascii_lowercase(),
                    inviter_last.to_ascii_lowercase()
                ),
                invited_on: base - Duration::days(3 + ai as i64),
                expires_on: if ai == 14 {
                    base - Duration::days(1)
                } else {
                    time::macros::datetime!(2099-01-01 00:00:00 UTC)
                },
                status: if ai == 14 { "expired" } else { "pending" }.to_owned(),
                roles: vec![acc.roles.get(2).map(|r| r.name.clone()).unwrap_or_default()],
            });
        }
        let others = if ai == 0 {
            62
        } else {
            rng.range(1, 5) as usize
        };
        for n in 0..others {
            let (first, last, email) = person(rng, &domain, n);
            let status = if n % 9 == 4 { "pending" } else { "accepted" };
            let mut role_ids = vec![role_id(1 + rng.below(13) as usize)];
            if rng.chance(1, 4) {
                let extra = role_id(1 + rng.below(13) as usize);
                if !role_ids.contains(&extra) {
                    role_ids.push(extra);
                }
            }
            let policies = if rng.chance(1, 2) {
                let a = pg_id(rng.pick::<&str>(MEMBER_PGS));
                let b = pg_id(rng.pick::<&str>(MEMBER_PGS));
                let mut ids = vec![a];
                if !ids.contains(&b) {
                    ids.push(b);
                }
                vec![MemberPolicy {
                    id: rng.hex32(),
                    access: if rng.chance(1, 8) { "deny" } else { "allow" }.to_owned(),
                    permission_group_ids: ids,
                    resource_group_ids: vec![acc.resource_group_id.clone()],
                }]
            } else {
                Vec::new()
            };
            members.push(Member {
                id: rng.hex32(),
                account_id: acc.id.clone(),
                user_id: rng.hex32(),
                email,
                first_name: Some(first),
                last_name: Some(last),
                two_factor_enabled: rng.chance(2, 3),
                status: status.to_owned(),
                role_ids,
                policies,
            });
        }
    }

    (members, invites)
}
