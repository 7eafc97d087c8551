//! The generated organizations, their members and the legacy user organizations.

use super::*;

/// Three organizations (a root, its child, another root) and the company name they share.
pub(super) fn organizations(rng: &mut Prng, base: OffsetDateTime) -> (String, Vec<Organization>) {
    // Organizations: a root, its child, another root.
    let company = (*rng.pick(COMPANIES)).to_owned();
    let org_names = [
        format!("{company} Holdings"),
        format!("{company} Europe"),
        format!("{} Ventures", rng.pick(COMPANIES)),
    ];
    let mut orgs: Vec<Organization> = Vec::new();
    for (i, name) in org_names.iter().enumerate() {
        let id = rng.hex32();
        let parent_id = if i == 1 {
            orgs.first().map(|o| o.id.clone())
        } else {
            None
        };
        let tags = match i {
            1 => vec!["emea".to_owned(), "child".to_owned()],
            _ => vec!["root".to_owned()],
        };
        let p = profile(rng, name);
        orgs.push(Organization {
            id,
            name: name.clone(),
            create_time: base - Duration::days(700 - 30 * i as i64),
            parent_id,
            profile: Some(p),
            flags: [
                "enabled".to_owned(),
                "enabled".to_owned(),
                if i == 2 { "disabled" } else { "enabled" }.to_owned(),
                "enabled".to_owned(),
                if i == 1 { "disabled" } else { "enabled" }.to_owned(),
            ],
            hierarchy_tags: tags,
            managed_by: String::new(),
        });
    }

    (company, orgs)
}

/// Three legacy user organizations (2 `member`, 1 `invited`).
pub(super) fn user_orgs(rng: &mut Prng) -> Vec<UserOrg> {
    (0..3)
        .map(|i| UserOrg {
            id: rng.hex32(),
            name: format!("{}, Inc.", rng.pick(COMPANIES)),
            status: if i == 2 { "invited" } else { "member" }.to_owned(),
            roles: vec![
                if i == 0 {
                    "All Privileges - Super Administrator"
                } else {
                    "Administrator Read Only"
                }
                .to_owned(),
            ],
            permissions: if i == 0 {
                vec![
                    "#zones:read".into(),
                    "#zones:edit".into(),
                    "#billing:read".into(),
                    "#billing:edit".into(),
                ]
            } else {
                vec!["#zones:read".into(), "#analytics:read".into()]
            },
        })
        .collect()
}

/// The organizations' members: the user, then 25, 3 and 2 others.
pub(super) fn org_members(rng: &mut Prng, user: &User, orgs: &[Organization]) -> Vec<OrgMember> {
    // Organization members.
    let mut org_members = Vec::new();
    for (oi, org) in orgs.iter().enumerate() {
        let domain = format!("{}.example", slug(&org.name));
        org_members.push(OrgMember {
            id: rng.hex32(),
            org_id: org.id.clone(),
            user_id: user.id.clone(),
            email: user.email.clone(),
            name: format!(
                "{} {}",
                user.first_name.clone().unwrap_or_default(),
                user.last_name.clone().unwrap_or_default()
            ),
            two_factor_enabled: true,
            status: "active".to_owned(),
            create_time: org.create_time,
            update_time: org.create_time,
        });
        let n = [25, 3, 2].get(oi).copied().unwrap_or(2);
        for k in 0..n {
            let (first, last, email) = person(rng, &domain, k);
            let status = match k % 10 {
                3 => "pending",
                7 => "canceled",
                9 => "rejected",
                _ => "active",
            };
            let created = org.create_time + Duration::days(5 * k as i64 + 1);
            org_members.push(OrgMember {
                id: rng.hex32(),
                org_id: org.id.clone(),
                user_id: rng.hex32(),
                email,
                name: format!("{first} {last}"),
                two_factor_enabled: rng.chance(1, 2),
                status: status.to_owned(),
                create_time: created,
                update_time: created + Duration::days(rng.range(0, 30) as i64),
            });
        }
    }

    org_members
}
